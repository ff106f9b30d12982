"""``o`` and ``O``: the paper's page and PDF in the browser ``$BROWSER`` names,
or shown and copied where no browser starts."""

from __future__ import annotations

import asyncio
import time
import webbrowser
from pathlib import Path

import pytest

from readlist.store.importers.base import build_paper
from readlist.store.library import Library

SIZE = (120, 40)


def add(home: Path, title: str, **links: str) -> str:
    paper = build_paper(source="t.bib", source_format="test", title=title, **links)
    assert Library.open(home).add_papers([paper]).added == [paper.id]
    return paper.id


def use_browser(monkeypatch: pytest.MonkeyPatch, command: str | None) -> None:
    """Make webbrowser choose its browser again, from ``$BROWSER`` = ``command``
    (none: no browser at all, as on a headless machine over ssh)."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    if command is None:
        monkeypatch.setenv("PATH", "")  # no xdg-open, lynx, w3m ... either
    else:
        monkeypatch.setenv("BROWSER", command)
    # webbrowser reads $BROWSER once, into its registry: start it afresh
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_os_preferred_browser", None)


def recording_browser(tmp_path: Path, status: int = 0) -> tuple[Path, Path]:
    """A browser script that appends its argument to a file, and that file."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\nexit {status}\n')
    script.chmod(0o755)
    return script, log


async def lines_of(path: Path, count: int, timeout: float = 10.0) -> list[str]:
    """The file's lines once it has ``count`` of them (the browser runs in a thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count:
            return lines
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path} has {lines} after {timeout} s, expected {count} lines")


async def show(pilot, query: str) -> None:
    await pilot.press("slash", *query, "enter")
    await pilot.pause()


async def test_o_and_O_open_the_page_and_the_pdf_in_BROWSER(make_app, home, tmp_path, monkeypatch) -> None:
    add(home, "Wombat transformers for burrowing", arxiv_id="2501.01234", url="https://example.org/w.html")
    add(home, "Quokka nets of old", arxiv_id="hep-th/9901001")
    add(home, "Echidna graphs", doi="10.5555/echidna", url="https://example.org/echidna.PDF?dl=1")
    script, log = recording_browser(tmp_path)
    use_browser(monkeypatch, str(script))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "wombat")
        await pilot.press("o")
        assert await lines_of(log, 1) == ["https://arxiv.org/abs/2501.01234"]
        await pilot.press("O")
        await lines_of(log, 2)
        await pilot.press("escape")
        await show(pilot, "quokka")
        await pilot.press("O", "o")
        await lines_of(log, 4)
        await pilot.press("escape")
        await show(pilot, "echidna")
        await pilot.press("o")
        await lines_of(log, 5)
        await pilot.press("O")
        assert await lines_of(log, 6) == [
            "https://arxiv.org/abs/2501.01234", "https://arxiv.org/pdf/2501.01234",
            "https://arxiv.org/pdf/hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001",
            "https://doi.org/10.5555/echidna", "https://example.org/echidna.PDF?dl=1",
        ]
        await pilot.pause()
        assert [n.title for n in app.notifications_shown][-6:] == ["Opened in the browser"] * 6


async def test_without_a_browser_the_url_is_shown_and_copied(make_app, home, clipboard, monkeypatch) -> None:
    add(home, "Wombat transformers for burrowing", arxiv_id="2501.01234")
    use_browser(monkeypatch, None)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "wombat")
        await pilot.press("O")
        await pilot.pause()
        assert clipboard == ["https://arxiv.org/pdf/2501.01234"]
        shown = app.notifications_shown[-1]
        assert (shown.title, shown.message) == (
            "No web browser here", "https://arxiv.org/pdf/2501.01234\nCopied to the clipboard")


async def test_a_browser_that_fails_is_said_and_the_url_copied(make_app, home, tmp_path, clipboard,
                                                                monkeypatch) -> None:
    add(home, "Wombat transformers for burrowing", doi="10.5555/wombat")
    script, log = recording_browser(tmp_path, status=1)
    use_browser(monkeypatch, str(script))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "wombat")
        await pilot.press("o")
        await lines_of(log, 1)
        for _ in range(100):
            if clipboard:
                break
            await pilot.pause(0.05)
        assert clipboard == ["https://doi.org/10.5555/wombat"]
        assert app.notifications_shown[-1].title == "The browser did not start"


async def test_a_paper_without_a_link_or_pdf_says_so(make_app, home, tmp_path, monkeypatch) -> None:
    add(home, "Wombat transformers for burrowing", doi="10.5555/wombat")
    script, log = recording_browser(tmp_path)
    use_browser(monkeypatch, str(script))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "wombat")
        await pilot.press("O")
        await pilot.pause()
        assert app.notifications_shown[-1].message == "No PDF known for this paper; o opens its page"
        await pilot.press("escape", "g", "o", "O")  # the first bundled paper: no link at all
        await pilot.pause()
        assert [n.message for n in app.notifications_shown][-2:] == ["No link known for this paper"] * 2
        assert all(n.severity == "warning" for n in list(app.notifications_shown)[-3:])
    assert not log.exists()


async def test_open_and_open_pdf_are_in_the_palette(make_app, home, tmp_path, monkeypatch) -> None:
    add(home, "Wombat transformers for burrowing", arxiv_id="2501.01234")
    script, log = recording_browser(tmp_path)
    use_browser(monkeypatch, str(script))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "wombat")
        await pilot.press("ctrl+p", *"open pdf")
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await lines_of(log, 1) == ["https://arxiv.org/pdf/2501.01234"]
