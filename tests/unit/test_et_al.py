"""Author lists that end in "et al." (BibTeX's ``and others``): Paper.et_al, from import to query and export."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from readlist.store.exporters.bibtex import bibtex_entry
from readlist.store.exporters.markdown import metadata_line
from readlist.store.importers import build_paper, read_file
from readlist.store.importers.base import split_et_al
from readlist.store.importers.bibtex import parse as parse_bibtex
from readlist.store.library import CATALOGUE_FILE, Library
from readlist.store.models import Entry, Paper
from readlist.store.search import SearchIndex

DATA = Path(__file__).parent.parent / "data" / "et_al"
TENSORFLOW = "TensorFlow: Large-Scale Machine Learning on Heterogeneous Distributed Systems"
RESNET = "Deep Residual Learning for Image Recognition"


@pytest.mark.parametrize(("names", "kept", "more"), [
    (("M. Abadi", "others"), ("M. Abadi",), True),
    (("M. Abadi", "A. Agarwal", "et al."), ("M. Abadi", "A. Agarwal"), True),
    (("M. Abadi", "et al"), ("M. Abadi",), True),
    (("M. Abadi", "Et. Al."), ("M. Abadi",), True),
    (("M. Abadi et al.",), ("M. Abadi",), True),
    (("M. Abadi, A. Agarwal, et al.",), ("M. Abadi, A. Agarwal",), True),
    (("M. Abadi", "A. Agarwal"), ("M. Abadi", "A. Agarwal"), False),
    (("Alan Etal", "Jane Others"), ("Alan Etal", "Jane Others"), False),  # names, not markers
    (("et al.",), (), True),
    ((), (), False),
])
def test_split_et_al(names: tuple[str, ...], kept: tuple[str, ...], more: bool) -> None:
    assert split_et_al(names) == (kept, more)


@pytest.mark.parametrize(("file", "expected"), [
    ("others.bib", {TENSORFLOW: (3, True), "TensorFlow: A system for large-scale machine learning": (1, True),
                    RESNET: (4, False)}),
    ("et_al.ris", {TENSORFLOW: (2, True), RESNET: (2, False)}),
    ("et_al_csl.json", {TENSORFLOW: (1, True), RESNET: (2, False)}),
    ("et_al_papers.json", {TENSORFLOW: (2, True), RESNET: (2, True)}),
    ("et_al.md", {TENSORFLOW: (3, True), RESNET: (4, False)}),
])
def test_every_format_marks_a_list_that_goes_on(file: str, expected: dict[str, tuple[int, bool]]) -> None:
    result = read_file(DATA / file)
    assert result.rejected == []
    got = {p.title: (p.authors_count, p.et_al) for p in result.papers}
    assert got == expected
    for p in result.papers:  # the marker is never taken for a name
        assert not any(name.lower() in ("others", "et al.", "et al") for name in p.authors)
        assert len(p.authors) == p.authors_count


def test_et_al_is_stored_and_old_catalogues_without_it_load(empty_library: Library, home: Path) -> None:
    empty_library.import_files([DATA / "others.bib"])
    doc = orjson.loads((home / CATALOGUE_FILE).read_bytes())
    stored = {paper["title"]: paper["et_al"] for paper in doc["papers"].values()}
    assert stored[TENSORFLOW] is True and stored[RESNET] is False
    for paper in doc["papers"].values():  # a catalogue written before et_al existed
        del paper["et_al"]
    (home / CATALOGUE_FILE).write_bytes(orjson.dumps(doc))
    reopened = Library.open(home, bundled=False)
    assert len(reopened) == 3 and {reopened.paper(pid).et_al for pid in reopened.ids()} == {False}


def titles(library: Library, query: str) -> set[str]:
    index = SearchIndex.from_library(library)
    return {library.title_of(pid) for pid in index.search_ids(query)}


@pytest.mark.parametrize(("query", "expected"), [
    ("authors:>0", {TENSORFLOW, "One and more", RESNET, "Exactly one"}),
    ("authors:>=1", {TENSORFLOW, "One and more", RESNET, "Exactly one"}),
    ("authors:>1", {TENSORFLOW, RESNET}),
    ("authors:>3", {RESNET}),  # 3 named and more: perhaps 4, perhaps not
    ("authors:>=3", {TENSORFLOW, RESNET}),
    ("authors:<5", {RESNET, "Exactly one"}),  # 1 and more may be 5 or more
    ("authors:<=4", {RESNET, "Exactly one"}),
    ("authors:1", {"Exactly one"}),  # "1+ authors" is not exactly 1
    ("authors:3", set()),
    ("authors:1..10", {RESNET, "Exactly one"}),
    ("authors:2..", {TENSORFLOW, RESNET}),
    ("-authors:<5", {TENSORFLOW, "One and more"}),
])
def test_an_et_al_count_is_a_lower_bound_in_queries(empty_library: Library, query: str, expected: set[str]) -> None:
    empty_library.add_papers([
        build_paper(source="t", source_format="test", title=TENSORFLOW, authors=["A", "B", "C", "others"]),
        build_paper(source="t", source_format="test", title="One and more", authors=["A", "et al."]),
        build_paper(source="t", source_format="test", title=RESNET, authors=["A", "B", "C", "D"]),
        build_paper(source="t", source_format="test", title="Exactly one", authors=["A"]),
    ])
    assert titles(empty_library, query) == expected


def test_bibtex_export_writes_and_others_back() -> None:
    paper = read_file(DATA / "others.bib").papers[0]
    entry = bibtex_entry(Entry(paper), "abadi2016")
    assert "author = {Abadi, Mart{\\'\\i}n and Agarwal, Ashish and Barham, Paul and others}" in entry
    again = parse_bibtex(entry, "export.bib").papers[0]
    assert (again.authors, again.et_al) == (paper.authors, True)
    plain = bibtex_entry(Entry(read_file(DATA / "others.bib").papers[2]), "he2016")
    assert "others" not in plain


def test_markdown_export_and_counts_say_at_least() -> None:
    paper = Paper(id="a" * 12, title="T", authors=("A", "B"), authors_count=2, et_al=True)
    assert "2+ authors" in metadata_line(Entry(paper))
    assert "2 authors ·" in metadata_line(Entry(Paper(id="b" * 12, title="T", authors=("A", "B"), authors_count=2)))


def test_merging_fills_et_al_with_the_authors_it_ends(empty_library: Library) -> None:
    bare = build_paper(source="t", source_format="test", title=TENSORFLOW, arxiv_id="1603.04467")
    full = build_paper(source="t", source_format="test", title=RESNET, authors=["K. He", "X. Zhang"])
    empty_library.add_papers([bare, full])
    plan = empty_library.add_papers([
        build_paper(source="t", source_format="test", title=TENSORFLOW, authors=["M. Abadi", "others"]),
        build_paper(source="t", source_format="test", title=RESNET, authors=["K. He", "et al."]),
    ])
    assert plan.merged == [bare.id] and plan.skipped == [full.id]
    assert (empty_library.paper(bare.id).authors, empty_library.paper(bare.id).et_al) == (("M. Abadi",), True)
    # the stored full list is not made "and more" by a shorter one
    assert (empty_library.paper(full.id).authors_count, empty_library.paper(full.id).et_al) == (2, False)


def test_a_real_daily_list_names_only_first_authors_and_et_al() -> None:
    # HuJiaming11/rl-arxiv-daily's README (tests/data/SOURCES.md): every row's Authors cell is
    # "First Author et.al.", which was read as one author named "... et.al."
    papers = read_file(DATA / "rl-arxiv-daily.md").papers
    assert len(papers) == 23
    assert all(p.et_al and p.authors_count == 1 and len(p.authors) == 1 for p in papers)
    assert not any("et.al" in name or "et al" in name for p in papers for name in p.authors)
    first = papers[0]
    assert (first.title, first.authors, first.arxiv_id) == (
        "Interpreting Context-Aware Human Preferences for Multi-Objective Robot Navigation", ("Tharun Sethuraman",),
        "2603.17510")


def test_a_listing_count_stays_exact_when_a_shorter_list_with_et_al_fills_the_names(empty_library: Library) -> None:
    listed = build_paper(source="t", source_format="test", title=TENSORFLOW, authors_count=40)
    empty_library.add_papers([listed])
    empty_library.add_papers([build_paper(source="t", source_format="test", title=TENSORFLOW,
                                          authors=["M. Abadi", "A. Agarwal", "et al."])])
    stored = empty_library.paper(listed.id)
    assert (stored.authors, stored.authors_count, stored.et_al) == (("M. Abadi", "A. Agarwal"), 40, False)


def test_a_stored_et_al_that_is_not_true_or_false_is_a_bad_document() -> None:
    from readlist.store.shapes import paper_problem

    assert paper_problem({"title": "T", "et_al": True}) is None
    assert paper_problem({"title": "T"}) is None  # written before et_al existed
    assert paper_problem({"title": "T", "et_al": "yes"}) == "'et_al' is 'yes', expected true or false"
