"""m (more like this), the for-you sort and the statistics screen (ctrl+t), in the real app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.app import ReadlistApp
from readlist.tui.config import Config
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.similar import SimilarScreen
from readlist.tui.screens.sort_menu import SortMenu
from readlist.tui.screens.stats import StatsScreen
from readlist.tui.widgets.paper_list import PaperList
from tests.topics import topic_library

SIZE = (120, 40)


def app_on(library: Library) -> ReadlistApp:
    return ReadlistApp(library, config=Config())


async def settle(pilot) -> None:
    """Let the workers (vectors, training) finish and their answers reach the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def papers(app: ReadlistApp) -> PaperList:
    return app.screen.query_one(PaperList)


async def test_m_lists_similar_papers_enter_goes_to_one_and_keys_act_on_them(home: Path) -> None:
    library, video, _rl = topic_library(home)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        assert papers(app).highlighted == video[0]
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, SimilarScreen)
        await settle(pilot)
        assert screen.neighbours is not None and len(screen.neighbours) == 20
        assert all(n.id in video for n in screen.neighbours[:15])
        first = screen.neighbours[0].id
        assert screen.highlighted_id() == first
        await pilot.press("a")  # queue it, as in the list
        assert library.state(first).status == Status.TO_READ
        await pilot.press("j", "x")
        second = screen.neighbours[1].id
        assert library.state(second).status == Status.SKIPPED
        await pilot.press("r")
        assert library.state(second).status == Status.READ
        await pilot.press("t", *"vid", "enter")
        await settle(pilot)  # a tag changes the vectors: the neighbours are found again
        assert library.state(second).tags == ("vid",)
        assert app.screen is screen and screen.highlighted_id() == second
        await pilot.press("g", "enter")
        assert isinstance(app.screen, LibraryScreen)
        assert papers(app).highlighted == screen.neighbours[0].id


async def test_m_follows_a_retag_and_esc_goes_back(home: Path) -> None:
    library, video, rl = topic_library(home)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        before = [n.id for n in screen.neighbours]
        assert rl[0] not in before
        library.edit_tags([video[0], rl[0]], "+crossover +shared")  # as another readlist would
        app.announce()
        await settle(pilot)
        assert [n.id for n in screen.neighbours] != before
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen) and papers(app).highlighted == video[0]


async def test_sorting_for_you_ranks_video_first_says_why_and_retrains_on_decisions(home: Path) -> None:
    library, video, rl = topic_library(home)
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SortMenu)
        await pilot.press("f")
        await settle(pilot)
        assert app.view.sort == "for-you"
        assert set(papers(app).ids[:30]) == set(video[10:])
        assert "by for you ↓" in app.screen.sub_title
        assert any("trained on 10 for, 10 against" in n.message for n in app.notifications_shown)
        await pilot.press("g")
        why = str(app.screen.query_one("#detail-why", Static).render())
        assert why.startswith("For you: score +") and "because of" in why
        assert library.settings()["sort"] == "for-you"
        top = papers(app).highlighted
        await pilot.press("x")  # the best one skipped: the model learns from it
        await settle(pilot)
        model = app.view.for_you()
        assert model is not None and (model.positives, model.negatives) == (10, 11)
        assert top not in papers(app).ids and papers(app).ids[0] in video


async def test_for_you_with_too_few_decisions_says_so_and_triage_follows_the_order(home: Path) -> None:
    library, video, _rl = topic_library(home)
    library.set_status(video[:2], Status.TO_READ)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "f")
        await settle(pilot)
        warned = [n for n in app.notifications_shown if "too few decisions" in n.message]
        assert warned and warned[-1].severity == "warning"
        shown = papers(app).ids
        dates = [library.paper(pid, with_abstract=False).date for pid in shown[:len(shown) - 2]]
        assert dates == sorted(dates, reverse=True)  # newest first
        await pilot.press("g")  # the cursor stayed on the paper it was on (queued): to the first new one
        why = str(app.screen.query_one("#detail-why", Static).render())
        assert "too few decisions" in why
        await pilot.press("T")
        assert app.screen.session.ids == shown[:len(shown) - 2]  # triage in the for-you order


async def test_for_you_by_a_tag_from_the_menu(home: Path) -> None:
    library, video, rl = topic_library(home)
    library.edit_tags(rl[:6], "+later")
    library.set_status(video[:6], Status.TO_READ)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "F", *"later", "enter")
        await settle(pilot)
        assert app.view.sort == "for-you:later"
        assert "for you #later" in app.screen.sub_title
        assert set(papers(app).ids[:len(rl) - 6]) == set(rl[6:])


async def test_ctrl_t_shows_statistics_that_follow_changes(home: Path) -> None:
    library, video, rl = topic_library(home)
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.stats.weeks[-1].decided == 20 and screen.stats.weeks[-1].read == 0
        text = str(screen.query_one("#stats-text", Static).render())
        assert "Papers: 60 new · 10 to-read · 0 reading · 0 read · 10 skipped" in text
        assert "decided: 20 (this week 20)" in text
        library.set_status(video[:3], Status.READ)
        app.announce()
        await pilot.pause()
        assert screen.stats.weeks[-1].read == 3
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_palette_offers_statistics_and_more_like_this(home: Path) -> None:
    library, _, _ = topic_library(home)
    app = app_on(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"statis")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_a_remembered_for_you_order_trains_in_the_background_at_start(home: Path) -> None:
    library, video, rl = topic_library(home)
    library.set_status(video[:10], Status.TO_READ)
    library.set_status(rl[:10], Status.SKIPPED)
    library.set_setting("sort", "for-you")
    app = app_on(Library.open(home, bundled=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.view.sort == "for-you"
        assert set(papers(app).ids[:30]) == set(video[10:])
        assert "sorting by" not in app.screen.sub_title
