"""The search index on the bundled catalogue (store.search)."""

from __future__ import annotations

import pytest

from readlist.store.library import Library
from readlist.store.search import SearchIndex, edits_allowed, words_of


def titles(library: Library, query: str, *, abstracts: bool = True) -> list[str]:
    index = SearchIndex.from_library(library)
    return [library.entry(paper_id).title for paper_id in index.search_ids(query, abstracts=abstracts)]


def test_blank_query_keeps_everything_in_library_order(library: Library) -> None:
    assert SearchIndex.from_library(library).search_ids("  ") == library.ids()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("unifrok", "UniFork: Exploring Modality Alignment"),
        ("harmonising visual representaions", "Harmonizing Visual Representations"),
        ("reasongen", "ReasonGen-R1"),
        ("mamoth moda", "MammothModa2"),
        ("PIXELREFER", "PixelRefer"),
        ("difusion transfomer", "JointDiT: a diffusion transformer"),
        ("gir-bench", "GIR-Bench"),
    ],
)
def test_misspelt_titles_rank_their_paper_first(library: Library, query: str, first: str) -> None:
    assert titles(library, query)[0].startswith(first)
    assert titles(library, query, abstracts=False)[0].startswith(first)  # the fast pass alone too


def test_a_word_being_typed_matches_word_beginnings_even_misspelt(library: Library) -> None:
    assert any("diffusion" in t.casefold() for t in titles(library, "difus", abstracts=False))
    assert titles(library, "difus ", abstracts=False) == []  # a finished word must match whole


def test_every_word_must_match(library: Library) -> None:
    assert titles(library, "unifork zzzzqqq") == []


def test_tags_notes_and_org_are_searched_and_updated_in_place(library: Library) -> None:
    target = library.ids()[10]
    index = SearchIndex.from_library(library)
    assert index.search_ids("wombat") == []
    library.edit_tags(target, "+toread-soon")
    library.set_note(target, "compare with the wombat baseline")
    row = index.row_of[target]
    index.set_state(row, library.state(target))
    assert index.search_ids("toread-soon") == [target]
    assert index.search_ids("wombat") == [target]
    assert index.search_ids("wombta") == [target]  # and fuzzily
    assert titles(library, "Show Lab")[0].startswith("Draw-In-Mind")


def test_syncing_unchanged_states_again_leaves_the_index_as_it_was(library: Library) -> None:
    library.edit_tags(library.ids()[:3], "+rl")
    index = SearchIndex.from_library(library)
    rows = {index.row_of[pid]: library.state(pid) for pid in library.touched()}
    before = {word: list(postings) for word, postings in index.reader_words.postings.items()}
    for _ in range(3):  # what the app did on every dialog close
        index.set_states(rows)
    assert {word: list(postings) for word, postings in index.reader_words.postings.items()} == before


def test_title_matches_rank_above_abstract_matches(library: Library) -> None:
    found = titles(library, "grpo")
    assert found[0].startswith("SAGE-GRPO")
    assert any(t.startswith("ReasonGen-R1") for t in found[1:])  # GRPO only in its abstract
    assert not any(t.startswith("ReasonGen-R1") for t in titles(library, "grpo", abstracts=False))


def test_a_cancelled_search_stops(library: Library) -> None:
    assert SearchIndex.from_library(library).search("diffusion", cancelled=lambda: True) is None


def test_words_of_splits_on_spaces_and_punctuation() -> None:
    assert words_of("GIR-Bench: Versatile (2024) images!") == ["gir", "bench", "versatile", "2024", "images"]


@pytest.mark.parametrize(("word", "edits"), [("gan", 0), ("latt", 0), ("latte", 1), ("diffuson", 1),
                                             ("diffusion", 2), ("representaions", 2)])
def test_typos_forgiven_grow_with_the_word(word: str, edits: int) -> None:
    assert edits_allowed(word) == edits


def test_a_finished_word_matches_only_words_within_its_edits(empty_library: Library) -> None:
    from readlist.store.importers.base import build_paper

    titles_ = ["Latent diffusion at scale", "Lattice models of spin glasses", "Latte art by robots",
               "Transformers as lattice decoders"]
    empty_library.add_papers([build_paper(source="t.bib", source_format="bibtex", title=t) for t in titles_])
    assert titles(empty_library, "latte ") == ["Latte art by robots"]  # not lattice, not latent
    assert titles(empty_library, "latice ") == ["Lattice models of spin glasses", "Transformers as lattice decoders"]
    assert titles(empty_library, "lattcie ") == titles(empty_library, "latice ")  # a swap is one edit
    assert titles(empty_library, "lattxxe ") == []  # two edits are too many for seven letters
    assert set(titles(empty_library, "latt")) == set(titles_) - {"Latent diffusion at scale"}  # being typed: a prefix


def test_authors_are_a_field_and_free_words_find_them(empty_library: Library) -> None:
    from readlist.store.importers.base import build_paper

    empty_library.add_papers([
        build_paper(source="a.bib", source_format="bibtex", title="Kernel methods", authors=["Bernhard Schölkopf"]),
        build_paper(source="a.bib", source_format="bibtex", title="Deep belief nets",
                    authors=["Geoffrey E. Hinton", "Simon Osindero"]),
        build_paper(source="a.bib", source_format="bibtex", title="Hinton diagrams explained", authors=["A. Writer"]),
    ])
    assert titles(empty_library, "author:hinton") == ["Deep belief nets"]  # not the title's Hinton
    assert titles(empty_library, "author:scholkopf") == titles(empty_library, "author:Schölkopf") == ["Kernel methods"]
    assert titles(empty_library, "author:hintn ") == ["Deep belief nets"]  # a typo, as in every field
    assert titles(empty_library, "hinton")[0] == "Hinton diagrams explained"  # a title match ranks first
    assert set(titles(empty_library, "hinton")) == {"Deep belief nets", "Hinton diagrams explained"}
    assert titles(empty_library, "osindero belief") == ["Deep belief nets"]


def test_keywords_are_a_field_and_free_words_find_them_below_tags(empty_library: Library) -> None:
    from readlist.store.importers.base import build_paper

    empty_library.add_papers([
        build_paper(source="a.bib", source_format="bibtex", title="Grasping with suction cups",
                    keywords=["Computer Science - Robotics", "Manipulation"]),
        build_paper(source="a.bib", source_format="bibtex", title="Robotics without robots", keywords=["Simulation"]),
        build_paper(source="a.bib", source_format="bibtex", title="Sorting socks", keywords=["Laundry"]),
        build_paper(source="a.bib", source_format="bibtex", title="Folding towels"),
    ])
    ids = {empty_library.paper(pid).title: pid for pid in empty_library.ids()}
    assert titles(empty_library, "keyword:robotics") == ["Grasping with suction cups"]  # not the title's
    assert titles(empty_library, "keyword:manipulaton ") == ["Grasping with suction cups"]  # a typo
    assert titles(empty_library, "keyword:computer-science-robotics") == ["Grasping with suction cups"]  # as a tag
    assert titles(empty_library, 'keyword:"science - robotics"') == ["Grasping with suction cups"]
    assert titles(empty_library, "keyword:laundry") == ["Sorting socks"]
    assert titles(empty_library, "tag:laundry") == []  # keywords are not tags
    assert titles(empty_library, "is:tagged") == []
    assert titles(empty_library, "simulation") == ["Robotics without robots"]  # free words look in keywords
    # a title hit ranks above a keyword hit, and the reader's own tag above a keyword
    assert titles(empty_library, "robotics") == ["Robotics without robots", "Grasping with suction cups"]
    empty_library.set_tags(ids["Folding towels"], ["laundry"])
    assert titles(empty_library, "laundry") == ["Folding towels", "Sorting socks"]
