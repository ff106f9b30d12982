"""The query language in the TUI: errors, highlighting, saved searches, history, sidebar."""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.sidebar import Sidebar

SIZE = (120, 40)


def papers(app) -> PaperList:
    return app.screen.query_one(PaperList)


def title_of(app, paper_id: str) -> str:
    return app.library.title_of(paper_id)


def prepare(home: Path) -> None:
    library = Library.open(home)
    for start in ("UniFork", "GIR-Bench", "MammothModa2"):
        paper_id = next(pid for pid in library.ids() if library.title_of(pid).startswith(start))
        library.edit_tags(paper_id, "+benchmark")
    mammoth = next(pid for pid in library.ids() if library.title_of(pid).startswith("MammothModa2"))
    library.set_status(mammoth, Status.READ)


async def test_a_bad_query_shows_why_and_keeps_the_last_good_result(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"votes:>=3")
        await pilot.pause()
        good = list(papers(app).ids)
        await pilot.press("backspace")  # "votes:>=" has no number
        await pilot.pause()
        error = app.screen.query_one("#filter-error")
        assert error.display
        assert "'votes:>=' (at 1): expected a number after >=" in str(error.render())
        assert papers(app).ids == good
        await pilot.press("3")
        await pilot.pause()
        assert not error.display


async def test_matches_are_highlighted_in_the_list_and_detail_pane(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"difusion transfomer", "enter")
        await pilot.pause(0.3)
        assert {"diffusion", "transformer"} <= papers(app).match_words
        line = papers(app).render_line(0)
        match_style = papers(app).get_component_rich_style("paper-list--match")
        marked = "".join(seg.text for seg in line if isinstance(seg, Segment) and seg.style and
                         seg.style.underline and seg.style.bold == match_style.bold)
        assert "diffusion" in marked.casefold() and "transformer" in marked.casefold()
        abstract = app.screen.query_one("#detail-abstract").render()
        spans = [abstract.plain[s.start:s.end].casefold() for s in abstract.spans]
        assert "diffusion" in spans


async def test_saved_search_with_count_in_sidebar_and_key_after_restart(make_app, home: Path) -> None:
    prepare(home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tag:benchmark is:unread votes:>=2")
        await pilot.pause()
        assert len(papers(app).ids) == 2
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"bench to read", "enter")
        await pilot.pause()
        assert app.library.setting("saved_searches") == [
            {"name": "bench to read", "query": "tag:benchmark is:unread votes:>=2"}
        ]
        await pilot.press("escape", "escape", "b")
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.display and app.focused is sidebar
        prompts = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        assert "1 bench to read  2" in prompts
        assert "#benchmark  3" in prompts

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert again.screen.query_one("#filter").value == "tag:benchmark is:unread votes:>=2"
        assert [title_of(again, pid)[:8] for pid in papers(again).ids] == ["UniFork:", "GIR-Benc"]


async def test_choosing_a_tag_in_the_sidebar_filters_by_it(make_app, home: Path) -> None:
    prepare(home)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        sidebar = app.screen.query_one(Sidebar)
        tag_row = next(i for i in range(sidebar.option_count)
                       if str(sidebar.get_option_at_index(i).prompt).startswith("#benchmark"))
        sidebar.highlighted = tag_row
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "tag:benchmark"
        assert len(papers(app).ids) == 3 and app.focused is papers(app)


async def test_query_history_with_up_and_down(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for query in ("unifork", "status:new", "votes:>=3"):
            await pilot.press("slash", "ctrl+l", *query, "enter")
        await pilot.press("slash", "ctrl+l", "up")
        box = app.screen.query_one("#filter")
        assert box.value == "votes:>=3"
        await pilot.press("up", "up")
        assert box.value == "unifork"
        await pilot.press("down")
        assert box.value == "status:new"
        assert app.library.setting("query_history") == ["unifork", "status:new", "votes:>=3"]


async def test_saved_searches_are_in_the_palette(make_app, home: Path) -> None:
    library = Library.open(home)
    library.set_setting("saved_searches", [{"name": "priorities", "query": "priority:1"}])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"priorities")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#filter").value == "priority:1"
