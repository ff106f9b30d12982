"""Queries evaluated on the bundled catalogue (store.evaluate via SearchIndex.search)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from readlist.store.importers import read_file
from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.search import SearchIndex
from tests.conftest import TEST_DATA


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


def test_changed_within_other_terms(annotated: Library) -> None:
    unifork = annotated.title_of(by_title(annotated, "UniFork"))
    assert found(annotated, "is:noted changed:<1d") == [unifork]  # changed: given the rows so far
    assert found(annotated, "is:noted changed:>1d") == []


def iso_ago(**age: float) -> str:
    return (datetime.now(UTC) - timedelta(**age)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def titles_from(library: Library, source: str) -> set[str]:
    titles = {library.title_of(pid) for pid in library.ids()
              if library.paper(pid, with_abstract=False).source == source}
    assert titles, source
    return titles


@pytest.fixture
def imported(empty_library: Library, tmp_path: Path) -> Library:
    """A library of four real files: zotero.bib and "My Refs.bib" (BibTeX), an
    awesome list (Markdown) and Hugging Face JSON, imported as the CLI does."""
    refs = tmp_path / "My Refs.bib"
    shutil.copy(TEST_DATA / "bibtex" / "dblp.bib", refs)
    reports = empty_library.import_files([
        TEST_DATA / "bibtex" / "zotero.bib", TEST_DATA / "markdown" / "awesome-reasoning.md",
        TEST_DATA / "hf" / "daily_papers.json", refs,
    ])
    assert [r.format for r in reports] == ["bibtex", "markdown-list", "hf-json", "bibtex"]
    assert all(r.added for r in reports)
    return empty_library


def test_source_by_file_name(imported: Library) -> None:
    zotero = titles_from(imported, "zotero.bib")
    assert len(zotero) == 5
    assert set(found(imported, "source:zotero")) == zotero
    assert set(found(imported, "source:ZOTERO.BIB")) == zotero  # case aside
    assert set(found(imported, "source:reasoning")) == titles_from(imported, "awesome-reasoning.md")
    assert set(found(imported, "source:daily_papers")) == titles_from(imported, "daily_papers.json")
    assert found(imported, "source:nowhere.bib") == []


def test_source_by_format(imported: Library) -> None:
    bibtex = titles_from(imported, "zotero.bib") | titles_from(imported, "My Refs.bib")
    assert set(found(imported, "source:bibtex")) == bibtex
    assert set(found(imported, "source:markdown-list")) == titles_from(imported, "awesome-reasoning.md")
    assert set(found(imported, "source:hf-json")) == titles_from(imported, "daily_papers.json")
    assert set(found(imported, "source:json")) == titles_from(imported, "daily_papers.json")
    assert found(imported, 'source:"bib bibtex"') == []  # a match never spans the name and the format


def test_source_negated(imported: Library) -> None:
    everything = set(found(imported, ""))
    zotero = titles_from(imported, "zotero.bib")
    assert set(found(imported, "-source:zotero")) == everything - zotero
    assert set(found(imported, "NOT source:zotero")) == everything - zotero
    assert set(found(imported, "source:bibtex -source:zotero")) == titles_from(imported, "My Refs.bib")
    assert set(found(imported, "-source:bibtex")) == (
        titles_from(imported, "awesome-reasoning.md") | titles_from(imported, "daily_papers.json")
    )


def test_source_quoted(imported: Library) -> None:
    mine = titles_from(imported, "My Refs.bib")
    assert set(found(imported, 'source:"my refs.bib"')) == mine
    assert set(found(imported, 'source:"My Refs"')) == mine
    assert set(found(imported, 'source:"refs.bib" OR source:markdown')) == (
        mine | titles_from(imported, "awesome-reasoning.md")
    )
    everything = set(found(imported, ""))
    assert set(found(imported, '-source:"my refs.bib"')) == everything - mine
    assert found(imported, "source:my refs.bib") == []  # unquoted: source:my and the word refs.bib


@pytest.fixture
def aged(empty_library: Library) -> tuple[Library, dict[str, str]]:
    """zotero.bib's five papers added 30 minutes, 2 hours, 3 days, 40 days and
    400 days ago, then an awesome list added now; returns titles by age."""
    papers = read_file(TEST_DATA / "bibtex" / "zotero.bib").papers
    ages = ["30m", "2h", "3d", "40d", "400d"]
    times = [iso_ago(minutes=30), iso_ago(hours=2), iso_ago(days=3), iso_ago(days=40), iso_ago(days=400)]
    empty_library.add_papers([replace(paper, added=when) for paper, when in zip(papers, times, strict=True)])
    empty_library.import_files([TEST_DATA / "markdown" / "awesome-reasoning.md"])
    assert [empty_library.paper(p.id, with_abstract=False).added for p in papers] == times
    return empty_library, {age: empty_library.title_of(paper.id) for age, paper in zip(ages, papers, strict=True)}


def test_added(aged: tuple[Library, dict[str, str]]) -> None:
    library, by_age = aged
    just_now = titles_from(library, "awesome-reasoning.md")

    def added(*ages: str) -> set[str]:
        return {by_age[age] for age in ages}

    assert set(found(library, "added:<1d")) == just_now | added("30m", "2h")
    assert set(found(library, "added:>1d")) == added("3d", "40d", "400d")
    assert set(found(library, "added:<1h")) == just_now | added("30m")
    assert set(found(library, "added:>=1h")) == added("2h", "3d", "40d", "400d")
    assert set(found(library, "added:<1w")) == just_now | added("30m", "2h", "3d")
    assert set(found(library, "added:>1m")) == added("40d", "400d")
    assert set(found(library, "added:>1y")) == added("400d")
    assert set(found(library, "-added:<1d")) == added("3d", "40d", "400d")
    assert set(found(library, "source:zotero added:<1d")) == added("30m", "2h")
    assert set(found(library, "added:>2w OR added:<1h")) == just_now | added("30m", "40d", "400d")
    assert found(library, "changed:>1d") == []  # added is not changed


def test_added_times_that_are_not_times_match_no_age() -> None:
    ids = ["blank", "garbage", "naive", "now"]
    index = SearchIndex(ids, ["Alpha", "Beta", "Gamma", "Delta"], [""] * 4,
                        added=["", "last tuesday", "2020-01-01T00:00:00", iso_ago(seconds=5)])
    assert index.search_ids("added:>1y") == ["naive"]  # a time without a zone is UTC
    assert index.search_ids("added:<1d") == ["now"]
    assert index.search_ids("-added:<1d") == ["blank", "garbage", "naive"]


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
