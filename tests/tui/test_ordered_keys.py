"""Keys that arrive together apply in the order typed, in every text box
(tui.widgets.ordered_keys; Textual issue #6605).

The keys are queued all at once, with no pause between them, as from a fast
typist, a paste, or ssh and tmux sending several keys in one go; ``pilot.press``
would wait for each key to be handled and hide the bug.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea

from readlist.store.library import Library
from readlist.tui.app import ReadlistApp
from readlist.tui.config import Config
from readlist.tui.screens.edit_note import NoteEditorScreen
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.prompt import PromptScreen

SIZE = (120, 40)
CHARACTERS = {"space": " ", "slash": "/"}


def send_at_once(app: ReadlistApp, *keys: str) -> None:
    """Queue ``keys`` (Textual key names; a single character is itself) as the driver would."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else CHARACTERS.get(key))
        event.set_sender(app)
        app._driver.send_message(event)


# (keys, what the box then holds): each edit key typed right before more text
EDITS = [
    (("a", "b", "c", "backspace", "x", "left", "y"), "abyx"),
    (("a", "b", "c", "ctrl+u", "x", "y"), "xy"),
    (("a", "b", "c", "home", "x", "end", "y"), "xabcy"),
    (("o", "n", "e", "space", "t", "w", "o", "ctrl+w", "s", "i", "x"), "one six"),
]


@pytest.mark.parametrize(("keys", "value"), EDITS)
async def test_the_filter_box(make_app, keys: tuple[str, ...], value: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        send_at_once(app, "slash", *keys)
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == value


async def test_the_filter_box_runs_its_own_bindings_in_order_too(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        send_at_once(app, "slash", *"old", "ctrl+l", *"new")  # ctrl+l: clear the box, stay in it
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "new"
        await pilot.press("enter")  # back to the list, "new" kept in the history
        send_at_once(app, "slash", "ctrl+l", "up", "backspace", "backspace", "x")  # up: the last query
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "nx"


async def test_a_remapped_key_runs_in_order(home) -> None:
    app = ReadlistApp(Library.open(home), config=Config(keymap={"filter.erase": "ctrl+b"}))
    async with app.run_test(size=SIZE) as pilot:
        send_at_once(app, "slash", *"old", "ctrl+b", *"new", "ctrl+l")  # ctrl+l is no longer bound
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "new"


async def test_the_tag_prompt_and_the_import_path(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, PromptScreen)
        send_at_once(app, *"rl, vid", "backspace", "backspace", "x", "left", "y")
        await pilot.pause()
        assert app.screen.query_one("#prompt-input", Input).value == "rl, vyx"
        await pilot.press("escape", "i")
        assert isinstance(app.screen, ImportScreen)
        send_at_once(app, *"refs.bib", "ctrl+u", *"a.ris")
        await pilot.pause()
        assert app.screen.query_one("#import-path", Input).value == "a.ris"


async def test_the_note_editor(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditorScreen)
        send_at_once(app, "a", "b", "c", "backspace", "x", "left", "y", "end", "enter", *"second", "ctrl+u", *"2nd")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "abyx\n2nd"
        send_at_once(app, "ctrl+s")
        await pilot.pause()
        assert app.library.state(app.screen.query_one("#papers").highlighted).note == "abyx\n2nd"


async def test_esc_then_slash_and_a_query_arriving_together_clear_and_refocus_the_filter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        send_at_once(app, "slash", *"video")
        await pilot.pause()
        send_at_once(app, "escape", "slash", *"diffusion")  # tmux sends a quick Esc / in one write
        await pilot.pause()
        box = app.screen.query_one("#filter", Input)
        assert box.value == "diffusion"
        assert app.focused is box


async def test_enter_then_list_keys_arriving_together_go_to_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        send_at_once(app, "slash", *"video", "enter", "j", "j")
        await pilot.pause()
        box = app.screen.query_one("#filter", Input)
        papers = app.screen.query_one("PaperList")
        assert box.value == "video"
        assert app.focused is papers
        assert papers.cursor == 2


async def test_help_scrolls_one_line_for_each_of_several_keys_arriving_together(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        send_at_once(app, "j", "j", "j")
        await pilot.pause()
        assert app.screen.query_one("#help").scroll_y == 3
        send_at_once(app, "k", "k")
        await pilot.pause()
        assert app.screen.query_one("#help").scroll_y == 1


async def test_triage_scrolls_the_abstract_one_line_for_each_key_arriving_together(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        send_at_once(app, "J", "J", "J")
        await pilot.pause()
        assert app.screen.query_one("#triage-body").scroll_y == 3
