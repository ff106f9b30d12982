"""The sort menu (s), reversing (S), and vim keys in the sidebar, the import tree and help."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DirectoryTree, Input

from readlist.store.sorting import sort_ids
from readlist.tui.screens.help import HelpScreen
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.sort_menu import SortMenu
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.sidebar import Sidebar

SIZE = (120, 40)


def shown(app) -> list[str]:
    return app.screen.query_one(PaperList).ids


async def test_s_then_d_sorts_by_date_and_S_reverses(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SortMenu)
        await pilot.press("d")
        assert isinstance(app.screen, LibraryScreen)
        assert app.view.sort == "date"
        assert shown(app) == sort_ids(app.library, app.library.ids(), "date")
        assert "by date ↓" in app.screen.sub_title
        await pilot.press("S")
        assert app.view.sort == "-date"
        assert shown(app) == sort_ids(app.library, app.library.ids(), "-date")
        assert "by date ↑ (reversed)" in app.screen.sub_title
        await pilot.press("S")
        assert app.view.sort == "date"


async def test_the_menu_marks_the_current_order_and_esc_cancels(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "v")
        before = shown(app)
        await pilot.press("s")
        menu = app.screen
        assert isinstance(menu, SortMenu)
        options = menu.query_one("#sort-options")
        assert str(options.get_option("votes").prompt).startswith("●")
        assert options.highlighted == options.get_option_index("votes")
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert app.view.sort == "votes" and shown(app) == before


async def test_the_menu_moves_with_j_and_enter_chooses(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "j", "j", "enter")  # added → date → votes
        assert app.view.sort == "votes"
        await pilot.press("s", "G", "k", "k", "enter")  # the last two: for you, for you by a tag
        assert app.view.sort == "changed"
        await pilot.press("s", "G", "enter")
        assert app.screen.prompt_title == "For you, by the tag"


async def test_a_reversed_order_is_remembered_after_a_restart(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "t", "S")
        await app.workers.wait_for_complete()
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.view.sort == "-title"
        assert shown(again) == sort_ids(again.library, again.library.ids(), "-title")


async def test_after_r_sort_by_last_change_puts_the_paper_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "c")
        await pilot.press("G")
        last = app.screen.query_one(PaperList).highlighted
        await pilot.press("r")
        await pilot.pause()
        assert shown(app)[0] == last


async def test_vim_keys_move_in_the_sidebar(make_app) -> None:
    app = make_app()
    library = app.library
    ids = library.ids()
    for index, tag in enumerate(["alpha", "beta", "gamma"]):
        library.edit_tags(ids[index], f"+{tag}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        await pilot.pause()
        await pilot.press("j")
        first = sidebar.highlighted  # the first entry that can be chosen (headings cannot)
        assert first is not None
        await pilot.press("j")
        assert sidebar.highlighted == first + 1
        await pilot.press("G")
        last = sidebar.highlighted
        assert last == sidebar.option_count - 1
        await pilot.press("k")
        assert sidebar.highlighted == last - 1
        await pilot.press("g")
        assert sidebar.highlighted == first
        await pilot.press("G", "enter")
        assert app.screen.query_one("#filter").value == "tag:" + str(sidebar.get_option_at_index(last).id)[4:]


async def test_j_moves_in_the_import_tree_but_types_in_the_path_box(make_app, tmp_path: Path) -> None:
    for name in ("a.bib", "b.bib", "c.bib"):
        (tmp_path / name).write_text("")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.export_path = tmp_path
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportScreen)
        await pilot.press("j")  # the path box has focus: j is a letter
        assert dialog.query_one("#import-path", Input).value == "j"
        await pilot.press("tab")
        tree = dialog.query_one(DirectoryTree)
        assert dialog.focused is tree
        await pilot.pause(0.3)
        start = tree.cursor_line
        await pilot.press("j")
        assert tree.cursor_line == start + 1
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        assert tree.cursor_line == 0


async def test_vim_keys_scroll_the_help_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        scroll = app.screen.query_one("#help")
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert scroll.scroll_y == 0
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert scroll.scroll_y > 1
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert scroll.scroll_y == 0
