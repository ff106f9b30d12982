"""The list, the header, the sidebar and ``readlist list`` agree: they all ask the one view (store.view)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.settings import Settings
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.sidebar import Sidebar
from tests.conftest import ROOT

SIZE = (120, 40)


def shown_count(app) -> int:
    """The "N shown" of the header."""
    return int(app.screen.sub_title.split(" shown")[0])


async def test_after_a_skip_the_header_and_readlist_list_count_the_same(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "x")
        await pilot.pause()
        header = shown_count(app)
        assert header == len(app.screen.query_one(PaperList).ids) == 96
        await pilot.press("q")
    env = {**os.environ, "READLIST_HOME": str(home)}
    listed = subprocess.run([sys.executable, "-m", "readlist.tui.cli", "list"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    assert len(listed.stdout.splitlines()) == header


async def test_a_saved_search_counts_in_the_sidebar_what_choosing_it_shows(make_app, home: Path) -> None:
    library = Library.open(home)
    videos = [pid for pid in library.ids() if "video" in library.title_of(pid).casefold()]
    library.set_status(videos[:2], Status.SKIPPED)  # matched by the query, hidden by the list
    library.set_tags(videos[2:4], ["video"])
    Settings(library).save_search("videos", "video")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        sidebar = app.screen.query_one(Sidebar)
        prompts = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        [entry] = [p for p in prompts if p.startswith("1 videos")]
        counted = int(entry.split()[-1])
        assert "#video  2" in prompts
        await pilot.press("1")
        await pilot.pause()
        assert shown_count(app) == len(app.screen.query_one(PaperList).ids) == counted
        assert not set(videos[:2]) & set(app.screen.query_one(PaperList).ids)


async def test_after_a_retitle_the_filter_finds_the_new_title_and_not_the_old(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        target = next(pid for pid in app.library.ids() if app.library.title_of(pid).startswith("JointDiT"))
        await pilot.press("slash", *"title:jointdit", "enter")
        await pilot.pause()
        assert app.screen.query_one(PaperList).ids == [target]
        await pilot.press("E", "ctrl+u", *"Quokka burrows under zebra stripes", "enter")
        await pilot.pause()
        assert app.library.title_of(target) == "Quokka burrows under zebra stripes"
        assert app.screen.query_one(PaperList).ids == []  # no longer matches the filter shown
        await pilot.press("slash", "ctrl+l", *"title:jointdit")
        await pilot.pause()
        assert app.screen.query_one(PaperList).ids == []
        await pilot.press("ctrl+l", *"quokka zebra")
        await pilot.pause()
        assert app.screen.query_one(PaperList).ids == [target]
