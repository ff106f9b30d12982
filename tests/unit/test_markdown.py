"""Markdown export of notes and the clipboard line (store.exporters.markdown)."""

from __future__ import annotations

from store.exporters.markdown import citation_line, escape, export_notes
from store.library import Library


def test_export_has_a_section_per_annotated_paper_in_library_order(library: Library) -> None:
    a, b, c = library.ids()[:3]
    library.set_note(c, "Third, but written first.\n\n- a list\n- item")
    library.edit_tags(a, "+rl")
    library.set_read(a, True)
    text = export_notes(library.entries())
    assert text.startswith("# Reading notes\n")
    assert "· 2 papers*" in text
    sections = text.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == [library.entry(a).title, library.entry(c).title]
    assert "tags: `rl` · read" in sections[0]
    assert sections[1].rstrip().endswith("- a list\n- item")
    assert library.entry(b).title not in text


def test_export_all_with_abstracts(library: Library) -> None:
    text = export_notes(library.entries(), everything=True, abstracts=True)
    assert text.count("\n## ") == 97
    assert text.count("\n> ") == 97


def test_titles_and_abstracts_are_escaped() -> None:
    assert escape("Uni$\\textbf{F}^2$ace *bold* [x] <b>") == (
        "Uni\\$\\\\textbf\\{F\\}^2\\$ace \\*bold\\* \\[x\\] \\<b\\>"
    )
    assert escape("1. not a list") == "1\\. not a list"
    assert escape("# not a heading") == "\\# not a heading"


def test_citation_line(library: Library) -> None:
    gir = next(e for e in library.entries() if e.title.startswith("GIR-Bench"))
    assert citation_line(gir) == f"**{escape(gir.title)}** — HKUST, Oct 13"
