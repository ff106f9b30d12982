"""A change made in the running app survives ``kill -9`` right after it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from readlist.store.library import Library
from tests.conftest import ROOT

SCRIPT = """
import asyncio, sys, time
from readlist.store.library import Library
from readlist.tui.app import ReadlistApp

async def main():
    app = ReadlistApp(Library.open())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "r", "t", *"crash-safe", "enter", "n", *"typed before the kill", "ctrl+s")
        await pilot.pause()
        print("CHANGED", app.screen.query_one("#papers").highlighted, flush=True)
        time.sleep(60)  # killed here, without any clean shutdown

asyncio.run(main())
"""


def test_changes_survive_kill_9(home: Path) -> None:
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("CHANGED "), line
        paper_id = line.split()[1]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        process.kill()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    entry = Library.open(home).entry(paper_id)
    assert entry.read
    assert entry.tags == ("crash-safe",)
    assert entry.note == "typed before the kill"
