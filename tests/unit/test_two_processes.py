"""Two real processes writing to one library lose none of each other's changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from readlist.store.library import STATE_FILE, Library
from tests.conftest import ROOT, TEST_DATA

WRITER = """
import sys
from readlist.store import backups, state_file
from readlist.store.library import Library
name, steps, compacting = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "compacting"
if compacting and name == "a":  # a compacts the state in the background after every change, b only appends
    state_file.COMPACT_MIN_BYTES, backups.MIN_INTERVAL = 0, 0.0
library = Library.open()
ids = library.ids()
shared, own = ids[0], ids[1 if name == "a" else 2]
for step in range(steps):
    library.edit_tags(shared, f"+{name}{step}")       # both edit the same paper
    library.set_note(own, f"{name} wrote {step}")     # and one paper each
    if step % 10 == 0:
        library.toggle_read(shared)
    if compacting and name == "a":  # each compaction done before the next step: they go on between b's appends
        library.wait_for_compaction()
library.wait_for_compaction()
print("done", flush=True)
"""

STEPS = 40


@pytest.mark.parametrize("library_kind", ["new", "schema 3", "compacting"])
def test_two_writers_lose_nothing(home: Path, library_kind: str) -> None:
    if library_kind == "schema 3":  # a library written before the state journal
        shutil.copytree(TEST_DATA / "library-schema3", home)
    before = Library.open(home)  # create (or upgrade) it first, so both start from the same catalogue
    shared_before = before.state(before.ids()[0])
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, name, str(STEPS), library_kind], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    library = Library.open(home)
    ids = library.ids()
    expected = {f"{name}{step}" for name in "ab" for step in range(STEPS)} | set(shared_before.tags)
    assert set(library.state(ids[0]).tags) == expected
    assert library.state(ids[1]).note == f"a wrote {STEPS - 1}"
    assert library.state(ids[2]).note == f"b wrote {STEPS - 1}"
    toggles = 2 * len(range(0, STEPS, 10))
    assert library.state(ids[0]).read == (shared_before.read != (toggles % 2 == 1))
    if library_kind == "compacting":  # a's compactions went on between b's appends
        assert orjson.loads((home / STATE_FILE).read_bytes())["_meta"]["journal"]["seq"] > STEPS


def test_cli_import_while_another_process_holds_the_library(home: Path, tmp_path: Path) -> None:
    tui_side = Library.open(home)
    paper = tmp_path / "new.txt"
    paper.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "readlist.tui.cli", "import", str(paper)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "1 added" in result.stdout
    tui_side.set_note(tui_side.ids()[0], "written after the import")  # must not drop the new paper
    again = Library.open(home)
    assert len(again) == 98
    assert again.state(again.ids()[0]).note == "written after the import"
    assert tui_side.refresh() is False and len(tui_side) == 98  # already re-read while writing


HOLD = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_short_lock_wait_gives_up_quickly_with_library_busy_and_writes_nothing(home: Path) -> None:
    import time

    from readlist.store.errors import LibraryBusyError
    from readlist.store.library import LOCK_FILE

    library = Library.open(home)
    paper_id = library.ids()[0]
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home / LOCK_FILE)], cwd=ROOT, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with library.wait_for_lock(0.05):
            try:
                library.toggle_read(paper_id)
            except LibraryBusyError as error:
                assert "another readlist kept the library busy" in str(error)
            else:
                raise AssertionError("wrote while another process held the lock")
        assert time.monotonic() - started < 2
        assert not library.state(paper_id).read and not Library(home).state(paper_id).read
        assert library.history.to_undo() is None
    finally:
        holder.kill()
        holder.wait(timeout=10)
    library.toggle_read(paper_id)  # the default wait again, and the lock is free
    assert Library(home).state(paper_id).read


def test_a_write_that_reads_in_another_process_import_says_so_in_outside_generation(home: Path,
                                                                                    tmp_path: Path) -> None:
    tui_side = Library.open(home)
    seen = tui_side.outside_generation
    paper = tmp_path / "new.txt"
    paper.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "readlist.tui.cli", "import", str(paper)], cwd=ROOT, env=env,
                   capture_output=True, text=True, timeout=60, check=True)
    tui_side.set_setting("sort", "date")  # our write re-reads the import first ...
    assert tui_side.refresh() is False  # ... so refresh finds nothing new,
    assert tui_side.outside_generation > seen  # but the counter says something came in
    again = tui_side.outside_generation
    tui_side.toggle_read(tui_side.ids()[0])  # our own writes do not count
    assert tui_side.outside_generation == again
