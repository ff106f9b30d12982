"""The layout at the usual terminal sizes: list columns, footer, help, the detail pane."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown
from textual.widgets._footer import FooterKey

from readlist.store.library import Library
from readlist.store.models import Paper, Status
from readlist.tui.app import ReadlistApp
from readlist.tui.config import config_path
from readlist.tui.screens.help import HelpScreen
from readlist.tui.widgets.detail_pane import DetailPane
from readlist.tui.widgets.paper_list import MIN_TITLE_WIDTH, NOTE_MARK, PaperList, row_tags

SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 42)], ids=["80x24", "140x42"])


def row_text(app: ReadlistApp, y: int) -> str:
    """Row ``y`` of the list as the reader sees it."""
    return app.screen.query_one(PaperList).render_line(y).text


def visible_title(line: str) -> str:
    """The title of a rendered row: after selection, status and note marks, before the padding."""
    return line[4:].rstrip()


@SIZES
async def test_the_first_title_gets_the_room(home: Path, size: tuple[int, int]) -> None:
    app = ReadlistApp(Library.open(home))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        title = visible_title(row_text(app, 0))
        assert len(title) >= 45
        assert app.library.entry(app.screen.query_one(PaperList).ids[0]).title.startswith(title.rstrip("…"))


async def test_empty_columns_take_no_room_and_shown_ones_do(home: Path) -> None:
    library = Library.open(home)
    first = library.ids()[0]
    app = ReadlistApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        assert papers.columns.priority == 0 and papers.columns.date == 0 and papers.columns.votes == 0
        assert "P1" not in row_text(app, 0)
        library.decide(first, Status.TO_READ, priority=1)
        app.announce()
        await pilot.pause()
        assert papers.columns.priority == 3
        assert row_text(app, 0)[4:7] == "P1 "
        await pilot.press("G")  # the last papers have dates and votes
        await pilot.pause()
        assert papers.columns.date > 0
        assert any(line.rstrip().endswith(("▲2", "▲1", "▲3")) or "Nov" in line
                   for line in (row_text(app, y) for y in range(papers.size.height)))


def test_tags_shrink_to_a_count_when_the_title_needs_the_room() -> None:
    assert row_tags(("rl", "video"), MIN_TITLE_WIDTH + 20) == "#rl #video"
    assert row_tags(("rl", "video"), MIN_TITLE_WIDTH + 5) == "#2"
    assert row_tags(("rl", "video"), 2) == ""
    assert row_tags((), 100) == ""


async def test_a_noted_paper_is_marked_in_the_list(home: Path) -> None:
    library = Library.open(home)
    library.set_note(library.ids()[1], "a note")
    app = ReadlistApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert row_text(app, 0)[2] == " "
        assert row_text(app, 1)[2] == NOTE_MARK


def footer_keys(app: ReadlistApp, width: int) -> list[str]:
    """The footer's keys as shown, left to right (``^p Commands`` aside); fails on a key cut off."""
    keys = [key for key in app.screen.query(FooterKey) if "-command-palette" not in key.classes]
    for key in keys:
        assert key.region.width and key.region.right <= width, f"{key.key_display} {key.description} is cut off"
    return [f"{key.key_display} {key.description}" for key in sorted(keys, key=lambda key: key.region.x)]


@pytest.mark.parametrize("width", [80, 100, 140])
async def test_the_footer_shows_whole_keys_help_first_and_quit_at_80_columns(home: Path, width: int) -> None:
    app = ReadlistApp(Library.open(home))
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        shown = footer_keys(app, width)
        assert shown[0] == "? Help"
        for key in ("/ Filter", "r Read", "n Note", "b Sidebar", "u Undo", "q Quit"):
            assert key in shown
        assert ("s Sort" in shown) == (width >= 100)


async def test_the_footer_follows_a_resize(home: Path) -> None:
    app = ReadlistApp(Library.open(home))
    async with app.run_test(size=(140, 24)) as pilot:
        await pilot.pause()
        assert "o Open" in footer_keys(app, 140)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "o Open" not in footer_keys(app, 80)
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        assert "o Open" in footer_keys(app, 140)


async def test_help_descriptions_get_the_width_at_80_columns(home: Path) -> None:
    app = ReadlistApp(Library.open(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys")
        lines = [strip.text for strip in keys.render_lines(keys.region.reset_offset)]
        read = next(i for i, line in enumerate(lines) if "Mark read" in line)
        assert "Mark read, or back to the status before" in lines[read]
        assert "? for Help" not in lines  # one key listed once (? is bound on the screen too)
        assert sum("[app.help]" in line for line in lines) == 1


async def test_help_query_meanings_stay_readable_at_80_columns(home: Path) -> None:
    app = ReadlistApp(Library.open(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        queries = app.screen.query_one("#help-queries")
        lines = [strip.text for strip in queries.render_lines(queries.region.reset_offset)]
        changed = next(i for i, line in enumerate(lines) if "changed:<7d" in line)
        assert "changed / added within, or longer" in lines[changed]


@SIZES
async def test_J_and_K_scroll_the_detail_pane_from_the_list(home: Path, size: tuple[int, int]) -> None:
    library = Library.open(home)
    library.set_note(library.ids()[0], "\n\n".join(f"line {n}" for n in range(40)))
    app = ReadlistApp(library)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(DetailPane)
        assert detail.scroll_y == 0 and detail.max_scroll_y > 5
        await pilot.press("J", "J", "J", "ctrl+e")
        assert detail.scroll_y == 4
        await pilot.press("K", "ctrl+y")
        assert detail.scroll_y == 2
        assert app.screen.query_one(PaperList).cursor == 0  # the list stayed
        assert app.focused is app.screen.query_one(PaperList)


async def test_the_detail_keys_are_remappable(home: Path) -> None:
    library = Library.open(home)
    library.set_note(library.ids()[0], "\n\n".join(f"line {n}" for n in range(40)))
    config_path().write_text('[keys]\n"library.detail_down" = "ctrl+n"\n', encoding="utf-8")
    app = ReadlistApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(DetailPane)
        await pilot.press("J")
        assert detail.scroll_y == 0
        await pilot.press("ctrl+n", "ctrl+n")
        assert detail.scroll_y == 2


async def test_the_note_shows_as_markdown_and_keywords_as_a_line(home: Path) -> None:
    library = Library.open(home)
    library.add_papers([Paper(id="k" * 12, title="Keyworded", keywords=("diffusion", "video"))])
    paper_id = "k" * 12
    assert library.state(paper_id).tags == ()  # keywords are not tags
    library.set_note(paper_id, "Compare with **ViaRL**.\n\n- one\n- two")
    app = ReadlistApp(library)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.press("slash", *"keyworded", "enter")
        await pilot.pause(0.5)
        detail = app.screen.query_one(DetailPane)
        assert detail.paper_id == paper_id
        keywords = detail.query_one("#detail-keywords")
        assert keywords.display and str(keywords.render()) == "Keywords: diffusion, video"
        note = detail.query_one("#detail-note", Markdown)
        assert note.display and note.source.startswith("Compare with **ViaRL**")
        text = "\n".join(strip.text for block in note.query("MarkdownParagraph")
                         for strip in block.render_lines(block.region.reset_offset))
        assert "Compare with ViaRL." in text and "**" not in text
        assert "one" in text and "two" in text
        await pilot.press("escape", "g")
        await pilot.pause()
        assert not detail.query_one("#detail-keywords").display  # the first paper has none
        assert not detail.query_one("#detail-note").display
