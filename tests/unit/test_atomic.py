"""Crash-safe file replacement (store.atomic, store.storage)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readlist.store.atomic import STALE_TEMP_SECONDS, remove_stale_temp_files, write_atomic, write_temp
from readlist.store.errors import StorageError


def test_write_atomic_replaces_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_keeps_the_old_file(tmp_path: Path, monkeypatch, failing: str) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(StorageError, match="read-only file system"):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="not saved"):
        write_atomic(tmp_path / "no" / "f.json", b"x")


def test_stale_temp_files_are_removed_and_a_live_compactions_left_to_it(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_bytes(b"{}")
    killed = tmp_path / ".state.json.abc123.tmp"  # write_atomic's, under the lock: its writer was killed
    killed.write_bytes(b"half")
    ours = write_temp(tmp_path / "state.json", b"compacting", unlocked=True)  # a compaction, writing now
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = tmp_path / f".state.json.pid{dead.stdout.strip()}-k2j_8x0a.tmp"  # a compaction killed midway
    orphan.write_bytes(b"half")
    old_one = tmp_path / f".state.json.pid{os.getpid()}-old12345.tmp"
    old_one.write_bytes(b"half")
    long_ago = time.time() - STALE_TEMP_SECONDS - 1
    os.utime(old_one, (long_ago, long_ago))  # names a live process, but far too old to be written now
    assert remove_stale_temp_files(tmp_path, "state.json") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([ours.name, "state.json"])

def test_new_files_get_the_usual_mode_and_existing_ones_keep_theirs(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.md"
        write_atomic(fresh, b"x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        fresh.chmod(0o600)
        write_atomic(fresh, b"y")
        assert fresh.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(mask)
