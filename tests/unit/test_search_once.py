"""An index for one query (``SearchIndex(once=True)``, what ``readlist list`` uses)
answers exactly as the full index does (store.search)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store import library as library_module
from readlist.store.library import ABSTRACTS_FILE, Library
from readlist.store.search import SearchIndex, index_words, words_in
from readlist.store.view import LibraryView

QUERIES = [
    "difusion transfomer", "unifrok", "reasongen", "mamoth moda", "PIXELREFER", "gir-bench", "mo", "vi",
    "difus", "difus ", "abstract:benchmrk", "title:reasoning -video", '"image generation"', "(video OR audio) transfor",
    "org:bytedanse", "author:hinton", "keyword:learning", "tag:mine diffusion", "wombta", "my own titel",
    "votes:>=3 model", "date:2025 video", "-model", "r1", "x", "self-supervised", "multimodel",
]


@pytest.fixture
def touched(library: Library) -> Library:
    """The bundled library with a few papers retitled, tagged and noted by the reader."""
    ids = library.ids()
    library.set_title(ids[3], "My own title about Wombats and DiffusionModels")
    library.set_title(ids[7], "Another retitled paper")
    library.edit_tags(ids[5:9], "+mine")
    library.set_note(ids[6], "compare with the wombat baseline")
    return library


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("abstracts", [True, False])
def test_a_one_query_index_answers_as_the_full_one(touched: Library, query: str, abstracts: bool) -> None:
    full = SearchIndex.from_library(touched).search(query, abstracts=abstracts)
    once = SearchIndex.from_library(touched, once=True).search(query, abstracts=abstracts)
    assert once.rows == full.rows
    assert once.scores == full.scores
    assert once.words == full.words


def test_a_one_query_view_shows_what_the_full_view_shows(touched: Library) -> None:
    for query in QUERIES:
        full, once = LibraryView(touched, show_skipped=True), LibraryView(touched, show_skipped=True, once=True)
        full.set_query(query)
        once.set_query(query)
        assert once.shown == full.shown, query


def test_a_one_query_index_is_not_kept_up_to_date(touched: Library) -> None:
    index = SearchIndex.from_library(touched, once=True)
    paper_id = touched.ids()[0]
    touched.set_title(paper_id, "Renamed")
    with pytest.raises(TypeError):
        index.set_state(index.row_of[paper_id], touched.state(paper_id))


@pytest.mark.parametrize("texts", [
    ["Ab1Cd x", "HTTPServer", "mRNA", "DeepFusion-412: a test", "GPT-4o", "iPhone", "A", "aB", "Ab1cd", "Gpt4o"],
    ["ÉcoleNormale été", "Schölkopf’s KernelTrick", "x\u00a0y", "Straße", "", "ΑλφαΒήτα"],
])
def test_the_words_of_many_texts_are_those_of_each(texts: list[str]) -> None:
    assert words_in(texts) == set().union(*map(index_words, texts))


def test_the_words_of_the_bundled_titles_and_abstracts_are_those_of_each(library: Library) -> None:
    for texts in ([library.title_of(pid) for pid in library.ids()], library.abstracts_of(library.ids())):
        assert words_in(texts) == set().union(*map(index_words, texts))


def lengths(abstracts: list[str]) -> list[int]:
    return [len(abstract) for abstract in abstracts]


def _unloaded(home: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """The library in ``home`` opened without its abstracts in memory (as a big one opens)."""
    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)
    library = Library.open(home)
    assert not library.abstracts_loaded
    return library


def test_abstracts_are_mapped_from_the_file_as_they_are_loaded(library: Library,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {pid: len(library.abstract(pid)) for pid in library.ids() if library.abstract(pid)}
    unloaded = _unloaded(library.home, monkeypatch)
    assert unloaded.map_abstracts(lengths) == expected
    assert not unloaded.abstracts_loaded  # read a line at a time, nothing kept


def test_a_damaged_abstracts_file_is_loaded_and_restored_instead(library: Library,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {pid: len(library.abstract(pid)) for pid in library.ids() if library.abstract(pid)}
    path = library.home / ABSTRACTS_FILE
    path.write_bytes(path.read_bytes()[:-200])  # cut short, as a crash of another program might leave it
    unloaded = _unloaded(library.home, monkeypatch)
    assert unloaded.map_abstracts(lengths) == expected  # from the newest good backup
    assert unloaded.abstracts_loaded
    assert any("could not be read" in notice for notice in unloaded.notices)


def test_a_document_of_the_wrong_shape_is_left_out_as_when_loaded(library: Library,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = library.home / ABSTRACTS_FILE
    bad = library.ids()[2]
    with path.open("ab") as handle:
        handle.write(f'["abstracts","{bad}",{{"abstract":7}}]\n'.encode())
    unloaded = _unloaded(library.home, monkeypatch)
    mapped = unloaded.map_abstracts(lengths)
    assert bad not in mapped
    assert unloaded.abstract(bad) == ""


@pytest.mark.parametrize("once", [False, True])
def test_abstracts_are_searched_case_aside_in_one_pass(touched: Library, once: bool,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    library = _unloaded(touched.home, monkeypatch) if once else touched
    abstracts = [abstract.casefold() for abstract in touched.abstracts_of(touched.ids())]
    words = ("diffusion", "transformer", "self-supervised", "a b", "zzzq", "e\n", "")
    index = SearchIndex.from_library(library, once=once)
    hits = index.abstract_hits(words)
    assert hits == {word: {row for row, text in enumerate(abstracts) if word in text} for word in words}
    some = list(range(0, len(abstracts), 3))
    assert index.abstract_hits(words, some) == {word: {row for row in some if word in abstracts[row]}
                                                 for word in words}
