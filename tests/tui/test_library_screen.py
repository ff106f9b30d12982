"""Key flows of the main screen, driven with Pilot on a real library on disk."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pyperclip
import pytest
from rich.console import Console
from textual.widgets import Input, TextArea

from readlist.store.library import Library
from readlist.tui.screens.confirm import ConfirmScreen
from readlist.tui.screens.edit_note import NoteEditorScreen
from readlist.tui.screens.help import HelpScreen
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.widgets.detail_pane import DetailPane
from readlist.tui.widgets.paper_list import PaperList

SIZE = (120, 40)


def papers(app) -> PaperList:
    return app.screen.query_one(PaperList)


def detail_title(app) -> str:
    return str(app.screen.query_one(DetailPane).query_one("#detail-title").render())


async def test_opens_on_the_97_bundled_papers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(papers(app).ids) == 97
        assert app.screen.sub_title == "97 shown / 97 · 97 new"
        assert app.focused is papers(app)
        assert detail_title(app).startswith("ReasonGen-R1")


async def test_vim_keys_move_the_cursor(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "down")
        assert papers(app).cursor == 3
        await pilot.press("k")
        assert papers(app).cursor == 2
        await pilot.press("G")
        assert papers(app).cursor == 96
        await pilot.pause()
        assert detail_title(app).startswith("RID: Real-time Identity Defender")
        await pilot.press("g")
        assert papers(app).cursor == 0
        await pilot.press("ctrl+d")
        assert papers(app).cursor > 10


async def test_filter_is_live_fuzzy_and_keeps_on_enter_clears_on_escape(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"unifrok")
        await pilot.pause()
        shown = papers(app).ids
        assert len(shown) >= 1
        assert app.library.entry(shown[0]).title.startswith("UniFork")
        assert app.screen.sub_title.startswith(f"{len(shown)} shown / 97 ·")

        await pilot.press("enter")
        assert app.focused is papers(app)
        assert papers(app).ids == shown

        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(papers(app).ids) == 97
        assert app.focused is papers(app)


async def test_read_toggle_tags_note_and_title_persist_across_a_restart(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "r")
        target = papers(app).highlighted
        assert app.library.entry(target).read
        assert app.screen.sub_title.endswith("96 new · 1 read")

        await pilot.press("t")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"rl, video", "enter")
        await pilot.pause()
        assert app.library.entry(target).tags == ("rl", "video")

        await pilot.press("t")
        await pilot.press("ctrl+u", *"+diffusion -video", "enter")  # ctrl+u clears the box
        await pilot.pause()
        assert app.library.entry(target).tags == ("diffusion", "rl")

        await pilot.press("n")
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*"First line", "enter", *"second *line*", "enter", "enter", "space", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.library.entry(target).note == "First line\nsecond *line*"  # blank lines at the end trimmed

        await pilot.press("E", "ctrl+u", *"My title", "enter")
        await pilot.pause()
        assert app.library.entry(target).title == "My title"

    # A new process would read the files again: so do we.
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entry = again.library.entry(target)
        assert (entry.read, entry.tags, entry.note, entry.title) == (
            True, ("diffusion", "rl"), "First line\nsecond *line*", "My title",
        )
        assert again.screen.sub_title == "97 shown / 97 · 96 new · 1 read"
        await pilot.press("j")
        await pilot.pause()
        assert detail_title(again) == "My title"


async def test_tag_box_suggests_existing_tags(make_app, home: Path) -> None:
    library = Library.open(home)
    library.set_tags(library.ids()[5], ["reinforcement", "video"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"+rein")
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box._suggestion == "+reinforcement"
        await pilot.press("right", "enter")  # accept the suggestion
        await pilot.pause()
        assert app.library.entry(app.library.ids()[0]).tags == ("reinforcement",)


async def test_escape_in_a_changed_note_asks_before_discarding(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        target = papers(app).highlighted
        await pilot.press("n", *"draft")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.library.entry(target).note == ""


async def test_help_lists_the_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True)
        console.print(app.screen.table)
        text = console.export_text().lower()
        for action in ("filter", "read", "tags", "note", "export", "copy", "quit", "down", "top", "save"):
            assert action in text
        console.print(app.screen.query_table)
        queries = console.export_text()
        for field in ("tag:rl", "is:unread", "votes:>=3", "date:2024", "changed:<7d", "source:zotero", "a OR b"):
            assert field in queries
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_export_writes_the_shown_notes(make_app, home: Path, tmp_path: Path) -> None:
    library = Library.open(home)
    library.set_note(library.ids()[2], "exported note")
    app = make_app()
    target = tmp_path / "out" / "notes.md"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(target)  # typing a long path adds nothing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    text = target.read_text()
    assert "exported note" in text
    assert text.count("\n## ") == 1


@pytest.mark.parametrize(
    ("name", "expect"),
    [("marked.bib", "@"), ("vault/", "exported note"), ("backup.json", '"readlist-backup"')],
)
async def test_export_format_follows_the_path(make_app, home: Path, tmp_path: Path, name: str, expect: str) -> None:
    app = make_app()
    target = tmp_path / name
    async with app.run_test(size=SIZE) as pilot:
        app.screen.library.set_note(papers(app).ids[0], "exported note")
        await pilot.press("space", "j", "space", "e")  # mark the first two papers
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(tmp_path) + "/" + name
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    if name.endswith("/"):
        files = sorted(target.glob("*.md"))
        assert len(files) == 1  # only the marked paper with a note
        text = files[0].read_text()
    else:
        text = target.read_text()
    assert expect in text
    if name.endswith(".bib"):
        assert text.count("\n@") + text.startswith("@") == 2


async def test_copy_uses_pyperclip(make_app, clipboard: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"gir-bench", "enter", "y")
        await pilot.pause()
    assert clipboard == [
        "**GIR-Bench: Versatile Benchmark for Generating Images with Reasoning** — HKUST, Oct 13"
    ]


async def test_copy_falls_back_to_the_terminal_clipboard(make_app, monkeypatch) -> None:
    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.startswith("**ReasonGen-R1")
        assert any("OSC 52" in (n.title or "") for n in app.notifications_shown)


async def test_a_change_that_cannot_be_saved_is_reported_and_the_app_goes_on(make_app, monkeypatch) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        target = papers(app).highlighted

        def disk_full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        await pilot.press("r")
        await pilot.pause()
        assert not app.library.entry(target).read
        assert any("disk full" in n.message for n in app.notifications_shown)
        monkeypatch.undo()
        await pilot.press("r")
        await pilot.pause()
        assert app.library.entry(target).read


@pytest.mark.parametrize("keys", [
    ("slash", *"zzzzqqqxx", "enter", "r", "t", "n", "E", "y", "e", "j", "k", "G", "g", "escape"),
    ("escape", "escape", "enter", "space", "tab", "shift+tab", "question_mark", "q", "r", "r"),
    ("t", "escape", "n", "escape", "E", "escape", "e", "escape", "ctrl+p", "escape", "pageup", "pagedown"),
])
async def test_no_key_sequence_crashes_the_app(make_app, keys) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    # run_test re-raises any exception the app hit; reaching here means none.


async def test_typing_highlights_the_best_match_and_clearing_keeps_the_place(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"difusion", "backspace", "backspace", *"on transfomer")
        await pilot.pause()
        best = papers(app).ids[0]
        assert papers(app).highlighted == best
        await pilot.press("enter", "j")
        second = papers(app).highlighted
        await pilot.press("escape")
        await pilot.pause()
        assert len(papers(app).ids) == 97
        assert papers(app).highlighted == second


async def test_keys_typed_right_after_slash_go_to_the_filter(make_app) -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # all queued at once, as from a fast typist or a paste: no pause between the keys
        for key, char in [("slash", "/"), *((c, c) for c in "mamoth"), ("space", " "), ("a", "a")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "mamoth a"
        assert app.library.touched() == {}  # no "a" (queue) reached the list
        await pilot.press("ctrl+l", *"http", "slash", "slash")  # in the box, "/" is a character
        assert app.screen.query_one("#filter").value == "http//"
