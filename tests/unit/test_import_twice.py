"""Importing the same file again adds and merges nothing, whatever the order of its records."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from readlist.store.importers import build_paper, read_file
from readlist.store.library import Library

DATA = Path(__file__).parent.parent / "data"
#: Every fixture of a format that imports papers (the library folders and recorded answers are not files to import).
FIXTURES = sorted(
    path for folder in ("bibtex", "bibtex/real", "ris", "csl", "json", "hf", "markdown", "identity", "et_al")
    for path in (DATA / folder).iterdir() if path.is_file()
)


def test_every_format_is_covered() -> None:
    formats = {read_file(path).format for path in FIXTURES}
    assert {"bibtex", "ris", "csl-json", "json-papers", "hf-json", "markdown-list"} <= formats


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_second_import_of_a_file_adds_and_merges_nothing(tmp_path: Path, path: Path) -> None:
    library = Library.open(tmp_path / "library", bundled=False)
    first, = library.import_files([path])
    assert first.error is None and first.added > 0
    again, = library.import_files([path])
    assert (again.added, again.merged) == (0, 0)
    assert again.skipped == first.added + first.merged + first.skipped
    # a third time, the records shuffled
    papers = read_file(path).papers
    random.Random(15).shuffle(papers)
    shuffled = library.add_papers(papers)
    assert (shuffled.added, shuffled.merged) == ([], [])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: f"{path.parent.name}/{path.name}")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_shuffled_first_import_settles_too(tmp_path: Path, path: Path, seed: int) -> None:
    papers = read_file(path).papers
    random.Random(seed).shuffle(papers)
    library = Library.open(tmp_path / "library", bundled=False)
    first = library.add_papers(papers)
    assert first.added
    again, = library.import_files([path])  # in file order
    assert (again.added, again.merged) == (0, 0)
    assert len(library) == len(first.added)


def paper(**fields):
    return build_paper(source="list.md", source_format="test", **fields)


def test_keys_of_records_folded_into_a_paper_go_onto_it_in_the_same_import(empty_library: Library) -> None:
    # the second record joins the first by arXiv id and brings another spelling of the title; the third
    # has only that spelling: it is the same paper, found by the key the second brought
    batch = [paper(title="ReasonGen-R1: CoT for Autoregressive Image Generation", arxiv_id="2505.24875"),
             paper(title="ReasonGen R1 - CoT for Autoregressive Image Generation Models", arxiv_id="2505.24875"),
             paper(title="ReasonGen R1 - CoT for Autoregressive Image Generation Models", doi="10.1000/rg")]
    plan = empty_library.add_papers(batch)
    assert len(plan.added) == 1 and len(plan.duplicates) == 2
    stored = empty_library.paper(plan.added[0])
    assert stored.doi == "10.1000/rg"
    assert {key for record in batch for key in record.keys} <= set(stored.keys)
    again = empty_library.add_papers(batch[::-1])
    assert (again.added, again.merged, len(again.skipped)) == ([], [], 1)


def test_new_match_keys_alone_are_no_merge(empty_library: Library) -> None:
    first = paper(title="Deep Wombats", arxiv_id="2401.00001")
    empty_library.add_papers([first])
    respelt = paper(title="Deep Wombats (extended version)", arxiv_id="2401.00001")
    assert set(respelt.keys) != set(first.keys)  # a title that agrees, but another title key
    plan = empty_library.add_papers([respelt])
    assert (plan.added, plan.merged, plan.skipped) == ([], [], [first.id])
    assert set(respelt.keys) <= set(empty_library.paper(first.id).keys)  # stored all the same
