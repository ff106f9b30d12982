"""The theme: config.toml's applies at start; one picked in the app (the palette) is remembered."""

from __future__ import annotations

from pathlib import Path

from readlist.store.library import Library
from readlist.tui.app import ReadlistApp
from readlist.tui.config import config_path

SIZE = (120, 40)


async def test_config_theme_applies_and_a_picked_theme_wins_after_a_restart(home: Path) -> None:
    library = Library.open(home)
    config_path().write_text('theme = "nord"\n', encoding="utf-8")
    app = ReadlistApp(library)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        app.theme = "gruvbox"  # what the palette's "Change theme" does
        await pilot.pause()
        await app.workers.wait_for_complete()
    again = ReadlistApp(Library.open(home))
    async with again.run_test(size=SIZE):
        assert again.theme == "gruvbox"


async def test_a_remapped_vim_key_of_the_sidebar_works(home: Path) -> None:
    library = Library.open(home)
    config_path().write_text('[keys]\n"sidebar.down" = "ctrl+n"\n', encoding="utf-8")
    library.edit_tags(library.ids()[:2], "+alpha")
    app = ReadlistApp(library)
    assert app.config.problems == []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        sidebar = app.screen.query_one("#sidebar")
        sidebar.focus()
        await pilot.press("ctrl+n")
        assert sidebar.highlighted is not None
