"""Triage with single keys on the bundled catalogue, decisions kept, resumed after a restart."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets._footer import FooterKey

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.triage import TriageScreen

SIZE = (120, 40)
# one key per paper: queue, skip, read, priorities, and "later" (no decision)
KEYS = ["a", "x", "x", "l", "r", "1", "x", "2", "a", "3", "j"]
DECISION = {"a": "to-read", "l": "to-read", "x": "skipped", "r": "read", "1": "to-read P1",
            "2": "to-read P2", "3": "to-read P3", "j": "undecided"}


def key_for(index: int) -> str:
    return KEYS[index % len(KEYS)]


async def test_a_full_triage_pass_stores_every_decision(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, TriageScreen)
        triage = app.screen
        order = list(triage.session.ids)
        assert len(order) == 97  # every bundled paper is new
        for index in range(97):
            assert triage.session.current == order[index]
            await pilot.press(key_for(index))
        await pilot.pause()
        assert triage.session.done
        summary = str(app.screen.query_one("#triage-summary").render())
        assert "What you decided" in summary
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)

    library = Library.open(home)
    expected_priority = {"1": 1, "2": 2, "3": 3}
    for index, paper_id in enumerate(order):
        key = key_for(index)
        state = library.state(paper_id)
        want = DECISION[key].split()[0]
        assert state.status == (Status.NEW if want == "undecided" else Status(want)), (index, key)
        assert state.priority == expected_priority.get(key, 0)
    assert library.setting("triage") is None  # a finished session is forgotten


async def test_triage_resumes_after_a_restart_and_undo_goes_back(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "a", "x", "r", "a")
        triage = app.screen
        fourth = triage.session.ids[3]
        await pilot.press("u")  # the last decision (queue the 4th) is undone and shown again
        assert triage.session.current == fourth
        assert app.library.state(fourth).status == Status.NEW
        await pilot.press("x", "q")  # decide again, then stop after 4 papers
        order = triage.session.ids

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        triage = again.screen
        assert isinstance(triage, TriageScreen) and triage.resumed
        assert triage.session.position == 4 and triage.session.current == order[4]
        assert again.library.state(order[3]).status == Status.SKIPPED
        await pilot.press("k")
        assert triage.session.current == order[3]
        await pilot.press("D")  # drop the session: T starts a new one on what is shown
        await pilot.pause()
        await pilot.press("T")
        assert again.screen.session.ids == [pid for pid in order if again.library.state(pid).status == Status.NEW]


async def test_triage_on_marked_papers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "space", "space", "T")
        triage = app.screen
        assert len(triage.session.ids) == 2
        await pilot.press("1", "1")
        assert triage.session.done
        assert all(app.library.state(pid).priority == 1 for pid in triage.session.ids)


async def test_with_nothing_new_and_no_session_to_resume_t_says_so(make_app, home: Path) -> None:
    library = Library.open(home)
    library.set_setting("triage", {"ids": [], "position": 0, "decisions": {}})  # an empty session: none
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tag:nothing-has-this", "enter", "T")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("No new paper here" in n.message for n in app.notifications_shown)


async def test_at_80x24_the_footer_starts_with_help_and_the_abstract_scrolls(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        keys = sorted(triage.query(FooterKey), key=lambda key: key.region.x)
        assert f"{keys[0].key_display} {keys[0].description}" == "? Help"
        assert all(0 < key.region.right <= 80 for key in keys)
        shown = {key.description for key in keys}
        assert {"Queue", "Skip", "Read", "Tags", "Note", "Back", "Undo", "Stop"} <= shown
        body = triage.query_one("#triage-body", VerticalScroll)
        assert body.max_scroll_y > 2, "the first abstract should not fit at 80x24"
        await pilot.press("ctrl+d")
        await pilot.pause()
        half = body.scroll_y
        assert half >= body.scrollable_content_region.height // 2 or half == body.max_scroll_y
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("J", "J")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("K")
        await pilot.pause()
        assert body.scroll_y == 1
        assert triage.session.position == 0  # scrolling decides nothing
