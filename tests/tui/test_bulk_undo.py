"""Marking papers, bulk changes with confirmation, and undo/redo across screens."""

from __future__ import annotations

from pathlib import Path

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.screens.confirm import ConfirmScreen
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.triage import TriageScreen
from readlist.tui.widgets.paper_list import PaperList

SIZE = (120, 40)


def papers(app) -> PaperList:
    return app.screen.query_one(PaperList)


async def test_bulk_tag_asks_first_and_undoes_in_one_step(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert len(papers(app).marked) == 97
        await pilot.press("t", *"+bulk", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.library.tag_counts()["bulk"] == 97
        assert Library.open(home).tag_counts()["bulk"] == 97

        await pilot.press("u")
        await pilot.pause()
        assert app.library.tag_counts()["bulk"] == 0
        assert any(n.title == "Undone" and "97 papers" in n.message for n in app.notifications_shown)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert Library.open(home).tag_counts()["bulk"] == 97


async def test_a_declined_bulk_change_changes_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "G", "x")  # a range from the top to the bottom, then skip
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.library.status_counts()[Status.SKIPPED] == 0


async def test_a_small_selection_changes_at_once_and_escape_clears_marks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "a")
        queued = [pid for pid, s in app.library.touched().items() if s.status == Status.TO_READ]
        assert len(queued) == 2
        await pilot.press("escape")
        assert not papers(app).marked
        await pilot.press("x")  # no marks: the highlighted paper only
        assert app.library.status_counts()[Status.SKIPPED] == 1


async def test_skipped_papers_are_hidden_until_asked_for(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        first = papers(app).highlighted
        await pilot.press("x")
        await pilot.pause()
        assert first not in papers(app).ids and len(papers(app).ids) == 96
        await pilot.press("H")
        assert first in papers(app).ids
        await pilot.press("u", "H")
        await pilot.pause()
        assert len(papers(app).ids) == 97


async def test_undo_and_redo_work_across_screens(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "r")  # read the first paper in triage
        first = app.screen.session.ids[0]
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("u")  # undone from the library screen
        await pilot.pause()
        assert app.library.state(first).status == Status.NEW
        await pilot.press("ctrl+r")
        assert app.library.state(first).status == Status.READ
        await pilot.press("T")
        assert isinstance(app.screen, TriageScreen)


async def test_sort_menu_chooses_and_is_remembered(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "d")
        assert app.screen.sort == "date"
        dates = [app.library.paper(pid, with_abstract=False).date for pid in papers(app).ids[:3]]
        assert all(d and "," not in d for d in dates)  # this year's dates (no year given) first
        await pilot.press("s", "v")
        assert app.screen.sort == "votes"
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.screen.sort == "votes"


async def test_a_search_says_how_many_skipped_papers_it_hides_and_status_skipped_shows_them(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"unifork", "enter")
        found = papers(app).highlighted
        await pilot.press("x")
        await pilot.pause()
        assert papers(app).ids == []
        assert "1 skipped hidden (H shows)" in app.screen.sub_title
        await pilot.press("slash", "ctrl+l", *"unifork status:skipped", "enter")
        await pilot.pause()
        assert papers(app).ids == [found]
