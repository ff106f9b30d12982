"""store.fetching.Fetcher against the recorded answers, served over real HTTP on 127.0.0.1.

The services' answers are the recorded ones of tests/data/net (routed by
tests/recorded_server.serve_recorded); no answer is invented except the
failures (a 503, nothing at all). Time is a fake clock: pacing is checked on
it, and nothing really waits.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from readlist.store.errors import InputError, ServiceError
from readlist.store.fetching import ARXIV_SOURCE, HF_SOURCE, Fetcher
from readlist.store.importers import hf_json
from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.services import DEFAULT_URLS, ServiceConfig, arxiv, huggingface
from readlist.store.settings import Settings
from tests.fake_clock import FakeClock
from tests.recorded_server import (
    CSL_DOI,
    HF_DAILY,
    HF_DAY,
    NET,
    Answer,
    RecordedServer,
    serve_recorded,
)

DAILY = huggingface.DAILY_PATH
QUERY = arxiv.QUERY_PATH


def at(text: str):
    """A ``now`` for the Fetcher: always ``text`` (ISO 8601, UTC)."""
    when = datetime.fromisoformat(text).replace(tzinfo=UTC)
    return lambda: when


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def config_of(url: str, **follow) -> ServiceConfig:
    return ServiceConfig(urls={name: url for name in DEFAULT_URLS}, **follow)


@pytest.fixture
def fetcher_of(server, clock):
    """Makes Fetchers of a library against ``server`` on the fake clock (closed after the test)."""
    made: list[Fetcher] = []

    def make(library: Library, *, now: str = "2026-06-14T12:00:00", url: str | None = None,
             config: ServiceConfig | None = None, **options) -> Fetcher:
        fetcher = Fetcher(library, config or config_of(url or server.url), clock=clock, sleep=clock.sleep,
                          now=at(now), **options)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def recorded_daily_papers():
    """The 30 papers of the recorded Daily Papers answer, as the importer reads the file."""
    result = hf_json.IMPORTER.parse((NET / HF_DAILY).read_text(encoding="utf-8"), HF_DAILY)
    assert len(result.papers) == 30 and not result.rejected
    return result.papers


def asked_days(server: RecordedServer) -> list[str]:
    return [r.query["date"] for r in server.requests_to(DAILY)]


# -- Hugging Face Daily Papers -------------------------------------------------------------


def test_daily_adds_the_recorded_papers_as_new(server, empty_library, fetcher_of):
    serve_recorded(server)
    report = fetcher_of(empty_library).daily(day=HF_DAY)
    assert report.error is None
    assert len(report.added) == 30 and report.updated == [] and report.skipped == []
    assert report.summary() == f"Hugging Face Daily Papers {HF_DAY}: 30 added, 0 updated, 0 skipped"
    expected = {p.arxiv_id: p.votes for p in recorded_daily_papers()}
    reopened = Library.open(empty_library.home, bundled=False)
    assert sorted(reopened.ids()) == sorted(report.added)
    for paper_id in report.added:
        paper = reopened.paper(paper_id)
        assert reopened.state(paper_id).status == Status.NEW
        assert paper.source == "huggingface.co"
        assert paper.votes == expected[paper.arxiv_id]
        assert paper.title and paper.abstract
    (request,) = server.requests_to(DAILY)
    assert request.query == {"date": HF_DAY, "limit": str(huggingface.PAGE_SIZE), "p": "0"}


def test_daily_again_adds_nothing(server, empty_library, fetcher_of):
    serve_recorded(server)
    fetcher = fetcher_of(empty_library)
    first = fetcher.daily(day=HF_DAY)
    again = fetcher.daily(day=HF_DAY)
    assert again.error is None
    assert again.added == [] and again.updated == []
    assert sorted(again.skipped) == sorted(first.added) and len(again.skipped) == 30
    assert not again.changed
    assert len(empty_library) == 30


def test_refetch_updates_votes_and_keeps_the_readers_state(server, empty_library, fetcher_of):
    serve_recorded(server)
    papers = recorded_daily_papers()
    # The library has these papers from an earlier import, with other vote counts.
    plan = empty_library.add_papers([dataclasses.replace(p, votes=(p.votes or 0) + 1000) for p in papers])
    assert len(plan.added) == 30
    ids = plan.added
    empty_library.set_status(ids[:3], Status.TO_READ)
    empty_library.set_tags(ids[3], ["vision", "keep"])
    empty_library.set_note(ids[4], "read the appendix")
    states = {pid: empty_library.state(pid) for pid in ids}

    report = fetcher_of(empty_library).daily(day=HF_DAY)

    assert report.error is None
    assert report.added == [] and report.skipped == []
    assert sorted(report.updated) == sorted(ids)
    reopened = Library.open(empty_library.home, bundled=False)
    recorded_votes = {p.id: p.votes for p in papers}
    assert {pid: reopened.paper(pid).votes for pid in ids} == recorded_votes
    assert {pid: reopened.state(pid) for pid in ids} == states
    assert reopened.state(ids[0]).status == Status.TO_READ
    assert reopened.state(ids[3]).tags == ("keep", "vision")
    assert reopened.state(ids[4]).note == "read the appendix"


def test_daily_asks_the_next_page_when_one_is_full(server, empty_library, fetcher_of, monkeypatch):
    monkeypatch.setattr(huggingface, "PAGE_SIZE", 30)
    serve_recorded(server)
    report = fetcher_of(empty_library).daily(day=HF_DAY)
    assert report.error is None and len(report.added) == 30
    asked = [r.query for r in server.requests_to(DAILY)]
    assert [q["p"] for q in asked] == ["0", "1"]
    assert all(q["limit"] == "30" and q["date"] == HF_DAY for q in asked)


def test_daily_asks_one_page_when_it_is_not_full(server, empty_library, fetcher_of):
    serve_recorded(server)  # 30 papers < PAGE_SIZE (50)
    fetcher_of(empty_library).daily(day=HF_DAY)
    assert [r.query["p"] for r in server.requests_to(DAILY)] == ["0"]


def test_week_and_month_are_asked_as_such(server, empty_library, fetcher_of):
    serve_recorded(server)
    fetcher = fetcher_of(empty_library)
    assert fetcher.daily(week="2026-W24").error is None
    assert fetcher.daily(month="2026-06").error is None
    asked = [r.query for r in server.requests_to(DAILY)]
    assert asked[0].get("week") == "2026-W24" and "date" not in asked[0]
    assert asked[1].get("month") == "2026-06" and "date" not in asked[1]


# -- which days -----------------------------------------------------------------------------


def test_days_to_fetch_first_run_is_seven_days(empty_library, fetcher_of):
    assert fetcher_of(empty_library, now="2026-12-04T08:00:00").days_to_fetch() == [
        "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]


def test_days_to_fetch_after_a_fetch(server, empty_library, fetcher_of):
    serve_recorded(server)  # every one of those days is answered [] (no paper recorded)
    report = fetcher_of(empty_library, now="2026-12-02T23:00:00").daily()
    assert report.error is None
    assert report.source == "Hugging Face Daily Papers 2026-11-26 to 2026-12-02"
    assert asked_days(server) == ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
                                  "2026-12-01", "2026-12-02"]
    assert Settings(empty_library).last_fetched(HF_SOURCE) == "2026-12-02"
    later = fetcher_of(empty_library, now="2026-12-04T06:00:00")
    assert later.days_to_fetch() == ["2026-12-02", "2026-12-03", "2026-12-04"]


@pytest.mark.parametrize(("last", "days"), [
    ("2026-12-04", ["2026-12-04"]),  # fetched today: today again
    ("2026-12-09", ["2026-12-04"]),  # a day in the future (a clock that was wrong): today
    ("2025-01-01", ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03",
                    "2026-12-04"]),  # long ago: at most seven days
    ("yesterday", ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03",
                   "2026-12-04"]),  # unreadable: as the first time
])
def test_days_to_fetch_bounds(empty_library, fetcher_of, last, days):
    Settings(empty_library).set_fetched({HF_SOURCE: last})
    assert fetcher_of(empty_library, now="2026-12-04T08:00:00").days_to_fetch() == days


def test_interrupted_fetch_keeps_what_it_got_and_resumes(server, empty_library, fetcher_of):
    broken = server.route(DAILY, Answer(b"upstream down", 503, {"Content-Type": "text/plain"}),
                          when=lambda q: q.get("date") == "2026-06-13")
    serve_recorded(server)
    fetcher = fetcher_of(empty_library, now="2026-06-14T12:00:00", retries=0)

    report = fetcher.daily()

    assert isinstance(report.error, ServiceError) and "HTTP 503" in str(report.error)
    assert report.error.service == "Hugging Face"
    assert asked_days(server) == ["2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11", "2026-06-12",
                                  "2026-06-13"]  # stopped there: 06-14 not asked
    assert len(report.added) == 30  # 06-12 was stored before 06-13 was asked for
    assert len(Library.open(empty_library.home, bundled=False)) == 30
    assert Settings(empty_library).last_fetched(HF_SOURCE) == "2026-06-12"
    assert report.note == "stopped at 2026-06-13; the next fetch resumes there"
    assert "resumes" in report.summary() and "30 added" in report.summary() and "kept" in report.summary()

    server.routes.remove(broken)  # the service is back
    server.requests.clear()
    again = fetcher.daily()

    assert again.error is None and again.note == ""
    assert asked_days(server) == ["2026-06-12", "2026-06-13", "2026-06-14"]  # from the last good day
    assert again.added == [] and len(again.skipped) == 30
    assert Settings(empty_library).last_fetched(HF_SOURCE) == "2026-06-14"


def test_first_day_failing_changes_nothing(server, empty_library, fetcher_of):
    server.route(DAILY, Answer(b"", 503))
    report = fetcher_of(empty_library, retries=0).daily()
    assert "HTTP 503" in str(report.error) and report.note == ""
    assert report.summary().endswith("the library is unchanged")
    assert Settings(empty_library).last_fetched(HF_SOURCE) is None
    assert len(server.requests_to(DAILY)) == 1


def test_a_503_is_retried_within_a_fetch(server, empty_library, fetcher_of, clock):
    first_page = lambda q: q.get("date") == HF_DAY  # noqa: E731
    server.route(DAILY, Answer(b"", 503, {"Retry-After": "5"}), when=lambda q: first_page(q) and not clock.sleeps)
    serve_recorded(server)
    report = fetcher_of(empty_library).daily(day=HF_DAY)
    assert report.error is None and len(report.added) == 30
    assert clock.sleeps == [5.0]


# -- arXiv ----------------------------------------------------------------------------------


def test_arxiv_adds_the_recorded_submissions_paced(server, empty_library, fetcher_of, clock):
    starts: list[float] = []
    # Seen first by every query, answers none: notes the fake time each request arrived.
    server.route(QUERY, Answer(), when=lambda _q: bool(starts.append(clock.now)))
    serve_recorded(server)
    fetcher = fetcher_of(empty_library, now="2026-06-12T00:00:00")

    report = fetcher.arxiv(["cs.CV"])

    assert report.error is None, report.error
    assert len(report.added) == 5
    reopened = Library.open(empty_library.home, bundled=False)
    assert sorted(reopened.paper(pid).arxiv_id for pid in reopened.ids()) == [
        "2606.13501", "2606.13515", "2606.13568", "2606.13591", "2606.13677"]
    assert all(reopened.state(pid).status == Status.NEW for pid in reopened.ids())
    assert all(reopened.paper(pid).source == "arxiv.org" for pid in reopened.ids())
    asked = [r.query for r in server.requests_to(QUERY)]
    assert len(asked) == 2 == len(starts)  # the recorded page, then an empty one after it
    assert [q["start"] for q in asked] == ["0", "5"]
    for query in asked:
        assert "cat:cs.CV" in query["search_query"]
        assert "submittedDate:[" in query["search_query"]
        assert query["sortBy"] == "submittedDate" and query["sortOrder"] == "descending"
    assert asked[0]["search_query"] == "(cat:cs.CV) AND submittedDate:[202606050000 TO 202606120000]"
    assert starts[1] - starts[0] >= arxiv.MIN_INTERVAL
    assert clock.sleeps == [arxiv.MIN_INTERVAL]
    assert Settings(empty_library).last_fetched(ARXIV_SOURCE + "cs.CV") == "2026-06-12T00:00:00+00:00"


def test_arxiv_next_fetch_starts_at_the_last(server, empty_library, fetcher_of):
    serve_recorded(server)
    fetcher_of(empty_library, now="2026-06-12T00:00:00").arxiv(["cs.CV", "cs.CL"])
    server.requests.clear()
    report = fetcher_of(empty_library, now="2026-06-12T06:30:00").arxiv(["cs.CV", "cs.CL"])
    assert report.error is None and report.added == [] and len(report.skipped) == 5
    query = server.requests_to(QUERY)[0].query["search_query"]
    assert query == "(cat:cs.CV OR cat:cs.CL) AND submittedDate:[202606120000 TO 202606120630]"


def test_followed_fetches_what_follow_names(server, empty_library, fetcher_of):
    serve_recorded(server)
    config = config_of(server.url, follow_huggingface=True, follow_arxiv=("cs.CV",))
    reports = fetcher_of(empty_library, now="2026-06-12T12:00:00", config=config).followed()
    assert [r.error for r in reports] == [None, None]
    assert [len(r.added) for r in reports] == [30, 5]
    assert fetcher_of(empty_library, config=config_of(server.url)).followed() == []


# -- add by identifier --------------------------------------------------------------------------


def test_add_by_arxiv_id_and_doi(server, empty_library, fetcher_of):
    serve_recorded(server)
    fetcher = fetcher_of(empty_library)
    by_id, by_doi, junk = fetcher.add(["1605.08386", f"https://doi.org/{CSL_DOI.upper()}", "not a paper"])

    assert by_id.error is None and by_id.outcome == "added"
    paper = empty_library.paper(by_id.paper_id)
    assert paper.title == by_id.title == "Heat-bath random walks with Markov bases"
    assert paper.authors == ("Caprice Stanley", "Tobias Windisch")
    assert paper.url == "https://arxiv.org/abs/1605.08386"
    assert paper.arxiv_id == "1605.08386" and paper.source == "arxiv.org"

    assert by_doi.error is None and by_doi.outcome == "added"
    water = empty_library.paper(by_doi.paper_id)
    assert water.title == "The Structure of Ordinary Water"
    assert water.authors and "Frank" in water.authors[0]
    assert water.doi == CSL_DOI and water.source == "doi.org"

    assert isinstance(junk.error, InputError) and junk.error.source == "not a paper"
    assert junk.paper_id == "" and junk.outcome == ""
    assert "not a paper" in junk.summary()

    assert [r.query["id_list"] for r in server.requests_to(QUERY)] == ["1605.08386"]
    assert len(server.requests_to("/" + CSL_DOI)) == 1
    assert sorted(Library.open(empty_library.home, bundled=False).ids()) == sorted([by_id.paper_id, by_doi.paper_id])

    (again,) = fetcher.add(["arXiv:1605.08386v1"])
    assert again.outcome == "already there" and again.paper_id == by_id.paper_id


def test_add_an_id_arxiv_does_not_have(server, empty_library, fetcher_of):
    serve_recorded(server)
    missing, found = fetcher_of(empty_library).add(["0808.05394", "1707.08567"])
    assert isinstance(missing.error, ServiceError)
    assert "no paper 0808.05394" in str(missing.error)
    assert found.error is None and found.outcome == "added"
    assert empty_library.paper(found.paper_id).arxiv_id == "1707.08567"
    assert len(empty_library) == 1
    assert [r.query["id_list"] for r in server.requests_to(QUERY)] == ["0808.05394,1707.08567"]  # one request


def test_add_only_junk_asks_nothing(server, empty_library, fetcher_of):
    serve_recorded(server)
    (result,) = fetcher_of(empty_library).add(["hello"])
    assert isinstance(result.error, InputError)
    assert server.requests == []
    assert len(empty_library) == 0


def test_add_a_paper_page_the_hub_does_not_know(server, empty_library, fetcher_of):
    serve_recorded(server)  # no /api/papers/ route: 404
    (result,) = fetcher_of(empty_library).add(["https://huggingface.co/papers/2501.12345"])
    assert isinstance(result.error, ServiceError)
    assert str(result.error).startswith("Hugging Face: not found")
    assert server.requests_to("/api/papers/2501.12345")


# -- nobody answers -------------------------------------------------------------------------------


def test_server_stopped_every_method_reports_and_changes_nothing(library, home, fetcher_of):
    stopped = serve_recorded(RecordedServer()).start()
    url = stopped.url
    stopped.stop()
    some = library.ids()[:2]
    library.set_status(some[0], Status.READING)
    library.set_tags(some[1], ["keep"])
    before_ids = list(library.ids())
    before_states = {pid: library.state(pid) for pid in before_ids}
    config = config_of(url, follow_huggingface=True, follow_arxiv=("cs.CV",))
    fetcher = fetcher_of(library, url=url, config=config)

    reports = [fetcher.daily(day=HF_DAY), fetcher.daily(), fetcher.arxiv(["cs.CV"]), *fetcher.followed()]
    added = fetcher.add(["1605.08386", CSL_DOI, "https://huggingface.co/papers/2501.12345"])

    assert len(reports) == 5
    for report in reports:
        assert isinstance(report.error, ServiceError), report
        assert "cannot be reached" in str(report.error)
        assert not report.changed and report.note == ""
        assert report.summary().endswith("the library is unchanged")
    assert [r.error.service for r in reports] == ["Hugging Face", "Hugging Face", "arXiv", "Hugging Face", "arXiv"]
    for result in added:
        assert isinstance(result.error, ServiceError) and "cannot be reached" in str(result.error)
        assert result.paper_id == ""
    assert [r.error.service for r in added] == ["arXiv", "doi.org", "Hugging Face"]
    reopened = Library.open(home)
    assert reopened.ids() == before_ids
    assert {pid: reopened.state(pid) for pid in reopened.ids()} == before_states
    assert Settings(reopened).last_fetched(HF_SOURCE) is None
    assert Settings(reopened).last_fetched(ARXIV_SOURCE + "cs.CV") is None
