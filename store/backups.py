"""Rotating backups of the library files, and setting damaged files aside.

After every successful write of a library file, readlist copies the new file
into ``backups/`` as ``<stem>-<UTC time><suffix>`` (:func:`copy_in`), so the
newest backup is always the newest good state: a damaged or deleted file is
restored to what the last write left, not to the state before the last import.
The reader's state is written whole only when its journal is compacted
(:mod:`store.state_file`: a keypress appends to the journal and copies
nothing), at least every :data:`MIN_INTERVAL` of work; the copy made within
the same :data:`MIN_INTERVAL` replaces the previous one, so the backups are
the state of each of the last :data:`KEEP` ten-minute stretches of work, and
the journal holds the changes after the newest. A
copy, not a hard link: a link to the current file would be damaged with it
when something edits the file in place. Copies are not fsync'd (they are the
second line of defence; the library file itself is).

When an older library is upgraded, its files as they were are kept for good as
``<stem>.schema<N>-<UTC time><suffix>`` (:func:`original_path`; never rotated).

A file that cannot be read is renamed to ``<name>.corrupt-<UTC time>`` beside
the library, never deleted or overwritten, so nothing of the reader's is lost;
documents of the wrong shape go to ``<name>.bad-<UTC time>.json``. Both stay
until the reader removes them (:func:`set_aside_files` lists them).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from readlist.store.atomic import reason_of
from readlist.store.errors import StorageError

#: Folder of the backups, inside the library folder.
FOLDER = "backups"
#: Backups kept per file, newest first; older ones are deleted.
KEEP = {"state.json": 8, "catalogue.json": 3, "abstracts.jsonl": 3}
#: Shortest time between two backups of the reader's state, in seconds.
MIN_INTERVAL = 600.0


def _stamp() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}Z"


def backups_of(home: Path, name: str) -> list[Path]:
    """The backups of library file ``name``, newest first."""
    stem, suffix = os.path.splitext(name)
    folder = home / FOLDER
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{stem}-*{suffix}"), reverse=True)


def new_backup_path(path: Path) -> Path | None:
    """A fresh name in the backups folder for a version of ``path``.

    Returns ``None`` when there is nothing to back up or the folder cannot be
    made (a read-only library): backups never stop a write.
    """
    if not path.exists():
        return None
    folder = path.parent / FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    stem, suffix = os.path.splitext(path.name)
    return folder / f"{stem}-{_stamp()}{suffix}"


def rotate(home: Path, name: str) -> None:
    """Delete all but the newest ``KEEP[name]`` backups of ``name``."""
    for old in backups_of(home, name)[KEEP.get(name, 5):]:
        with contextlib.suppress(OSError):
            old.unlink()


def copy_in(path: Path) -> Path | None:
    """Copy the file now at ``path`` into the backups folder under a fresh
    name, atomically (a kill leaves no half copy under a backup's name).

    Returns:
        The backup, or ``None`` when there was nothing to copy or no way to
        (disk full, read-only folder): a backup never stops a write.
    """
    target = new_backup_path(path)
    if target is None:
        return None
    temp = target.with_name(f".{target.name}.tmp")
    try:
        shutil.copyfile(path, temp)
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return None
    return target


def remove_stale_temp_files(home: Path) -> None:
    """Delete half copies left in the backups folder by a killed writer."""
    for temp in (home / FOLDER).glob(".*.tmp"):
        with contextlib.suppress(OSError):
            temp.unlink()


def original_path(path: Path, version: int) -> Path:
    """Where the file at ``path`` of schema ``version`` is kept for good when upgraded."""
    stem, suffix = os.path.splitext(path.name)
    return path.parent / FOLDER / f"{stem}.schema{version}-{_stamp()}{suffix}"


def originals_of(home: Path, name: str) -> list[Path]:
    """The pre-upgrade files kept of library file ``name``, newest first."""
    stem, suffix = os.path.splitext(name)
    folder = home / FOLDER
    return sorted(folder.glob(f"{stem}.schema*-*{suffix}"), reverse=True) if folder.is_dir() else []


def set_aside_files(home: Path) -> list[Path]:
    """Every file opening set aside (damaged files, documents of the wrong shape), by name."""
    return sorted(p for p in home.glob("*.*-*") if ".corrupt-" in p.name or ".bad-" in p.name)


def back_up(path: Path) -> Path | None:
    """Copy the current ``path`` into the backups folder now, and rotate.

    Returns:
        The backup, or ``None`` if there was nothing to copy or no way to.
    """
    target = new_backup_path(path)
    if target is None:
        return None
    try:
        shutil.copy2(path, target)
    except OSError:
        return None
    rotate(path.parent, path.name)
    return target


def set_aside(path: Path) -> Path:
    """Rename a damaged file to ``<name>.corrupt-<UTC time>`` and return the new path.

    Raises:
        StorageError: the file could not be renamed (read-only folder ...).
    """
    target = path.with_name(f"{path.name}.corrupt-{_stamp()}")
    try:
        os.replace(path, target)
    except OSError as error:
        raise StorageError(path, f"is damaged and cannot be set aside: {reason_of(error)}") from error
    return target


def copy_aside(path: Path) -> Path | None:
    """Copy a damaged file to ``<name>.corrupt-<UTC time>`` beside it, leaving
    it in place (a journal whose readable lines are still used).

    Returns:
        The copy, or ``None`` when it could not be made (read-only folder ...).
    """
    target = path.with_name(f"{path.name}.corrupt-{_stamp()}")
    try:
        shutil.copyfile(path, target)
    except OSError:
        return None
    return target


def bad_documents_path(path: Path) -> Path:
    """A fresh name for the documents of ``path`` set aside for their shape."""
    return path.with_name(f"{path.name}.bad-{_stamp()}.json")


def backup_time(backup: Path) -> str:
    """When a backup was taken, from its name: ``"2026-11-22 12:00:05 UTC"``."""
    stamp = backup.stem.rsplit("-", 1)[-1]
    try:
        taken = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return backup.name
    return taken.strftime("%Y-%m-%d %H:%M:%S UTC")
