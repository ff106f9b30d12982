"""One library file: opened safely, upgraded, backed up, recovered when damaged.

:class:`LibraryFile` wraps a TinyDB file of one *kind* (``catalogue`` or
``state``). Opening it checks the ``_meta`` record (kind and schema version),
upgrades an older schema (:mod:`store.migrations`), and when the file cannot
be read at all (not JSON, truncated, of another kind or version, not ours) it
sets the file aside as ``<name>.corrupt-<time>`` and restores the newest
readable backup (:mod:`store.backups`), leaving a notice that says so. It never
silently starts empty over a reader's data.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from tinydb.table import Document, Table

from readlist.store import backups
from readlist.store.errors import StorageError
from readlist.store.migrations import CURRENT, upgrade
from readlist.store.storage import AtomicJSONStorage, LibraryDB, open_db, parse, parse_lines

META = "_meta"


def check(data: dict[str, Any] | None, kind: str, path: Path) -> int:
    """The schema version of parsed file ``data``; 0 for a new, empty file.

    Raises:
        StorageError: the data is not a readlist ``kind`` file of a schema
            this code can read.
    """
    if not data:
        return 0
    meta = data.get(META, {}).get("schema")
    if meta is None:
        raise StorageError(path, "is not a readlist library file (no schema record)")
    if meta.get("kind") != kind:
        raise StorageError(path, f"is not a readlist {kind} file (it says {meta.get('kind')!r})")
    version = meta.get("schema")
    if not isinstance(version, int) or version < 1:
        raise StorageError(path, f"has an invalid schema version {version!r}")
    if version > CURRENT[kind]:
        raise StorageError(path, f"was written by a newer readlist (schema {version}; this one reads {CURRENT[kind]})")
    return version


class LibraryFile:
    """A TinyDB file of the library, of one kind.

    Args:
        home: the library folder.
        name: the file name, e.g. ``"state.json"``.
        kind: ``"catalogue"``, ``"abstracts"`` or ``"state"``; recorded in the file.
        indent: pretty-print the JSON (for the small state file).
        lines: JSON Lines (for the big abstracts file, see :class:`AtomicJSONStorage`).

    Attributes:
        notices: what had to be done to open the file (recovery), for the reader.
    """

    def __init__(self, home: Path, name: str, kind: str, *, indent: bool = False, lines: bool = False) -> None:
        self.path = home / name
        self.kind = kind
        self.indent = indent
        self.lines = lines
        self.notices: list[str] = []
        self._last_backup = -backups.MIN_INTERVAL
        self.db = self._open()

    # -- opening -----------------------------------------------------------------

    def _open(self) -> LibraryDB:
        try:
            return self._open_checked(self.path)
        except StorageError as problem:
            return self._recover(problem)

    def _open_checked(self, path: Path) -> LibraryDB:
        db = open_db(path, indent=self.indent, lines=self.lines)
        storage = db.atomic_storage
        data = storage.read()
        version = check(data, self.kind, path)
        if version == 0:
            try:
                storage.write({META: {"schema": {"schema": CURRENT[self.kind], "kind": self.kind}}})
            except StorageError as error:  # a read-only folder: the library opens, changes won't save
                self.notices.append(f"{path.name} cannot be created ({error.reason}); changes will not be saved.")
        elif version < CURRENT[self.kind]:
            storage.keep_old_as = backups.new_backup_path(path)
            storage.write(upgrade(self.kind, data, version))
            self.notices.append(
                f"Upgraded {path.name} from schema {version} to {CURRENT[self.kind]} "
                f"(the old file is kept in {backups.FOLDER}/)."
            )
        return db

    def _recover(self, problem: StorageError) -> LibraryDB:
        kept = backups.set_aside(self.path)
        message = f"{self.path.name} could not be read: {problem.reason}. It is kept as {kept.name}."
        for backup in backups.backups_of(self.path.parent, self.path.name):
            try:
                if self.lines:
                    with open(backup, "rb") as handle:
                        check(parse_lines(handle, backup), self.kind, backup)
                else:
                    check(parse(backup.read_bytes(), backup), self.kind, backup)
                shutil.copyfile(backup, self.path)
                db = self._open_checked(self.path)
            except (StorageError, OSError):
                continue
            self.notices.append(f"{message} Restored the backup of {backups.backup_time(backup)}.")
            return db
        self.notices.append(f"{message} No readable backup: started a new, empty {self.kind} file.")
        return self._open_checked(self.path)

    # -- reading and writing -----------------------------------------------------

    @property
    def storage(self) -> AtomicJSONStorage:
        """The file's storage."""
        return self.db.atomic_storage

    def table(self, name: str) -> Table:
        """A TinyDB table of this file."""
        return self.db.table(name)

    def docs(self, table: str) -> dict[str, Any]:
        """The raw documents of ``table``, without copying (read only)."""
        return self.storage.table_data(table)

    def put_docs(self, table: str, docs: dict[str, Any]) -> None:
        """Insert or replace documents of ``table`` by id, in one atomic write.

        Goes through the TinyDB storage (read the tables, write them back) so
        any number of documents is one write: a bulk change lands whole or
        not at all. The table's dict is replaced, not changed in place, so a
        worker thread reading the old one is not disturbed.
        """
        data = self.storage.read() or {}
        data[table] = {**data.get(table, {}), **docs}
        self.storage.write(data)
        self.table(table).clear_cache()

    def drop_table(self, table: str) -> None:
        """Remove a whole table (one write)."""
        self.db.drop_table(table)

    def meta(self) -> dict[str, Any]:
        """The file's ``_meta`` record."""
        return dict(self.table(META).get(doc_id="schema") or {})

    def update_meta(self, **fields: Any) -> None:
        """Add fields to the ``_meta`` record (one write)."""
        self.before_write()
        self.table(META).upsert(Document({**self.meta(), **fields}, doc_id="schema"))

    def before_write(self, *, force_backup: bool = False) -> None:
        """Have the next write keep the version it replaces in the backups: at
        most every :data:`~store.backups.MIN_INTERVAL` seconds, or always when
        ``force_backup``."""
        now = time.monotonic()
        if force_backup or now - self._last_backup >= backups.MIN_INTERVAL:
            self.storage.keep_old_as = backups.new_backup_path(self.path)
            self._last_backup = now

    def changed_on_disk(self) -> bool:
        """True when another process replaced the file since we read or wrote it."""
        return self.storage.changed_on_disk()

    def reload(self) -> None:
        """Read the file again (after another process changed it).

        Raises:
            StorageError: the new file cannot be read (it is then left alone;
                the next open will recover it).
        """
        storage = self.storage
        storage.forget()
        check(storage.read(), self.kind, self.path)
