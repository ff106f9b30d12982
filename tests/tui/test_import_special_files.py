"""The import dialog given a device, a FIFO or a socket, and a config.toml that is a FIFO
or too big: one notification, the app keeps running, and q quits."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.paths import config_path
from readlist.store.reading import MAX_CONFIG_BYTES
from readlist.tui.app import ReadlistApp
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.library import LibraryScreen

SIZE = (120, 40)


@pytest.mark.parametrize("which", ["/dev/zero", "/dev/urandom", "fifo", "socket"])
async def test_a_special_file_in_the_import_dialog_is_refused(
    make_app, which: str, fifo: Path, unix_socket: Path,
) -> None:
    path = {"fifo": fifo, "socket": unix_socket}.get(which, Path(which))
    if not path.exists():
        pytest.skip(f"no {path} here")
    kind = {"fifo": "a FIFO", "socket": "a socket"}.get(which, "a character device")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*str(path), "enter")
        await asyncio.wait_for(app.workers.wait_for_complete(), 10)  # fails, not hangs, if the read blocks
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        failed = [n for n in app.notifications_shown if n.title == "Import failed"]
        assert [n.message for n in failed] == [f"{path}: not a regular file ({kind}) (nothing imported)"]
        assert len(app.library) == 97
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("kind", ["fifo", "too big"])
async def test_a_config_that_is_a_fifo_or_too_big_is_one_problem(home: Path, kind: str) -> None:
    library = Library.open(home)
    path = config_path()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_text('theme = "nord"\n' + "# padding\n" * MAX_CONFIG_BYTES, encoding="utf-8")
    app = await asyncio.wait_for(asyncio.to_thread(ReadlistApp, library), 10)  # reads config.toml
    async with app.run_test(size=SIZE) as pilot:
        problems = [n.message for n in app.notifications_shown if n.title == "Config"]
        too_big = "too large (10 MiB; config.toml may be at most 1 MiB)"
        reason = "not a regular file (a FIFO)" if kind == "fifo" else too_big
        assert problems == [f"{path}: {reason}; using the defaults"]
        assert app.theme != "nord"
        await pilot.press("x")  # the default keys work
        assert app.library.status_counts()[Status.SKIPPED] == 1
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
