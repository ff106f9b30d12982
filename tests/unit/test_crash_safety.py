"""Killing a writer at random moments never breaks the library (``kill -9`` loop).

A forked child writes to the library as fast as it can (the reader's state on
every step, a catalogue import every few steps) and reports each change after
the call returned. The parent kills it with SIGKILL after a random delay, 200
times, and after every kill the library must open cleanly and hold every change
that was reported saved. Three ways: on a new library; on a library written by
readlist before the state journal (``tests/data/library-schema3``, upgraded by
the first child, which may be killed doing it); and with the child compacting
the state journal in the background after every change, so kills land between
the new snapshot and the new journal too.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import time
from pathlib import Path

import orjson
import pytest

from readlist.store import backups, state_file
from readlist.store.files import snapshot_seq
from readlist.store.library import STATE_FILE, Library
from readlist.store.models import Paper
from readlist.store.state_file import JOURNAL_FILE
from tests.conftest import TEST_DATA

KILLS = 200
PAPERS = 10
#: What a writer reports once it has opened the library (before its first change).
OPEN = b"open\n"


def _writer(home: Path, report_fd: int, start: int, compacting: bool) -> None:
    if compacting:  # only in this process: a compaction is due after every change
        state_file.COMPACT_MIN_BYTES = 0
        backups.MIN_INTERVAL = 0.0
    library = Library(home)
    ids = library.ids()[:PAPERS]
    os.write(report_fd, OPEN)
    step = start
    while True:
        library.set_note(ids[step % PAPERS], f"note {step}")
        if step % 7 == 0:
            paper = Paper(id=f"crash{step:08d}", title=f"Crash test paper {step}", keys=(f"title:{step}",))
            library.add_papers([paper])
        os.write(report_fd, f"{step}\n".encode())
        step += 1


def _run_and_kill(home: Path, start: int, delay: float, compacting: bool, *, when_open: bool) -> list[int]:
    """Fork a writer, kill it ``delay`` seconds later (counted from when it has
    opened the library, if ``when_open``, so a loaded machine's slow start does
    not use up the delay), and return the steps it reported saved."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write until killed
        os.close(read_fd)
        try:
            _writer(home, write_fd, start, compacting)
        finally:
            os._exit(1)
    os.close(write_fd)
    reported = b""
    if when_open:
        while OPEN not in reported and select.select([read_fd], [], [], 30)[0]:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            reported += chunk
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while select.select([read_fd], [], [], 0)[0]:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        reported += chunk
    os.close(read_fd)
    return [int(line) for line in reported.replace(OPEN, b"").decode().split()]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("library_kind", ["new", "schema 3", "compacting"])
def test_kill_9_at_random_moments_never_loses_a_saved_change(home: Path, library_kind: str) -> None:
    if library_kind == "schema 3":
        shutil.copytree(TEST_DATA / "library-schema3", home)  # the first child upgrades it
    else:
        Library.open(home)  # the bundled catalogue, once
    rng = random.Random(2026)
    notes: dict[int, str] = {}  # paper index -> last note reported saved
    papers_added: set[str] = set()
    step, unconfirmed_writes, mid_write, compacted = 0, 0, 0, set()
    for _ in range(KILLS):
        # the first writer may be killed while it opens (and upgrades) the library; later ones once they write
        reported = _run_and_kill(home, step, rng.uniform(0.0, 0.04), library_kind == "compacting",
                                 when_open=bool(step))
        journal = (home / JOURNAL_FILE).read_bytes() if (home / JOURNAL_FILE).exists() else b""
        # killed between temp file and rename, or in the middle of a journal line
        in_write = bool(list(home.glob(".*.tmp"))) or (journal != b"" and not journal.endswith(b"\n"))
        landed_before = unconfirmed_writes
        for done in reported:
            notes[done % PAPERS] = f"note {done}"
            if done % 7 == 0:
                papers_added.add(f"crash{done:08d}")
        in_flight = (reported[-1] + 1) if reported else step  # may or may not have landed

        library = Library(home)  # must open, without recovery
        assert [n for n in library.notices if not n.startswith("Upgraded ")] == []
        compacted.add(snapshot_seq(orjson.loads((home / STATE_FILE).read_bytes()), home / STATE_FILE))
        assert not list(home.glob("*.corrupt-*"))
        ids = library.ids()[:PAPERS]
        for index, note in notes.items():
            stored = library.state(ids[index]).note
            if index == in_flight % PAPERS and stored == f"note {in_flight}":
                unconfirmed_writes += 1
                notes[index] = stored
                continue
            assert stored == note, (index, stored, note)
        assert papers_added <= set(library.ids())
        assert not list(home.glob(".*.tmp"))  # temp files of killed writers are cleaned up
        mid_write += in_write or unconfirmed_writes > landed_before  # or written but not yet reported
        step = in_flight + 1
    assert step > KILLS  # the writer really wrote between kills
    assert mid_write > KILLS // 10  # and many kills landed in the middle of a change
    if library_kind == "compacting":
        assert len(compacted) > KILLS // 4  # the snapshot was rewritten again and again
