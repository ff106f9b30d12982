"""Random key presses (a seeded "monkey" test): the app never crashes, what it shows is
what the library on disk holds, and undoing everything restores the starting state."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rich.cells import cell_len

from readlist.store.library import Library
from readlist.store.models import BLANK_STATE
from readlist.store.view import LibraryView
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.widgets.paper_list import PaperList

KEYS = [
    "j", "k", "g", "G", "up", "down", "pageup", "pagedown", "ctrl+d", "ctrl+u", "home", "end",
    "slash", "escape", "enter", "r", "t", "n", "E", "y", "e", "question_mark", "ctrl+s", "ctrl+u",
    "a", "b", "x", "z", "space", "backspace", "tab", "shift+tab", "plus", "minus", "comma", "left", "right",
    "p", "w", "H", "s", "v", "A",
    "escape", "escape", "r", "x", "a", "t", "enter",  # more often: leave dialogs and the box, change papers
]


def assert_screen_matches_disk(app, home: Path) -> None:
    """The list and header of the library screen show what a fresh read of the library's files gives."""
    disk = Library.open(home)
    screen = next(s for s in app.screen_stack if isinstance(s, LibraryScreen))
    papers = screen.query_one(PaperList)
    for paper_id in disk.ids():
        assert app.library.state(paper_id) == disk.state(paper_id), paper_id
    view = LibraryView(disk, sort=app.view.sort, show_skipped=app.view.show_skipped)
    view.set_query(app.view.query)
    assert set(papers.ids) == set(view.shown)
    if not app.view.query:
        assert papers.ids == view.shown  # without a query the order is the sort's alone
    counts = view.counts()
    assert screen.sub_title.startswith(f"{counts.shown} shown / {counts.total}")
    width = papers.scrollable_content_region.width
    for y in range(min(papers.scrollable_content_region.height, len(papers.ids))):
        row = "".join(segment.text for segment in papers.render_line(y))
        title = disk.title_of(papers.ids[y + round(papers.scroll_y)])
        start = title[:8]  # the columns before the title come and go with the width (tui/widgets/paper_list.py)
        assert start in row or cell_len(title) != len(title), (row, title)
        assert cell_len(row) == width


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_keys_keep_screen_and_disk_in_step_and_undo_restores_all(
        make_app, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    monkeypatch.chdir(tmp_path)  # "e" then "enter" exports to the folder readlist started in
    rng = random.Random(seed)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.animation_level = "none"
        for _ in range(120):
            await pilot.press(rng.choice(KEYS))
        await pilot.pause()
        while len(app.screen_stack) > 1:  # leave any dialog (what was typed there is dropped)
            app.pop_screen()
        await pilot.pause()
        assert_screen_matches_disk(app, home)
        changes = len(app.library.history.done)
        assert changes, "the sequence changed nothing: pick another seed"
        for _ in range(changes):
            app.action_undo()
        await pilot.pause()
        assert app.library.history.to_undo() is None
        disk = Library.open(home)
        assert all(disk.state(paper_id) == BLANK_STATE for paper_id in disk.ids())
        assert_screen_matches_disk(app, home)
