"""A remapped key from the config file, a bad config, and notes edited in $EDITOR."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.app import ReadlistApp, binding_sections_ids
from readlist.tui.config import config_path, load_config

SIZE = (120, 40)


def app_with_config(home: Path, text: str) -> ReadlistApp:
    library = Library.open(home)
    config_path().write_text(text, encoding="utf-8")
    return ReadlistApp(library)  # reads config.toml from $READLIST_HOME


async def test_a_remapped_key_works_and_shows_in_help(home: Path) -> None:
    app = app_with_config(home, '[keys]\n"library.toggle_read" = "R"\n"list.down" = "ctrl+n,down"\n')
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.query_one("PaperList").highlighted
        await pilot.press("r")
        assert not app.library.state(first).read  # r is no longer "read"
        await pilot.press("R")
        assert app.library.state(first).read
        await pilot.press("ctrl+n")
        assert app.screen.query_one("PaperList").cursor == 1
        await pilot.press("question_mark")
        from rich.console import Console

        console = Console(width=140, record=True)
        console.print(app.screen.table)
        text = console.export_text()
        read_line = next(line for line in text.splitlines() if "[library.toggle_read]" in line)
        assert read_line.strip().startswith("R ")


async def test_a_bad_config_gives_a_message_and_the_defaults(home: Path) -> None:
    app = app_with_config(home, 'theme = "no-such-theme"\n[keys]\n"library.nope" = "z"\n"library.skip" = 3\n')
    async with app.run_test(size=SIZE) as pilot:
        problems = [n.message for n in app.notifications_shown if n.title == "Config"]
        assert len(problems) == 3
        assert any("theme 'no-such-theme'" in p for p in problems)
        assert any("keys.library.nope: no such binding" in p for p in problems)
        await pilot.press("x")  # the default key still skips
        assert app.library.status_counts()[Status.SKIPPED] == 1


def test_config_problems_name_the_file_and_never_raise(tmp_path: Path) -> None:
    ids, themes = set(binding_sections_ids()), {"textual-dark", "nord"}
    path = tmp_path / "config.toml"
    path.write_text("theme = [unclosed\n")
    config = load_config(path, binding_ids=ids, themes=themes)
    assert config.keymap == {} and config.theme is None
    assert config.problems[0].startswith(f"{path}: not valid TOML")
    path.write_text('theme = "nord"\nweird = 1\n[keys]\n"app.quit" = "ctrl+q, Q"\n')
    config = load_config(path, binding_ids=ids, themes=themes)
    assert config.theme == "nord" and config.keymap == {"app.quit": "ctrl+q,Q"}
    assert config.problems == [f"{path}: unknown setting 'weird' (known: theme, keys, services, follow)"]
    assert load_config(tmp_path / "missing.toml", binding_ids=ids, themes=themes).problems == []


def test_every_binding_has_an_id() -> None:
    from readlist.tui.app import binding_sections

    missing = [b.key for _, bindings in binding_sections() for b in bindings if b.description and not b.id
               and b.key != "enter"]
    assert missing == []


@pytest.fixture
def editor_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An $EDITOR that appends a line to the file it is given (or fails)."""

    def make(body: str) -> None:
        script = tmp_path / "editor.py"
        script.write_text("import sys\npath = sys.argv[1]\n" + body)
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        monkeypatch.delenv("VISUAL", raising=False)

    return make


async def test_a_note_edited_in_editor_is_saved(make_app, editor_script) -> None:
    editor_script("text = open(path).read()\nopen(path, 'w').write(text + 'written in my editor\\n')\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        paper = app.screen.query_one("PaperList").highlighted
        app.library.set_note(paper, "first line\n")
        await pilot.press("N")
        await pilot.pause()
        assert app.library.state(paper).note == "first line\nwritten in my editor"  # the final newline trimmed


async def test_trailing_blank_lines_an_editor_leaves_are_trimmed(make_app, editor_script) -> None:
    editor_script("open(path, 'w').write('# Idea\\n\\n  indented\\n\\n\\nlast  \\n\\n   \\n\\n')\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        paper = app.screen.query_one("PaperList").highlighted
        await pilot.press("N")
        await pilot.pause()
        assert app.library.state(paper).note == "# Idea\n\n  indented\n\n\nlast  "


def _fake_editor(folder: Path, name: str, log: Path) -> None:
    """A program called ``name`` in ``folder`` that logs its name and writes a note."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\necho {name} >> '{log}'\nprintf 'from {name}\\n\\n' > \"$1\"\n")
    script.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as editors")
async def test_without_visual_or_editor_n_runs_vi_else_nano_else_says_so(
        make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    log, both, only_nano, none = tmp_path / "ran.log", tmp_path / "both", tmp_path / "nano", tmp_path / "none"
    _fake_editor(both, "vi", log)
    _fake_editor(both, "nano", log)
    _fake_editor(only_nano, "nano", log)
    none.mkdir()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        paper = app.screen.query_one("PaperList").highlighted
        monkeypatch.setenv("PATH", f"{both}{os.pathsep}{only_nano}")
        await pilot.press("N")
        await pilot.pause()
        assert log.read_text() == "vi\n" and app.library.state(paper).note == "from vi"
        monkeypatch.setenv("PATH", str(only_nano))
        await pilot.press("N")
        await pilot.pause()
        assert log.read_text() == "vi\nnano\n" and app.library.state(paper).note == "from nano"
        monkeypatch.setenv("PATH", str(none))
        await pilot.press("N")
        await pilot.pause()
        [message] = [n.message for n in app.notifications_shown if "no editor" in n.message]
        assert message == "no editor: set $VISUAL or $EDITOR (e.g. EDITOR=vim); neither vi nor nano is installed"
        assert "\n" not in message and app.library.state(paper).note == "from nano"
        assert log.read_text() == "vi\nnano\n"


async def test_a_failing_or_missing_editor_leaves_the_note(make_app, editor_script, monkeypatch, tmp_path) -> None:
    editor_script("sys.exit(3)\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        paper = app.screen.query_one("PaperList").highlighted
        app.library.set_note(paper, "keep me")
        await pilot.press("N")
        await pilot.pause()
        assert app.library.state(paper).note == "keep me"
        assert any("exited with status 3" in n.message for n in app.notifications_shown)

        monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
        await pilot.press("N")
        await pilot.pause()
        assert any("'no-such-editor-anywhere' not found" in n.message for n in app.notifications_shown)
        monkeypatch.delenv("EDITOR")
        monkeypatch.setenv("PATH", str(tmp_path))  # no vi, no nano
        await pilot.press("N")
        await pilot.pause()
        assert any("set $VISUAL or $EDITOR" in n.message for n in app.notifications_shown)
        assert app.library.state(paper).note == "keep me"


async def test_settings_of_the_wrong_type_in_a_hand_edited_state_file_never_break_the_app(
        make_app, home: Path) -> None:
    """The state file is JSON a reader may edit: settings of another type are read as absent."""
    from readlist.store.library import Library
    from readlist.store.settings import SavedSearch
    from readlist.tui.screens.library import LibraryScreen
    from readlist.tui.screens.triage import TriageScreen

    library = Library.open(home)
    first = library.ids()[0]
    library.set_setting("query_history", 5)
    library.set_setting("saved_searches", [{"name": ["x"], "query": "q"}, "junk", {"name": "ok", "query": "tag:x"}])
    library.set_setting("triage", {"ids": [first], "position": "2", "decisions": ["a"]})
    library.set_setting("sort", 7)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.saved_searches() == [SavedSearch("ok", "tag:x")]
        await pilot.press("slash", "up", "up", "down")  # the history is empty, not a number
        assert app.screen.filter_bar.value == ""
        await pilot.press(*"grpo", "enter", "slash", "up")
        assert app.screen.filter_bar.value == "grpo"
        await pilot.press("escape", "escape", "T")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)


async def test_an_alt_key_in_the_keymap_is_one_the_driver_keeps_whole(home: Path) -> None:
    app = app_with_config(home, '[keys]\n"library.toggle_read" = "r, alt+r"\n')
    async with app.run_test(size=SIZE):
        assert app.alt_keys() == {"alt+r"}
    assert ReadlistApp(Library.open(home)).alt_keys() == {"alt+r"}
    config_path().write_text("", encoding="utf-8")
    assert ReadlistApp(Library.open(home)).alt_keys() == frozenset()  # readlist binds none itself
