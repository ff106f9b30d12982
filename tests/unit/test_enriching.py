"""``readlist enrich`` (store.enriching) against the recorded arXiv search answer, served
by a real local server; arXiv's 3 s pacing runs on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.enriching import candidates, enrich
from readlist.store.fetching import Fetcher
from readlist.store.importers.base import build_paper
from readlist.store.library import Library
from readlist.store.services import ServiceConfig
from readlist.store.services.arxiv import parse_feed
from tests.fake_clock import FakeClock
from tests.recorded_server import ARXIV_CLASSIC, NET, RecordedServer, serve_recorded

RECORDED = parse_feed((NET / ARXIV_CLASSIC).read_bytes(), source="recorded").papers


@pytest.fixture
def server(server: RecordedServer) -> RecordedServer:
    """The recorded services."""
    return serve_recorded(server)


def fetcher_for(library: Library, server: RecordedServer, clock: FakeClock) -> Fetcher:
    config = ServiceConfig(urls={name: server.url for name in ("huggingface", "arxiv", "doi")})
    return Fetcher(library, config, clock=clock, sleep=clock.sleep)


def paper(**fields):
    return build_paper(source="mine.bib", source_format="bibtex", **fields)


def test_a_derived_title_is_matched_by_its_abstract_and_replaced(empty_library: Library, server) -> None:
    recorded = RECORDED[1]  # "Dreaming of atmospheres", 1511.08339
    empty_library.add_papers([paper(abstract=recorded.abstract)])
    [mine] = empty_library.ids()
    empty_library.set_status(mine, "to-read")
    clock = FakeClock()
    with fetcher_for(empty_library, server, clock) as fetcher:
        report = enrich(fetcher)
    assert [o.arxiv_id for o in report.matched] == ["1511.08339"]
    filled = empty_library.paper(mine)
    assert (filled.title, filled.title_derived, filled.arxiv_id) == ("Dreaming of atmospheres", False, "1511.08339")
    assert filled.authors == recorded.authors and filled.link == "https://arxiv.org/abs/1511.08339"
    assert empty_library.state(mine).status == "to-read"  # the reader's state is not touched
    [query] = server.requests_to("/api/query")
    assert query.query["search_query"].startswith("abs:")


def test_nothing_stored_is_overwritten(empty_library: Library, server) -> None:
    empty_library.add_papers([paper(title="Dreaming of atmospheres", date="2016", venue="My notes")])
    with fetcher_for(empty_library, server, FakeClock()) as fetcher:
        enrich(fetcher)
    filled = empty_library.paper(empty_library.ids()[0])
    assert (filled.date, filled.venue, filled.arxiv_id) == ("2016", "My notes", "1511.08339")


def test_a_match_the_library_has_already_is_doubtful_and_changes_nothing(empty_library: Library, server) -> None:
    empty_library.add_papers([RECORDED[1], paper(title="Dreaming of atmosphere", venue="elsewhere")])
    mine = empty_library.ids()[1]
    with fetcher_for(empty_library, server, FakeClock()) as fetcher:
        assert [p.id for p in candidates(fetcher)] == [mine]
        report = enrich(fetcher)
    [doubt] = report.doubtful
    assert doubt.paper_id == mine and "already in the library" in doubt.reason
    assert empty_library.paper(mine).arxiv_id == ""


def test_requests_are_paced_three_seconds_apart(empty_library: Library, server) -> None:
    empty_library.add_papers([paper(title="Dreaming of atmospheres"), paper(title="Zebra crossings at night"),
                              paper(title="Unraveling reported dreams with text analytics")])
    clock = FakeClock()
    with fetcher_for(empty_library, server, clock) as fetcher:
        report = enrich(fetcher)
    assert (len(report.matched), len(report.unmatched)) == (2, 1)
    assert clock.sleeps == [3.0, 3.0]


def test_a_failing_service_stops_and_keeps_what_was_matched(empty_library: Library, server, tmp_path: Path) -> None:
    empty_library.add_papers([paper(title="Dreaming of atmospheres"), paper(title="Zebra crossings at night")])
    clock = FakeClock()
    with fetcher_for(empty_library, server, clock) as fetcher:
        fetcher.client("arxiv")  # made while the server runs
        server.stop()
        report = enrich(fetcher)
    assert report.error is not None and "cannot be reached" in str(report.error)
    assert report.matched == [] and all(not empty_library.paper(i).arxiv_id for i in empty_library.ids())
