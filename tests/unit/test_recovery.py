"""Damaged, foreign or newer library files: set aside, restored from a backup, reported."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from readlist.store import backups
from readlist.store.errors import ReadOnlyError, StorageError
from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.migrations import CURRENT
from readlist.store.state_file import JOURNAL_FILE

DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "garbage": lambda raw: b"\x00\xff" * 64,
    "not ours": lambda raw: b'{"_default": {"1": {"name": "something else"}}}',
    "other kind": lambda raw: raw.replace(b'"kind": "state"', b'"kind": "catalogue"'),
    "bad schema": lambda raw: raw.replace(b'"schema": %d' % CURRENT["state"], b'"schema": "two"'),
    "schema record not an object": lambda raw: orjson.dumps({**orjson.loads(raw), "_meta": {"schema": 7}}),
    "a table not an object": lambda raw: orjson.dumps({**orjson.loads(raw), "state": [1, 2]}),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_state_file_is_kept_and_the_newest_good_state_restored(home: Path, damage: str) -> None:
    library = Library.open(home)
    paper_id = library.ids()[0]
    library.set_note(paper_id, "an older note")
    library.set_note(paper_id, "the last note written")  # the backup is taken after each write
    damaged = DAMAGE[damage]((home / STATE_FILE).read_bytes())
    (home / STATE_FILE).write_bytes(damaged)  # in place: a hard link to it would be damaged too

    reopened = Library.open(home)
    [kept] = home.glob(f"{STATE_FILE}.corrupt-*")
    assert kept.read_bytes() == damaged  # untouched
    assert reopened.entry(paper_id).note == "the last note written"
    assert reopened.read_only is None
    [notice] = reopened.notices
    assert notice.startswith(f"{STATE_FILE} could not be read: ")
    assert kept.name in notice and "Restored the backup of" in notice


def test_with_no_backup_the_reader_is_told_and_nothing_is_deleted(home: Path) -> None:
    library = Library.open(home)
    library.set_note(library.ids()[0], "precious")
    for backup in backups.backups_of(home, STATE_FILE):
        backup.unlink()
    (home / STATE_FILE).write_bytes(b"{ truncated")
    reopened = Library.open(home)
    assert "No readable backup: started a new, empty state file." in reopened.notices[0]
    [kept] = home.glob(f"{STATE_FILE}.corrupt-*")
    assert kept.read_bytes() == b"{ truncated"
    assert len(reopened) == 97


def test_a_damaged_catalogue_is_restored_and_keeps_imported_papers(home: Path, tmp_path: Path) -> None:
    library = Library.open(home)
    extra = tmp_path / "extra.txt"
    extra.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    library.import_files([extra])  # backs up the catalogue after writing
    library.import_files([extra])  # nothing new: no write
    assert len(library) == 98
    (home / CATALOGUE_FILE).write_bytes(b'{"papers": {')
    reopened = Library.open(home)
    assert len(reopened) == 98
    assert "catalogue.json could not be read" in reopened.notices[0]


def test_backups_rotate(home: Path) -> None:
    library = Library.open(home)
    for n in range(12):
        library.set_note(library.ids()[0], f"version {n}")
        backups.back_up(home / STATE_FILE)
    kept = backups.backups_of(home, STATE_FILE)
    assert len(kept) == backups.KEEP[STATE_FILE]
    assert kept == sorted(kept, reverse=True)


def test_the_state_is_backed_up_when_compacted_never_per_change(home: Path, monkeypatch) -> None:
    library = Library.open(home)
    paper_id = library.ids()[0]
    before = backups.backups_of(home, STATE_FILE)
    for n in range(5):
        library.set_note(paper_id, f"v{n}")
    library.wait_for_compaction()
    assert backups.backups_of(home, STATE_FILE) == before  # none per change, none due within ten minutes
    monkeypatch.setattr(backups, "MIN_INTERVAL", 0.0)
    library.set_note(paper_id, "v5")  # the last backup is older than that now: compacted in the background
    library.wait_for_compaction()
    newest = backups.backups_of(home, STATE_FILE)[0]
    assert newest not in before and b'"note": "v5"' in newest.read_bytes()
    assert newest.read_bytes() == (home / STATE_FILE).read_bytes()
    assert (home / JOURNAL_FILE).read_bytes() == b""  # folded into the snapshot
    assert set(before) <= set(backups.backups_of(home, STATE_FILE))  # the last stretch's backup stays
    assert Library(home).state(paper_id).note == "v5"


def test_a_read_only_library_opens_and_reports_every_change_as_not_saved(home: Path, monkeypatch) -> None:
    library = Library.open(home)
    paper_id = library.ids()[0]
    library.set_note(paper_id, "kept")
    files = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}

    from filelock import FileLock

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(FileLock, "acquire", read_only)
    monkeypatch.setattr(os, "replace", read_only)
    readonly = Library.open(home)
    assert readonly.entry(paper_id).note == "kept"
    assert readonly.read_only == "read-only file system"
    assert f"{home}: read-only file system: library opened read-only, nothing is changed." in readonly.notices
    with pytest.raises(ReadOnlyError, match="not saved: library opened read-only \\(read-only file system\\)"):
        readonly.set_note(paper_id, "lost")
    assert readonly.entry(paper_id).note == "kept"
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == files


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_really_read_only_folder(home: Path) -> None:
    library = Library.open(home)
    paper_id = library.ids()[0]
    home.chmod(0o555)
    try:
        readonly = Library.open(home)
        with pytest.raises(StorageError, match="not saved"):
            readonly.set_note(paper_id, "x")
    finally:
        home.chmod(0o755)


def test_a_truncated_abstracts_file_is_restored_from_its_backup(home: Path, tmp_path: Path) -> None:
    library = Library.open(home)
    extra = tmp_path / "extra.txt"
    extra.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    library.import_files([extra])  # copies the new abstracts file into the backups
    raw = (home / ABSTRACTS_FILE).read_bytes()
    (home / ABSTRACTS_FILE).write_bytes(raw[: len(raw) - 40])  # cut inside the last line

    reopened = Library.open(home)
    assert any("abstracts.jsonl could not be read: line" in n for n in reopened.notices)
    assert reopened.abstract(reopened.ids()[-1]).startswith("We present WombatNet")
    [kept] = home.glob(f"{ABSTRACTS_FILE}.corrupt-*")
    assert kept.read_bytes() == raw[: len(raw) - 40]
