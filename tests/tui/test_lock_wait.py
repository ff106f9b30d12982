"""Another readlist holding the library's lock never blocks the TUI (tui.saving).

A real second process takes the same file lock (or imports under it) while
Pilot types: the keys keep working, the changes wait in order and all reach the
disk once the lock frees, or are reported when it never does; another
process's import always shows within the polling interval.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readlist.store.library import LOCK_FILE, Library
from readlist.store.models import Status
from readlist.tui.app import DISK_CHECK_SECONDS
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.waiting_line import WAITING, WaitingLine
from tests.conftest import ROOT

SIZE = (120, 40)

#: Holds the library's lock (the same FileLock readlist takes) until a line arrives on stdin.
HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""

#: Opens the library, takes its lock, waits, imports a file under the lock, holds on a little.
IMPORTER = """
import sys, time
from pathlib import Path
from readlist.store.library import Library
library = Library.open()
library._lock.acquire()
print("locked", flush=True)
if sys.argv[2] == "wait":
    sys.stdin.readline()  # holds the lock until the test says go
library.import_files([Path(sys.argv[1])])
time.sleep(0.3)
library._lock.release()
print("released", flush=True)
"""


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}


class Holder:
    """A second process holding the library's lock until :meth:`release`."""

    def __init__(self, home: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(home / LOCK_FILE)], cwd=ROOT,
                                        env=env_for(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        self.process.wait(timeout=10)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def holder(home: Path) -> Iterator[callable]:
    started: list[Holder] = []

    def start() -> Holder:
        started.append(Holder(home))
        return started[-1]

    yield start
    for one in started:
        one.kill()


def papers(app) -> PaperList:
    return app.screen.query_one(PaperList)


def waiting_line(app) -> WaitingLine:
    return app.screen.query_one(WaitingLine)


def stored(home: Path, paper_id: str):
    """The reader's state of a paper as it is on disk now (a fresh read, no lock taken)."""
    return Library(home).state(paper_id)


async def wait_until(pilot, condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def test_twenty_keys_typed_while_a_second_process_holds_the_lock_all_reach_disk_in_order(
        make_app, home: Path, holder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = list(papers(app).ids)
        before = app.screen.sub_title
        lock = holder()
        await pilot.press("r")                                      # 0: read
        await pilot.pause()
        assert app.saver.pending == 1
        assert waiting_line(app).display
        assert WAITING in str(waiting_line(app).render())
        await pilot.press("j", "a", "j", "x")                       # 1: to-read, 2: skipped
        assert papers(app).cursor == 2                              # j moved while waiting
        await pilot.press("j", "t", "+", "r", "l", "enter")         # 3: tag rl
        await pilot.press("p", "p")                                 # 3: priority 1, then 2
        await pilot.press("j", "n", "h", "i", "ctrl+s")             # 4: note "hi"
        await pilot.press("E", "ctrl+u", *"Wombat", "enter")        # 4: own title
        await pilot.press("w", "u", "ctrl+r")                       # 4: reading, undone, redone
        await pilot.press("j", "space", "space", "a")               # 5, 6: to-read, in one change
        await pilot.press("escape", "k", "k", "k", "k", "r")        # marks cleared; 3: read
        await pilot.pause()
        assert papers(app).cursor == 3
        assert app.saver.pending == 13
        assert "13 changes" in str(waiting_line(app).render())
        assert app.screen.sub_title == before                       # nothing stored yet ...
        assert stored(home, ids[0]) == app.library.state(ids[0]) and not stored(home, ids[0]).read  # ... nor on disk

        lock.release()
        await wait_until(pilot, lambda: app.saver.pending == 0, 30)
        await pilot.pause(0.2)
        assert not waiting_line(app).display

        on_disk = Library(home)
        expected = {
            ids[0]: dict(status=Status.READ),
            ids[1]: dict(status=Status.TO_READ),
            ids[2]: dict(status=Status.SKIPPED),
            ids[3]: dict(status=Status.READ, tags=("rl",), priority=2),
            ids[4]: dict(status=Status.READING, note="hi", title="Wombat"),
            ids[5]: dict(status=Status.TO_READ),
            ids[6]: dict(status=Status.TO_READ),
        }
        for paper_id, fields in expected.items():
            state = on_disk.state(paper_id)
            assert {name: getattr(state, name) for name in fields} == fields, paper_id
        assert len(on_disk.touched()) == 7
        # the undo history is in the order typed: u now takes back the last r (paper 3)
        await pilot.press("u")
        await pilot.pause()
        assert Library(home).state(ids[3]).status == Status.NEW
        assert app.screen.sub_title.startswith("96 shown / 97")     # the skipped one is hidden


async def test_changes_the_lock_never_lets_through_are_reported_and_the_screen_shows_what_is_stored(
        make_app, home: Path, holder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.saver.patience = 5  # long enough for the keys to be typed first on a loaded machine
        ids = list(papers(app).ids)
        lock = holder()
        await pilot.press("r", "j", "a", "j", "t", *"video", "enter")
        await pilot.pause()
        assert app.saver.pending == 3
        await wait_until(pilot, lambda: app.saver.pending == 0, 15)
        await pilot.pause(0.2)
        reports = [n for n in app.notifications_shown if n.title == "Not saved"]
        assert len(reports) == 1
        lines = reports[0].message.splitlines()
        assert lines[0] == "3 changes not saved, another readlist kept the library busy for 5 s:"
        assert lines[1].startswith("  Read/unread “") and lines[2].startswith("  Mark as to-read “")
        assert lines[3].startswith("  Change the tags of “")
        assert not waiting_line(app).display
        for paper_id in ids[:3]:                                   # nothing stored, nothing shown
            assert stored(home, paper_id) == app.library.state(paper_id)
            assert app.library.state(paper_id).status == Status.NEW
        assert app.screen.sub_title == "97 shown / 97 · 97 new"

        lock.release()                                             # then the next key saves at once
        await pilot.press("r")
        assert app.saver.pending == 0
        assert stored(home, ids[2]).read


async def test_a_queued_change_is_saved_before_quitting_or_quitting_twice_leaves_it(
        make_app, home: Path, holder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lock = holder()
        await pilot.press("r", "q")
        await pilot.pause()
        assert app.is_running                                       # the first q only warns
        assert any(n.title == "Not saved yet" for n in app.notifications_shown)
        lock.release()
        await wait_until(pilot, lambda: app.saver.pending == 0, 15)
        await pilot.press("q")
    assert Library(home).state(papers_first_id(home)).read


def papers_first_id(home: Path) -> str:
    return Library(home).ids()[0]


def write_papers(path: Path, count: int) -> Path:
    path.write_text("".join(
        f"Abstract:We present Wombat{n}Net, a marsupial network number {n} that burrows through documents.\n\n"
        for n in range(count)))
    return path


@pytest.mark.parametrize("when", ["during", "after"])
async def test_another_process_import_shows_within_the_polling_interval_whatever_the_order_of_writes(
        make_app, home: Path, tmp_path: Path, when: str) -> None:
    """The app's own write (here the sort setting, then a read mark) re-reads the
    other process's import; the header must still show the new total."""
    app = make_app()
    source = write_papers(tmp_path / "more.txt", 5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.sub_title.startswith("97 shown / 97")
        other = subprocess.Popen([sys.executable, "-c", IMPORTER, str(source), "wait" if when == "during" else "go"],
                                 cwd=ROOT, env=env_for(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert other.stdout.readline().strip() == "locked"
        if when == "after":
            assert other.stdout.readline().strip() == "released"
        await pilot.press("s", "d")                                    # a settings write: sort by date
        if when == "during":
            assert app.saver.pending == 1                           # waits for the importer
            other.stdin.write("go\n")
            other.stdin.flush()
            assert other.stdout.readline().strip() == "released"
        landed = time.monotonic()
        other.wait(timeout=30)
        await wait_until(pilot, lambda: app.screen.sub_title.startswith("102 shown / 102"),
                         DISK_CHECK_SECONDS + 2)
        assert time.monotonic() - landed < DISK_CHECK_SECONDS + 2
        await pilot.press("r")                                       # and a state change after it
        await pilot.pause()
        assert app.screen.sub_title.startswith("102 shown / 102")
        assert len(papers(app).ids) == 102


async def test_triage_decisions_and_undo_typed_while_the_lock_is_held_are_saved_in_order(
        make_app, home: Path, holder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        triage = app.screen
        order = list(triage.session.ids)
        lock = holder()
        await pilot.press("a", "x", "1", "r", "u")                  # the undo takes back the r
        await pilot.pause()
        assert triage.session.current == order[4]                   # decided ahead: on to the next papers
        assert WAITING in str(waiting_line(app).render())
        lock.release()
        await wait_until(pilot, lambda: app.saver.pending == 0, 30)
        await pilot.pause()
        assert triage.session.current == order[3]                   # the undo, once saved, went back to it
        await pilot.press("q")
        disk = Library(home)
        assert [disk.state(pid).status for pid in order[:4]] == [Status.TO_READ, Status.SKIPPED, Status.TO_READ,
                                                                 Status.NEW]
        assert disk.state(order[2]).priority == 1
        assert app.settings.triage().position == 3                 # the session stored after its last step


# dialogs opened and answered twice, bulk changes with their question, undo, quit: typed all at once
TYPED_AHEAD = ["r", "t", "x", "enter", "enter", "j", "E", "enter", "enter", "A", "a", "y", "y", "u", "u",
               "n", "ctrl+s", "ctrl+s", "escape", "j", "x", "p", "ctrl+r", "escape", "escape", "w"]


async def test_keys_typed_ahead_while_the_lock_is_held_never_crash_and_end_as_stored(
        make_app, home: Path, holder) -> None:
    from tests.tui.test_ordered_keys import send_at_once
    from tests.tui.test_random_keys import assert_screen_matches_disk

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lock = holder()
        send_at_once(app, *TYPED_AHEAD)
        await pilot.pause(1)
        assert app.is_running
        lock.release()
        await wait_until(pilot, lambda: app.saver.pending == 0, 30)
        while len(app.screen_stack) > 1:                           # a dialog the keys left open
            await pilot.press("escape")
        await pilot.pause(2 * DISK_CHECK_SECONDS / 2 + 0.5)
        assert app.is_running and app.return_code is None
        assert_screen_matches_disk(app, home)


async def test_q_twice_quits_at_once_even_while_changes_wait_for_the_lock(make_app, home: Path, holder) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        holder()
        await pilot.press("r", "q")
        started = time.monotonic()
        await pilot.press("q")
        await pilot.pause()
    assert time.monotonic() - started < 5                          # the saving worker's wait was stopped
    assert not Library(home).state(Library(home).ids()[0]).read  # the reader was told it was not saved
