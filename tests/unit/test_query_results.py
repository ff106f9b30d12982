"""Queries evaluated on the bundled catalogue (store.evaluate via SearchIndex.search)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from store.library import Library
from store.models import Status
from store.search import SearchIndex


def found(library: Library, query: str, *, abstracts: bool = True) -> list[str]:
    index = SearchIndex.from_library(library)
    return [library.title_of(pid) for pid in index.search_ids(query, abstracts=abstracts)]


def by_title(library: Library, start: str) -> str:
    return next(pid for pid in library.ids() if library.title_of(pid).startswith(start))


@pytest.fixture
def annotated(library: Library) -> Library:
    """The bundled library with tags, notes, statuses and priorities."""
    gir, unifork, mammoth = (by_title(library, t) for t in ("GIR-Bench", "UniFork", "MammothModa2"))
    library.set_tags([gir, unifork], ["benchmark"])
    library.set_tags(mammoth, ["diffusion", "benchmark"])
    library.set_note(unifork, "Compare the Y-shaped branches with HBridge.")
    library.decide(gir, Status.TO_READ, priority=1)
    library.set_status(mammoth, Status.READ)
    return library


def test_typo_finds_the_word(library: Library) -> None:
    titles = found(library, "difusion")
    assert titles and all("diffusion" in (t.casefold() + library.abstract(by_title(library, t[:20])).casefold())
                          for t in titles[:5])


def test_exact_phrase_matches_as_typed(library: Library) -> None:
    assert found(library, '"flow matching objectives"')[0].startswith("MammothModa2")
    assert found(library, '"flow matching objective xyz"') == []


def test_fields(annotated: Library) -> None:
    assert found(annotated, "title:unifork") == [annotated.title_of(by_title(annotated, "UniFork"))]
    assert found(annotated, "title:mammoth")[0].startswith("MammothModa2")
    assert set(found(annotated, "tag:benchmark")) == {
        annotated.title_of(by_title(annotated, t)) for t in ("GIR-Bench", "UniFork", "MammothModa2")
    }
    assert found(annotated, "note:hbridge") == [annotated.title_of(by_title(annotated, "UniFork"))]
    assert found(annotated, "org:show")[0].startswith("Draw-In-Mind")
    assert found(annotated, 'abstract:"Needle QA"')[0].startswith("ViaRL")
    assert found(annotated, "abstract:grpo", abstracts=False) == found(annotated, "")  # left out of the fast pass


def test_status_and_is(annotated: Library) -> None:
    assert found(annotated, "status:read") == [annotated.title_of(by_title(annotated, "MammothModa2"))]
    assert len(found(annotated, "is:unread")) == 96
    assert len(found(annotated, "status:new")) == 95
    assert found(annotated, "is:noted") == [annotated.title_of(by_title(annotated, "UniFork"))]
    assert len(found(annotated, "is:tagged")) == 3
    assert found(annotated, "priority:1") == [annotated.title_of(by_title(annotated, "GIR-Bench"))]
    assert len(found(annotated, "priority:none")) == 96


def test_the_issue_example(annotated: Library) -> None:
    titles = found(annotated, "tag:benchmark is:unread votes:>=2")
    assert titles == [annotated.title_of(by_title(annotated, t)) for t in ("UniFork", "GIR-Bench")]


def test_numbers(library: Library) -> None:
    index = SearchIndex.from_library(library)
    for query, check in [
        ("votes:>=3", lambda p: p.votes is not None and p.votes >= 3),
        ("votes:2..3", lambda p: p.votes in (2, 3)),
        ("authors:<5", lambda p: p.authors_count is not None and p.authors_count < 5),
        ("authors:10", lambda p: p.authors_count == 10),
    ]:
        got = set(index.search_ids(query))
        assert got == {pid for pid in library.ids() if check(library.paper(pid, with_abstract=False))}, query
        assert got


def test_dates_without_a_year_never_match_a_year(library: Library) -> None:
    dates = {library.title_of(pid): library.paper(pid, with_abstract=False).date for pid in library.ids()}
    in_2024 = found(library, "date:2024")
    assert in_2024 and all(dates[t].endswith("2024") for t in in_2024)
    assert not any(d.endswith("2024") for t, d in dates.items() if t not in in_2024)
    october = found(library, "date:oct")  # month only: any year, and dates without one
    assert {dates[t] for t in october} >= {"Oct 13", "Oct 8, 2024", "Oct 2, 2023"}
    assert set(found(library, "date:oct-13")) == {t for t, d in dates.items() if d.startswith("Oct 13")}
    since = found(library, "date:2024-06..2024-12")
    assert {dates[t] for t in since} == {"Jun 18, 2024", "Sep 19, 2024", "Oct 8, 2024", "Dec 4, 2024", "Dec 9, 2024"}
    assert found(library, "date:>2024") == []  # the only later dates have no year


def test_changed(annotated: Library) -> None:
    assert len(found(annotated, "changed:<1d")) == 3
    assert found(annotated, "changed:>1d") == []
    index = SearchIndex.from_library(annotated)
    row, state = next(iter(index.states.items()))
    month_ago = (datetime.now(UTC) - timedelta(days=30)).isoformat().replace("+00:00", "Z")
    index.set_state(row, replace(state, changed=month_ago))
    assert index.search_ids("changed:>7d") == [index.ids[row]]


def test_logic(annotated: Library) -> None:
    everything = len(annotated)
    assert len(found(annotated, "-tag:benchmark")) == everything - 3
    assert len(found(annotated, "NOT tag:benchmark")) == everything - 3
    assert set(found(annotated, "title:unifork OR title:mammothmoda2")) == {
        annotated.title_of(by_title(annotated, t)) for t in ("UniFork", "MammothModa2")
    }
    assert found(annotated, "(title:unifork OR title:mammothmoda2) -status:read") == [
        annotated.title_of(by_title(annotated, "UniFork"))
    ]


def test_matched_words_are_reported_for_highlighting(library: Library) -> None:
    match = SearchIndex.from_library(library).search("difusion transfomer")
    assert {"diffusion", "transformer"} <= match.words
