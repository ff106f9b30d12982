"""The reader's state as a snapshot and a journal (:mod:`store.state_file`, :mod:`store.journal`).

``tests/data/library-schema3`` is a library as readlist wrote it before the
journal (state schema 3, commit 08082cb): twelve bundled papers added with
``add_papers``, then statuses, a triage decision with a priority, tags (one
bulk edit), a Markdown note with non-ASCII text, a title, a priority, a read
mark taken back, an undone tag, three settings; the one state backup it made,
and no backups of the other files.
"""

from __future__ import annotations

import os
import shutil
import threading
import zlib
from pathlib import Path

import orjson
import pytest

from readlist.store import backups, state_file
from readlist.store.errors import StorageError
from readlist.store.journal import Journal, decode, encode
from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.migrations import CURRENT
from readlist.store.models import ReaderState, Status
from readlist.store.state_file import JOURNAL_FILE
from tests.conftest import TEST_DATA
from tests.unit.faults import Faults

SCHEMA3 = TEST_DATA / "library-schema3"


def stored_states(home: Path) -> dict[str, ReaderState]:
    """Every reader's state a fresh open of ``home`` shows."""
    library = Library(home)
    return {pid: library.state(pid) for pid in library.touched()}


# -- a library written before the journal ---------------------------------------------


def test_a_library_of_state_schema_3_upgrades_with_nothing_lost(home: Path) -> None:
    shutil.copytree(SCHEMA3, home)
    old = orjson.loads((SCHEMA3 / STATE_FILE).read_bytes())
    assert old["_meta"]["schema"] == {"schema": 3, "kind": "state"}

    library = Library(home)
    assert library.notices == [f"Upgraded state.json from schema 3 to {CURRENT['state']} "
                               "(the old file is kept in backups/)."]
    assert {pid: library.state(pid).to_doc() for pid in library.touched()} == old["state"]
    assert library.settings() == {name: doc["value"] for name, doc in old["settings"].items()}
    assert library.state(library.ids()[1]).note.endswith("ünïcode ✓")
    for name in (CATALOGUE_FILE, ABSTRACTS_FILE):  # only the state changes schema
        assert (home / name).read_bytes() == (SCHEMA3 / name).read_bytes()
    new = orjson.loads((home / STATE_FILE).read_bytes())
    assert new["_meta"]["schema"] == {"schema": CURRENT["state"], "kind": "state"}
    assert new["state"] == old["state"] and new["settings"] == old["settings"]
    [original] = backups.originals_of(home, STATE_FILE)
    assert original.read_bytes() == (SCHEMA3 / STATE_FILE).read_bytes()
    assert not (home / JOURNAL_FILE).exists()

    paper_id = library.ids()[0]
    library.set_note(paper_id, "after the upgrade")
    library.undo()
    library.redo()
    assert len((home / JOURNAL_FILE).read_bytes().splitlines()) == 3
    reopened = Library(home)
    assert reopened.notices == []
    assert reopened.state(paper_id).note == "after the upgrade"
    assert reopened.state(paper_id).tags == ("diffusion", "survey")


def test_a_state_backup_of_schema_3_restores_and_the_journal_applies_over_it(home: Path) -> None:
    shutil.copytree(SCHEMA3, home)
    library = Library(home)
    paper_id = library.ids()[3]
    library.set_status(paper_id, Status.READ)
    for backup in backups.backups_of(home, STATE_FILE):  # keep only the backup readlist made before the journal
        if backup.name not in os.listdir(SCHEMA3 / backups.FOLDER):
            backup.unlink()
    (home / STATE_FILE).write_bytes(b"{ damaged")

    reopened = Library(home)
    assert reopened.read_only is None
    assert reopened.notices[0].startswith("state.json could not be read")
    assert "Upgraded state.json from schema 3" in reopened.notices[1]
    assert reopened.state(paper_id).status == Status.READ  # from the journal, over the old backup
    assert reopened.state(reopened.ids()[1]).priority == 1  # from the backup


# -- the journal's lines ------------------------------------------------------------


def test_a_torn_last_line_is_dropped_and_cut_off_by_the_next_change(library: Library, home: Path) -> None:
    first, second = library.ids()[:2]
    library.set_note(first, "saved")
    saved = (home / JOURNAL_FILE).read_bytes()
    torn = encode(2, {"state": {second: ReaderState(note="never reported saved").to_doc()}})[:-30]
    (home / JOURNAL_FILE).write_bytes(saved + torn)  # a writer killed in the middle of its line

    reopened = Library(home)
    assert reopened.notices == []  # a killed writer is no damage
    assert (reopened.state(first).note, reopened.state(second).note) == ("saved", "")
    assert (home / JOURNAL_FILE).read_bytes() == saved + torn  # opening leaves it: no lock needed to read
    reopened.set_note(second, "written after")
    lines = (home / JOURNAL_FILE).read_bytes().splitlines()
    assert len(lines) == 2 and all(decode(line) for line in lines)  # the torn part is gone
    assert decode(lines[1]).seq == 2
    assert Library(home).state(second).note == "written after"


def test_changes_the_snapshot_holds_are_never_applied_again(library: Library, home: Path) -> None:
    """A kill after the new snapshot is in place but before the journal is
    rewritten leaves old lines behind: numbered at or below the snapshot's,
    they are skipped, even where they say something else."""
    paper_id = library.ids()[0]
    library.set_note(paper_id, "one")
    library.set_note(paper_id, "two")
    journal = (home / JOURNAL_FILE).read_bytes()
    assert library.compact_state()
    (home / JOURNAL_FILE).write_bytes(journal)  # as if killed before the journal's rewrite
    data = orjson.loads((home / STATE_FILE).read_bytes())
    assert data["_meta"]["journal"] == {"seq": 2}
    data["state"][paper_id]["note"] = "only in the snapshot"
    (home / STATE_FILE).write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))

    reopened = Library(home)
    assert reopened.notices == []
    assert reopened.state(paper_id).note == "only in the snapshot"
    reopened.set_note(paper_id, "three")  # numbered 3, after the old lines
    assert decode((home / JOURNAL_FILE).read_bytes().splitlines()[-1]).seq == 3
    assert Library(home).state(paper_id).note == "three"


def test_a_failed_journal_rewrite_after_compacting_loses_nothing(library: Library, home: Path) -> None:
    paper_id = library.ids()[0]
    for n in range(3):
        library.set_note(paper_id, f"v{n}")
    with Faults() as counting:
        library.compact_state()
    library.set_note(paper_id, "v3")
    for at in range(1, counting.calls + 1):  # each step of a compaction failing: the snapshot, the journal, the backup
        copy = home.parent / f"copy-{at}"
        shutil.copytree(home, copy)
        other = Library(copy)
        other.set_note(paper_id, "v4")
        with Faults(at=at):
            try:
                other.compact_state()
            except StorageError as error:  # the state stays whole: the old snapshot and journal
                assert "not saved" in str(error)
        other.set_note(paper_id, "v5")
        reopened = Library(copy)
        assert reopened.notices == [] and reopened.state(paper_id).note == "v5", at
        assert not list(copy.glob(".*.tmp"))


def test_a_journal_deleted_behind_the_library_is_written_back_whole(library: Library, home: Path) -> None:
    first, second = library.ids()[:2]
    library.set_note(first, "one")
    (home / JOURNAL_FILE).unlink()  # lost: only this process still has "one"
    library.set_note(second, "two")
    assert stored_states(home)[first].note == "one" and stored_states(home)[second].note == "two"
    library.set_note(first, "three")  # and the new journal is used from then on
    assert len((home / JOURNAL_FILE).read_bytes().splitlines()) == 1
    assert Library(home).state(first).note == "three"


def test_a_journal_line_that_is_not_a_record_counts_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL_FILE
    good = encode(1, {"state": {"a": {}}})
    not_a_record = b"%08x %s\n" % (zlib.crc32(b"[1, 2]"), b"[1, 2]")
    path.write_bytes(good + b"garbage\n" + not_a_record + encode(2, {"state": {"b": {}}}))
    journal = Journal(path)
    assert [record.seq for record in journal.read_new()] == [1, 2]
    assert journal.damaged == [2, 3]


# -- compacting -------------------------------------------------------------------


def test_the_journal_is_compacted_in_the_background_when_it_outgrows_the_snapshot(
        library: Library, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_file, "COMPACT_MIN_BYTES", 4096)
    ids = library.ids()
    snapshots = set()
    for n in range(200):
        library.set_note(ids[n % 20], f"note {n}")
        snapshots.add((home / STATE_FILE).stat().st_ino)
    library.wait_for_compaction()
    assert len(snapshots) > 3  # rewritten several times meanwhile
    assert (home / JOURNAL_FILE).stat().st_size <= max(4096, (home / STATE_FILE).stat().st_size / 4) + 1024
    assert {pid: state.note for pid, state in stored_states(home).items()} == {
        ids[n % 20]: f"note {n}" for n in range(180, 200)}
    newest = backups.backups_of(home, STATE_FILE)[0]
    assert orjson.loads(newest.read_bytes())["_meta"]["journal"]["seq"] > 0  # backed up when compacted


def test_a_bulk_change_and_its_undo_are_one_line_each(library: Library, home: Path) -> None:
    ids = library.ids()
    library.set_status(ids, Status.TO_READ)
    library.undo()
    lines = (home / JOURNAL_FILE).read_bytes().splitlines()
    assert [len(decode(line).put["state"]) for line in lines] == [len(ids), len(ids)]
    assert all(state.status == Status.NEW for state in stored_states(home).values())


# -- other processes ----------------------------------------------------------------


def test_another_process_changes_are_read_from_the_lines_added_since(library: Library, home: Path) -> None:
    other = Library(home)
    paper_id = library.ids()[2]
    snapshot = library._state.storage.signature
    other.set_tags(paper_id, ["from-the-other"])
    other.set_setting("sort", "title")
    assert library.refresh()
    assert library.state(paper_id).tags == ("from-the-other",) and library.setting("sort") == "title"
    assert library._state.storage.signature == snapshot  # the snapshot was not read again
    assert not library.refresh()


def test_another_process_compacting_is_read_in_whole_and_writing_goes_on(library: Library, home: Path) -> None:
    other = Library(home)
    first, second = library.ids()[:2]
    other.set_note(first, "other one")
    assert other.compact_state()
    other.set_note(second, "other two")  # in the new journal
    library.set_note(first, "mine")  # reads the other's compaction in first, then appends
    assert library.state(second).note == "other two"
    reopened = Library(home)
    assert (reopened.state(first).note, reopened.state(second).note) == ("mine", "other two")
    assert other.refresh() and other.state(first).note == "mine"


def test_a_read_only_library_never_touches_the_journal(library: Library, home: Path) -> None:
    library.set_note(library.ids()[0], "kept")
    journal = (home / JOURNAL_FILE).read_bytes()
    home.chmod(0o555)
    try:
        if os.access(home, os.W_OK):
            pytest.skip("root writes to read-only folders")
        readonly = Library(home)
        assert readonly.read_only is not None and readonly.state(readonly.ids()[0]).note == "kept"
        with pytest.raises(StorageError, match="not saved"):
            readonly.set_note(readonly.ids()[0], "refused")
    finally:
        home.chmod(0o755)
    assert (home / JOURNAL_FILE).read_bytes() == journal


def test_refreshing_while_a_background_compaction_runs_reads_every_change(
        library: Library, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(state_file, "COMPACT_MIN_BYTES", 0)
    other = Library(home)  # another process, as far as the files go
    ids = library.ids()
    library.set_note(ids[0], "start")
    stop = threading.Event()

    def compact_again_and_again() -> None:
        while not stop.is_set():
            library.compact_state()

    compactor = threading.Thread(target=compact_again_and_again)
    compactor.start()
    try:
        for n in range(40):
            other.set_note(ids[1 + n % 10], f"other {n}")
            for _ in range(2):
                library.refresh()
    finally:
        stop.set()
        compactor.join()
    library.refresh()
    expected = {ids[1 + n % 10]: f"other {n}" for n in range(30, 40)}
    assert {pid: library.state(pid).note for pid in expected} == expected
    library.set_note(ids[0], "end")  # the offsets still fit the journal
    reopened = Library(home)
    assert reopened.notices == []
    assert {pid: reopened.state(pid).note for pid in expected} == expected and reopened.state(ids[0]).note == "end"


def test_refresh_leaves_the_library_alone_while_another_thread_holds_it(library: Library, home: Path) -> None:
    other = Library(home)
    paper_id = library.ids()[0]
    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # as a background compaction does while it takes its copy or switches files
        with library._thread_lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(10)
        other.set_note(paper_id, "from the other")
        assert library.refresh() is False  # not read meanwhile: the journal's offsets are that thread's too
        assert library.state(paper_id).note == ""
    finally:
        release.set()
        holder.join()
    assert library.refresh() and library.state(paper_id).note == "from the other"
