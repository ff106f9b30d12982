"""Markdown export of notes and the clipboard line (store.exporters.markdown)."""

from __future__ import annotations

import html

from readlist.store.exporters.markdown import citation_line, escape, export_notes
from readlist.store.library import Library


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


def test_export_is_commonmark_with_one_heading_per_paper(library: Library) -> None:
    from markdown_it import MarkdownIt  # CommonMark parser (a dependency of Textual)

    # a title with markup: the reader's own, as the bundled titles are plain text now (issue 15)
    library.set_title(library.ids()[10], r"Uni$\textbf{F}^2$ace *bold* [x] <b>")
    tricky = library.entry(library.ids()[10])
    library.set_note(tricky.id, "* a list item\n\n1. numbered")
    for paper_id in library.ids()[:5]:
        library.set_tags(paper_id, ["t"])
    tokens = MarkdownIt("commonmark").parse(export_notes(library.entries(), abstracts=True))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert len(headings) == 6
    rendered = MarkdownIt("commonmark").render(export_notes([library.entry(tricky.id)]))
    assert f"<h2>{tricky.title}</h2>" in html.unescape(rendered)  # shown literally, no markup
    assert "<li>a list item</li>" in rendered


def test_export_grouped_by_tag_and_by_status(library: Library) -> None:
    from readlist.store.models import Status

    a, b, c = library.ids()[:3]
    library.set_tags(a, ["rl", "video"])
    library.set_tags(b, ["rl"])
    library.set_note(c, "untagged but noted")
    library.set_status(b, Status.READ)
    by_tag = export_notes(library.entries(), group_by="tag")
    headings = [line for line in by_tag.splitlines() if line.startswith("## ")]
    assert headings == ["## \\#rl", "## \\#video", "## Untagged"]
    assert by_tag.count(f"### {escape(library.entry(a).title)}") == 2  # under each of its tags
    by_status = export_notes(library.entries(), group_by="status")
    assert [line for line in by_status.splitlines() if line.startswith("## ")] == ["## new", "## read"]


def test_a_notes_headings_go_below_its_papers_heading(library: Library) -> None:
    from markdown_it import MarkdownIt

    first, second = library.ids()[:2]
    library.set_note(first, "# Idea\n\nText with #hashtag.\n\n## Details\n\n```\n# a comment in code\n```")
    library.set_note(second, "Setext title\n============\n\n> # quoted\n\n---\n\nafter a rule")
    library.set_tags(second, ["rl"])
    text = export_notes(library.entries([first, second]))
    assert "\n### Idea\n\nText with #hashtag.\n\n#### Details\n\n```\n# a comment in code\n```\n" in text
    assert "\n### Setext title\n\n> ### quoted\n\n---\n\nafter a rule\n" in text
    tokens = MarkdownIt("commonmark").parse(text)
    outline = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [tag for tag, _ in outline] == ["h1", "h2", "h3", "h4", "h2", "h3", "h3"]  # each note under its paper
    grouped = export_notes(library.entries([first, second]), group_by="tag")
    assert "\n#### Idea\n" in grouped and "\n##### Details\n" in grouped  # papers are ### there
    library.set_note(first, "### Already below\n\nand plain")
    assert "\n### Already below\n" in export_notes(library.entries([first]))  # nothing to move


def test_a_notes_deepest_headings_stop_at_level_six() -> None:
    from readlist.store.exporters.markdown import shift_headings

    assert shift_headings("# a\r\n\r\n##### e\r\n###### f", 3) == "#### a\r\n\r\n###### e\r\n###### f"
    assert shift_headings("no headings at all", 2) == "no headings at all"
