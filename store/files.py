"""One library file: opened safely, backed up, recovered when damaged or missing.

:class:`LibraryFile` wraps a TinyDB file of one *kind* (``catalogue``,
``abstracts`` or ``state``). Opening it checks the ``_meta`` record (kind and
schema version) and:

- when the file cannot be read (not JSON, truncated, of another kind, without
  a valid schema record, not ours), sets it aside as ``<name>.corrupt-<time>``
  and restores the newest readable backup (:mod:`store.backups`), with a notice;
- when it is missing but has backups, restores the newest readable one, with a
  notice naming the backup and its time;
- when it was written by a newer readlist, keeps it as it is (never an older
  backup in its place) and marks it read-only;
- when it is of an older schema, only records its version: the library
  upgrades all its files together (``Library._upgrade``).

What opening cannot write (a read-only folder, a full disk) it does in memory
only, and :attr:`LibraryFile.read_only` says why: nothing is ever set aside,
restored or created on disk then. It never silently starts empty over a
reader's data, and it never deletes anything. After every successful write the
new file is copied into the backups (:func:`store.backups.copy_in`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.table import Document, Table

from readlist.store import backups
from readlist.store.atomic import reason_of, write_atomic
from readlist.store.errors import DamagedFileError, NewerSchemaError, StorageError, WriteError
from readlist.store.migrations import CURRENT
from readlist.store.shapes import WHAT, bad_documents
from readlist.store.storage import AtomicJSONStorage, LibraryDB, parse, parse_lines
from readlist.store.text import plural

META = "_meta"
#: The main table of each kind of file (what a notice counts).
MAIN_TABLE = {"catalogue": "papers", "abstracts": "abstracts", "state": "state"}


def check(data: dict[str, Any] | None, kind: str, path: Path) -> int:
    """The schema version of parsed file ``data``; 0 for a new, empty file.

    Raises:
        NewerSchemaError: written by a newer readlist.
        DamagedFileError: the data is not a readlist ``kind`` file of a schema
            this code can read (no schema record, or not an object ...).
    """
    if not data:
        return 0
    if META not in data:
        raise DamagedFileError(path, "is not a readlist library file (no schema record)")
    meta = data[META].get("schema")
    if not isinstance(meta, dict):
        raise DamagedFileError(path, f"has no valid schema record (_meta.schema is {meta!r:.30}, not an object)")
    if meta.get("kind") != kind:
        raise DamagedFileError(path, f"is not a readlist {kind} file (it says {meta.get('kind')!r:.30})")
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, f"has an invalid schema version {version!r:.30}")
    if version > CURRENT[kind]:
        raise NewerSchemaError(
            path, f"was written by a newer readlist (schema {version}; this one reads {CURRENT[kind]})", version)
    if kind == "state":
        snapshot_seq(data, path)
    return version


def snapshot_seq(data: dict[str, Any] | None, path: Path) -> int:
    """The number of the last journal record a state snapshot holds (0 when it
    says none; see :mod:`store.state_file`).

    Raises:
        DamagedFileError: its ``_meta.journal`` record is not ``{"seq": n >= 0}``.
    """
    record = (data or {}).get(META, {}).get("journal")
    if record is None:
        return 0
    seq = record.get("seq") if isinstance(record, dict) else None
    if type(seq) is not int or seq < 0:
        raise DamagedFileError(path, f"has an invalid journal record (_meta.journal is {record!r:.30})")
    return seq


def read_checked(path: Path, kind: str, *, lines: bool) -> tuple[dict[str, Any], int]:
    """Parse and check a library (or backup) file: its data and schema version.

    Raises:
        DamagedFileError: see :func:`check` (also :class:`NewerSchemaError`).
        OSError: it cannot be read.
    """
    if lines:
        with open(path, "rb") as handle:
            data = parse_lines(handle, path)
    else:
        data = parse(path.read_bytes(), path)
    return data, check(data, kind, path)


def newest_good_backup(home: Path, name: str, kind: str, *, lines: bool) -> tuple[Path, dict[str, Any], int] | None:
    """The newest backup of ``name`` this code can read: (path, data, schema version).

    Backups of a newer schema are passed over, as are unreadable ones.
    """
    for backup in backups.backups_of(home, name):
        try:
            data, version = read_checked(backup, kind, lines=lines)
        except (DamagedFileError, OSError):
            continue
        return backup, data, version
    return None


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk


class LibraryFile:
    """A TinyDB file of the library, of one kind.

    Args:
        home: the library folder.
        name: the file name, e.g. ``"state.json"``.
        kind: ``"catalogue"``, ``"abstracts"`` or ``"state"``; recorded in the file.
        indent: pretty-print the JSON (for the small state file).
        lines: JSON Lines (for the big abstracts file, see :class:`AtomicJSONStorage`).
        read_only: why the library must not be written, if it must not:
            opening then changes nothing on disk.
        create: write a new, empty file when there is none (and no backup).
        expected: the file should be there (the rest of the library is): its
            absence, without a backup to restore, is reported.

    Attributes:
        notices: what had to be done to open the file (recovery), for the reader.
        read_only: why this file cannot be written (``None`` when it can).
        version: the schema version of what was read (0: a new file); below
            :data:`~store.migrations.CURRENT` until the library upgrades it.

    Raises:
        StorageError: the file exists but cannot be read (permission denied).
    """

    stampable = True
    """Whether a version of this file found whole is known by its signature alone
    (:mod:`store.shape_stamps`; not for the state, whose journal changes it too)."""

    storage_class: type[AtomicJSONStorage] = AtomicJSONStorage
    """The TinyDB storage of the file (the state's records its journal number)."""

    def __init__(self, home: Path, name: str, kind: str, *, indent: bool = False, lines: bool = False,
                 read_only: str | None = None, create: bool = True, expected: bool = False) -> None:
        self.path = home / name
        self.kind = kind
        self.indent = indent
        self.lines = lines
        self.notices: list[str] = []
        self.read_only: str | None = None
        self.version = 0
        self._window: tuple[Path, float] | None = None  # the state's backup of this stretch of work
        self.db = LibraryDB(self.path, storage=self.storage_class, indent=indent, lines=lines)
        self.on_written: Callable[[LibraryFile], None] | None = None
        """Called with this file after each of our writes of it, once backed up."""
        self.storage.after_write = self._written
        if read_only is not None:
            self.set_read_only(read_only)
        self._open(create=create, expected=expected)

    # -- opening -----------------------------------------------------------------

    def set_read_only(self, reason: str) -> None:
        """Refuse every write of this file from now on (``reason`` says why)."""
        if self.read_only is None:
            self.read_only = reason
            self.storage.read_only = reason

    def _open(self, *, create: bool, expected: bool) -> None:
        storage = self.storage
        try:
            data = storage.read()  # held in memory even when check() refuses it below
            self.version = check(data, self.kind, self.path)
        except NewerSchemaError as newer:
            self.version = newer.version
            self.set_read_only(f"{self.path.name} {newer.reason}")
            return
        except DamagedFileError as problem:
            self._recover(problem)
            return
        if data is None:
            self._restore_missing(create=create, expected=expected)
        elif self.version == 0:
            self._start_new(create=create)

    def _start_new(self, *, create: bool) -> None:
        data = {META: {"schema": {"schema": CURRENT[self.kind], "kind": self.kind}}}
        self.version = CURRENT[self.kind]
        if create and self.read_only is None:
            try:
                self.storage.write(data)
                return
            except WriteError as error:  # a read-only folder, a full disk: the library opens read-only
                self.set_read_only(reason_of_write(error))
                self.notices.append(f"{self.path.name} cannot be created ({self.read_only}).")
        self.storage.hold(data)

    def _put_back(self, backup: Path, data: dict[str, Any], version: int) -> bool:
        """Make ``backup`` the file again (only in memory when read-only); True if written."""
        self.version = version
        if self.read_only is None:
            try:
                write_atomic(self.path, _chunks(backup))
            except (WriteError, OSError) as error:
                self.set_read_only(reason_of_write(error))
        self.storage.hold(data)
        return self.read_only is None

    def _recover(self, problem: StorageError) -> None:
        found = newest_good_backup(self.path.parent, self.path.name, self.kind, lines=self.lines)
        kept: Path | None = None
        if self.read_only is None:
            try:
                kept = backups.set_aside(self.path)
            except StorageError as error:
                cause = error.__cause__
                self.set_read_only(reason_of(cause) if isinstance(cause, OSError) else error.reason)
        message = f"{self.path.name} could not be read: {problem.reason}."
        message += f" It is kept as {kept.name}." if kept else f" It is left as it is ({self.read_only})."
        if found is None:
            self.notices.append(f"{message} No readable backup: started a new, empty {self.kind} file.")
            self._start_new(create=True)
            return
        backup, data, version = found
        if self._put_back(backup, data, version):
            self.notices.append(f"{message} Restored the backup of {backups.backup_time(backup)}.")
        else:
            self.notices.append(f"{message} Showing the backup of {backups.backup_time(backup)}: library "
                                "opened read-only, nothing is changed.")

    def _restore_missing(self, *, create: bool, expected: bool) -> None:
        found = newest_good_backup(self.path.parent, self.path.name, self.kind, lines=self.lines)
        if found is None:
            if expected:
                self.notices.append(f"{self.path.name} was missing and has no backup: "
                                    f"started a new, empty {self.kind} file.")
            self._start_new(create=create)
            return
        backup, data, version = found
        count = len(data.get(MAIN_TABLE[self.kind], {}))
        what = f"{backups.FOLDER}/{backup.name}, {plural(count, WHAT[MAIN_TABLE[self.kind]])}"
        if self._put_back(backup, data, version):
            self.notices.append(f"{self.path.name} was missing: restored the backup of "
                                f"{backups.backup_time(backup)} ({what}).")
        else:
            self.notices.append(f"{self.path.name} was missing: showing the backup of {backups.backup_time(backup)} "
                                f"({what}); library opened read-only, nothing is changed.")

    # -- backups -----------------------------------------------------------------

    def _written(self) -> None:
        self._back_up()
        if self.on_written is not None:
            self.on_written(self)

    def _back_up(self) -> None:
        """After a write: copy the new file into the backups (for the state, the
        copy of this stretch of :data:`~store.backups.MIN_INTERVAL` replaces the
        previous one of the same stretch), then drop the oldest."""
        made = backups.copy_in(self.path)
        if made is None:
            return
        if self.kind == "state":
            now = time.monotonic()
            if self._window is not None and now - self._window[1] < backups.MIN_INTERVAL:
                with contextlib.suppress(OSError):
                    self._window[0].unlink()
                self._window = (made, self._window[1])
            else:
                self._window = (made, now)
        backups.rotate(self.path.parent, self.path.name)

    # -- documents of the wrong shape ------------------------------------------------

    def checked_docs(self, table: str) -> tuple[dict[str, Any], dict[str, str]]:
        """The documents of ``table`` that have their shape (:mod:`store.shapes`),
        and the others' ids with the reason (usually none: then no copy is made)."""
        docs = self.docs(table)
        bad = bad_documents(table, docs)
        if bad:
            docs = {doc_id: doc for doc_id, doc in docs.items() if doc_id not in bad}
        return docs, bad

    def set_aside_documents(self, table: str, bad: dict[str, str]) -> str:
        """Move documents of the wrong shape out of the file, into
        ``<name>.bad-<time>.json`` (written first, so a kill loses nothing).

        Returns:
            The notice for the reader, naming the documents and where they went.
            When the file cannot be written they stay in it, unshown.
        """
        shown = "; ".join(f"{doc_id}: {reason}" for doc_id, reason in list(bad.items())[:3])
        more = f"; and {len(bad) - 3} more" if len(bad) > 3 else ""
        head = f"{self.path.name}: {plural(len(bad), WHAT[table])} of the wrong shape ({shown}{more})"
        if self.read_only is not None:
            return f"{head}; not shown (the file is left as it is: {self.read_only})."
        data = self.storage.read() or {}
        docs = data.get(table, {})
        target = backups.bad_documents_path(self.path)
        try:
            write_atomic(target, orjson.dumps({"_why": bad, table: {doc_id: docs[doc_id] for doc_id in bad}},
                                              option=orjson.OPT_INDENT_2))
            self.storage.write({**data, table: {k: v for k, v in docs.items() if k not in bad}})
        except StorageError as error:
            self.storage.hold(data)
            return f"{head}; not shown, and left in the file ({error.reason})."
        self.table(table).clear_cache()
        return f"{head}; set aside in {target.name}, the rest opened."

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
        self.table(META).upsert(Document({**self.meta(), **fields}, doc_id="schema"))

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


def reason_of_write(error: Exception) -> str:
    """The short reason of a failed write (``"disk full"``), for read-only notices."""
    if isinstance(error, StorageError):
        return error.reason.removeprefix("not saved: ")
    if isinstance(error, OSError):
        return reason_of(error)
    return str(error)
