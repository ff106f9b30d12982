"""Papers from the web in the TUI: ``F`` fetches the followed sources, ``+`` adds by id.

A real HTTP server on 127.0.0.1 serves the recorded answers of tests/data/net;
config.toml in the test's library folder points ``[services]`` at it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.services import arxiv
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.widgets.paper_list import PaperList
from tests.recorded_server import RecordedServer, config_toml, serve_recorded

SIZE = (120, 40)


@pytest.fixture
def server(home: Path, monkeypatch: pytest.MonkeyPatch):
    """The recorded services, followed: Daily Papers and arXiv cs.CV (arXiv's 3 s pacing off)."""
    monkeypatch.setattr(arxiv, "MIN_INTERVAL", 0.0)
    with serve_recorded(RecordedServer()) as running:
        home.mkdir(parents=True, exist_ok=True)
        follow = '[follow]\nhuggingface = true\narxiv = ["cs.CV"]\n'
        (home / "config.toml").write_text(config_toml(running.url) + follow)
        yield running


async def test_F_fetches_the_followed_sources_in_a_worker(make_app, server: RecordedServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.library) == 97 + 5  # the recorded cs.CV answer; no Daily Papers for the last week
        assert server.requests_to("/api/daily_papers"), "the Daily Papers were asked for"
        fetched = [n.message for n in app.notifications_shown if n.title == "Fetched"]
        assert any(m.startswith("arXiv cs.CV: 5 added") for m in fetched), fetched
        assert "5 arrived" in app.screen.sub_title
        assert app.screen.query_one(PaperList).ids[-5:] == app.library.ids()[-5:]
        assert {app.library.state(i).status.value for i in app.library.ids()[-5:]} == {"new"}


async def test_plus_adds_a_paper_by_arxiv_id(make_app, server: RecordedServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"arXiv:1605.08386v1", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        added = app.library.paper(app.library.ids()[-1])
        assert (added.title, added.arxiv_id) == ("Heat-bath random walks with Markov bases", "1605.08386")
        assert added.authors and added.link == "https://arxiv.org/abs/1605.08386"
        assert any(n.title == "Added" for n in app.notifications_shown)


async def test_a_service_that_is_gone_is_one_notification_and_changes_nothing(make_app, server) -> None:
    server.stop()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.library.ids()
        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        failed = [n.message for n in app.notifications_shown if n.title == "Fetch failed"]
        assert failed and all("cannot be reached" in m and "\n" not in m for m in failed), failed
        assert app.library.ids() == before
        await pilot.press("plus", *"10.1126/science.169.3946.635", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.title == "Not added" and "doi.org: cannot be reached" in n.message
                   for n in app.notifications_shown)
        assert app.library.ids() == before


async def test_F_without_followed_sources_says_how_to_follow(make_app, home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert any("[follow]" in n.message for n in app.notifications_shown)
        assert len(app.library) == 97
