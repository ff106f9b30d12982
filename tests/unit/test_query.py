"""The fuzzy filter on the bundled catalogue (store.query)."""

from __future__ import annotations

import pytest

from store.library import Library
from store.query import search


def titles(library: Library, query: str) -> list[str]:
    return [entry.title for entry in search(library.entries(), query)]


def test_blank_query_keeps_everything_in_library_order(library: Library) -> None:
    assert [e.id for e in search(library.entries(), "  ")] == library.ids()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("unifrok", "UniFork: Exploring Modality Alignment"),
        ("harmonising visual representaions", "Harmonizing Visual Representations"),
        ("reasongen", "ReasonGen-R1"),
        ("mamoth moda", "MammothModa2"),
        ("PIXELREFER", "PixelRefer"),
    ],
)
def test_misspelt_titles_rank_their_paper_first(library: Library, query: str, first: str) -> None:
    assert titles(library, query)[0].startswith(first)


def test_every_word_must_match(library: Library) -> None:
    assert titles(library, "unifork zzzzqqq") == []


def test_tags_notes_and_org_are_searched(library: Library) -> None:
    target = library.ids()[10]
    library.edit_tags(target, "+toread-soon")
    library.set_note(target, "compare with the wombat baseline")
    assert [e.id for e in search(library.entries(), "toread-soon")] == [target]
    assert [e.id for e in search(library.entries(), "wombat")] == [target]
    assert titles(library, "Show Lab")[0].startswith("Draw-In-Mind")


def test_abstract_only_words_still_match(library: Library) -> None:
    # "GRPO" appears in abstracts; the papers that mention it are found
    assert any(t.startswith("ReasonGen-R1") for t in titles(library, "grpo"))
