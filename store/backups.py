"""Rotating backups of the library files, and setting damaged files aside.

When readlist replaces a library file it keeps the version being replaced in
``backups/`` (at most once per :data:`MIN_INTERVAL` for the reader's state,
before every import for the catalogue). Every write replaces the file with a
new one (:mod:`store.atomic`), so the kept version is a hard link to the old
file made just before the rename: no copying, no extra space until then, and
the kept file is never written again (a hard link to the *current* file would
change with it if something edited it in place). :func:`back_up` on its own
makes a copy.

A file that cannot be read is renamed to ``<name>.corrupt-<UTC time>`` beside
the library, never deleted or overwritten, so nothing of the reader's is lost.
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
KEEP = {"state.json": 8, "catalogue.json": 3}
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


def backup_time(backup: Path) -> str:
    """When a backup was taken, from its name: ``"2026-11-22 12:00:05 UTC"``."""
    stamp = backup.stem.rsplit("-", 1)[-1]
    try:
        taken = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return backup.name
    return taken.strftime("%Y-%m-%d %H:%M:%S UTC")
