"""The reader's state on disk: a snapshot, and a journal of the changes since.

``state.json`` (the *snapshot*) is a TinyDB file like the others
(:class:`~store.files.LibraryFile`: checked, recovered from backups,
upgraded), with one more record, ``_meta.journal = {"seq": n}``: it holds
every change up to number ``n``. ``state.journal`` (:mod:`store.journal`)
holds the changes after it, one line each. A change appends one line and
fsyncs it, so it costs the same whether the reader touched ten papers or a
hundred thousand; the snapshot is rewritten only when the journal is
*compacted*.

Opening reads the snapshot, then applies the journal's records numbered
above ``n`` in order (those at or below are in the snapshot already; a record
stores whole documents, so nothing is applied twice in effect). Another
process's changes are taken in by reading only the lines added since
(:meth:`StateFile.catch_up`).

Compacting (:meth:`StateFile.capture`, :meth:`StateFile.write_capture`,
:meth:`StateFile.switch`) writes the state as of record ``n`` to a temporary
file, outside the library's lock, then under it renames it over
``state.json`` and only then rewrites the journal with the records after
``n``. A kill between the two leaves the new snapshot and the old journal,
whose records up to ``n`` are skipped by number: nothing is lost or applied
twice. It happens when the journal outgrows a quarter of the snapshot (and
:data:`COMPACT_MIN_BYTES`), or has lines to drop, or holds changes newer than
the last backup by :data:`~store.backups.MIN_INTERVAL`: the backup of the
reader's state is taken then, from the new snapshot, never per change.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from readlist.store import backups
from readlist.store.atomic import reason_of, replace_durably, write_temp
from readlist.store.errors import ReadOnlyError, StorageError
from readlist.store.files import META, LibraryFile, snapshot_seq
from readlist.store.journal import Journal, Put
from readlist.store.storage import AtomicJSONStorage, Signature, signature_of
from readlist.store.text import plural

#: The journal's file name, beside ``state.json``.
JOURNAL_FILE = "state.journal"
#: The journal is compacted once it is larger than this (bytes) and than
#: :data:`COMPACT_FRACTION` of the snapshot: opening then parses at most that
#: much more than the state itself, and each compaction (a whole rewrite) is
#: paid for by changes of a quarter of the state's size.
COMPACT_MIN_BYTES = 1 << 20
COMPACT_FRACTION = 0.25
#: Tables whose documents are changed in place when a record is applied (the
#: big one: copying it per change would cost per touched paper). Only read at
#: load and under the library's lock; the other tables are replaced whole.
IN_PLACE = frozenset({"state"})


def with_seq(data: dict[str, Any], seq: int) -> dict[str, Any]:
    """``data`` with its ``_meta.journal`` record saying it holds the changes up to ``seq``."""
    return {**data, META: {**data.get(META, {}), "journal": {"seq": seq}}}


class SnapshotStorage(AtomicJSONStorage):
    """The storage of ``state.json``: every whole write records the number of
    the last change it holds (:attr:`seq`, once the journal is read)."""

    seq: int | None = None
    """The last change held in memory; ``None`` until the journal is read
    (writes before that keep the data's own number)."""

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Write the snapshot whole (see :meth:`AtomicJSONStorage.write`), numbered."""
        super().write(with_seq(data, self.seq) if self.seq is not None else data)

    def apply(self, put: Put) -> None:
        """Take a record's documents into memory (not onto disk)."""
        if self._data is None:
            self._data, self._loaded = {}, True
        for table, docs in put.items():
            if table in IN_PLACE:
                self._data.setdefault(table, {}).update(docs)
            else:
                self._data[table] = {**self._data.get(table, {}), **docs}

    def copy(self) -> dict[str, dict[str, Any]]:
        """The data as it is now, each table copied (documents are replaced, never
        changed in place, so this stays as it is while writes go on)."""
        return {table: dict(docs) for table, docs in (self._data or {}).items()}


@dataclass(frozen=True)
class Capture:
    """The state as of one change, taken to be written as the new snapshot.

    Attributes:
        seq: the last change it holds.
        data: the tables (copied).
        offset: where that change's line ends in the journal.
        signature: the snapshot file it replaces.
    """

    seq: int
    data: dict[str, dict[str, Any]]
    offset: int
    signature: Signature


class StateFile(LibraryFile):
    """``state.json`` and its journal (see the module).

    Args:
        home: the library folder.
        name: the snapshot's file name (``"state.json"``).
        kind: ``"state"`` (the only kind it holds).
        options: see :class:`~store.files.LibraryFile`.

    Attributes:
        journal: the journal beside it.
    """

    stampable = False  # the journal changes the documents, not the snapshot's signature

    storage_class = SnapshotStorage

    def __init__(self, home: Path, name: str, kind: str = "state", **options: Any) -> None:
        if kind != "state":
            raise ValueError(f"a StateFile holds the reader's state, not a {kind} file")
        self.journal = Journal(home / JOURNAL_FILE)
        self.journal_open = False
        kept = backups.backups_of(home, name)
        self._backed_up_at = 0.0
        with contextlib.suppress(OSError):
            self._backed_up_at = kept[0].stat().st_mtime if kept else 0.0
        super().__init__(home, name, "state", **options)

    @property
    def storage(self) -> SnapshotStorage:
        """The snapshot's storage."""
        storage = self.db.storage
        assert isinstance(storage, SnapshotStorage)
        return storage

    # -- reading ---------------------------------------------------------------

    def open_journal(self) -> list[str]:
        """Apply the journal's changes after the snapshot (after any upgrade of it).

        Returns:
            Notices for the reader: damaged lines (kept in
            ``state.journal.corrupt-<time>``), changes missing between the
            snapshot and the journal (a snapshot restored from an older backup).

        Raises:
            StorageError: the journal cannot be read, or the snapshot's journal record is invalid.
        """
        notices: list[str] = []
        for _ in range(3):  # the snapshot replaced while reading (another process compacting): again
            data = self.storage.read()
            base = snapshot_seq(data, self.path)
            self.journal.restart()
            try:
                records = self.journal.read_new()
            except OSError as error:
                raise StorageError(self.journal.path, f"cannot be read: {reason_of(error)}") from error
            if not self.storage.changed_on_disk():
                break
            self.storage.forget()
        applied = [record for record in records if record.seq > base]
        for record in applied:
            self.storage.apply(record.put)
        self.storage.seq = max(base, self.journal.seq)
        self.journal_open = True
        if applied and applied[0].seq != base + 1:
            notices.append(f"{JOURNAL_FILE} starts after the state it follows: "
                           f"{plural(applied[0].seq - base - 1, 'change')} made before it are lost.")
        if self.journal.damaged:
            lines = ", ".join(map(str, self.journal.damaged[:3])) + (", ..." if len(self.journal.damaged) > 3 else "")
            notices.append(f"{JOURNAL_FILE}: {plural(len(self.journal.damaged), 'damaged line')} ({lines}) could "
                           f"not be read; the changes they held are lost, the others kept{self._keep_damaged()}.")
        self.notices.extend(notices)
        return notices

    def _keep_damaged(self) -> str:
        """Copy a damaged journal aside for the reader; the words saying where."""
        target = backups.copy_aside(self.journal.path) if self.read_only is None else None
        return f" (the journal as it was is kept as {target.name})" if target else ""

    def changed_on_disk(self) -> bool:
        """True when the state must be read again whole: the snapshot was
        replaced, or the journal replaced (not only appended to)."""
        return super().changed_on_disk() or (self.journal_open and self.journal.status() == "replaced")

    def catch_up(self) -> Put:
        """Apply the journal lines other processes added since they were last
        read (see :meth:`changed_on_disk` for changes that need more).

        Returns:
            The documents they stored, by table (the newest of each id).

        Raises:
            StorageError: the journal cannot be read.
        """
        if not self.journal_open or self.journal.status() != "grown":
            return {}
        try:
            records = self.journal.read_new()
        except OSError as error:
            raise StorageError(self.journal.path, f"cannot be read: {reason_of(error)}") from error
        put: Put = {}
        seq = self.storage.seq or 0
        for record in records:
            if record.seq > seq:
                self.storage.apply(record.put)
                for table, docs in record.put.items():
                    put.setdefault(table, {}).update(docs)
        self.storage.seq = max(seq, self.journal.seq)
        for table in put:
            self.table(table).clear_cache()
        return put

    def reload(self) -> None:
        """Read the snapshot and the journal again (another process rewrote them)."""
        super().reload()
        self.open_journal()

    # -- writing ---------------------------------------------------------------

    def put_docs(self, table: str, docs: dict[str, Any]) -> None:
        """Store documents of ``table`` as one change: one journal line, fsync'd
        (under the library's lock, after :meth:`catch_up`).

        Raises:
            ReadOnlyError: the library is read-only (nothing is written).
            WriteError: it could not be written (memory and disk stay as they were).
        """
        if self.read_only is not None:
            raise ReadOnlyError(self.path, f"not saved: library opened read-only ({self.read_only})")
        if not self.journal_open:
            super().put_docs(table, docs)
            return
        storage = self.storage
        seq = (storage.seq or 0) + 1
        if self.journal.append(seq, {table: docs}):
            storage.seq = seq
            storage.apply({table: docs})
        else:  # the journal was deleted behind our back: write everything whole, with a new journal
            data = storage.copy()
            data[table] = {**data.get(table, {}), **docs}
            storage.write(data)
            self.journal.restart()
            self.journal.keep_after(0)
        self.table(table).clear_cache()

    def _back_up(self) -> None:
        super()._back_up()
        self._backed_up_at = time.time()

    def back_up(self) -> None:
        """Copy the snapshot into the backups now (after :meth:`switch`)."""
        self._back_up()

    # -- compacting --------------------------------------------------------------

    def needs_compaction(self, *, at_open: bool = False) -> bool:
        """Whether the journal should be folded into a new snapshot now: it is
        larger than :data:`COMPACT_FRACTION` of the snapshot (and
        :data:`COMPACT_MIN_BYTES`), it has damaged
        lines, or (except at open) it holds changes and the last backup is
        older than :data:`~store.backups.MIN_INTERVAL`."""
        if self.read_only is not None or not self.journal_open:
            return False
        size = self.journal.size()
        if size == 0:
            return False
        signature = self.storage.signature
        snapshot = signature[1] if signature else 0
        if self.journal.damaged or size > max(COMPACT_MIN_BYTES, COMPACT_FRACTION * snapshot):
            return True
        return not at_open and time.time() - self._backed_up_at >= backups.MIN_INTERVAL

    def capture(self) -> Capture:
        """The state now, to compact (while no other thread of this process writes)."""
        storage = self.storage
        return Capture(storage.seq or 0, storage.copy(), self.journal.offset, storage.signature)

    def write_capture(self, capture: Capture) -> Path:
        """Write a captured state as a temporary snapshot beside ``state.json``
        (any thread, no lock needed: the heavy part of compacting).

        Returns:
            The temporary file, for :meth:`switch`.

        Raises:
            WriteError: it could not be written (nothing is left behind).
        """
        payload = orjson.dumps(with_seq(capture.data, capture.seq), option=orjson.OPT_INDENT_2)
        return write_temp(self.path, payload, unlocked=True)

    def switch(self, capture: Capture, temp: Path) -> bool:
        """Make ``temp`` (from :meth:`write_capture`) the snapshot, then drop the
        journal's lines it holds. Under the library's lock, after :meth:`catch_up`.

        Returns:
            True when switched; False when the snapshot was rewritten meanwhile
            (by another process or this one): ``temp`` is then removed, and
            nothing changed.

        Raises:
            WriteError: the rename failed (nothing changed). When only the new
                journal could not be written, the old one stays: its records up
                to the snapshot are skipped by number.
        """
        if signature_of(self.path) != capture.signature or self.storage.signature != capture.signature:
            with contextlib.suppress(OSError):
                temp.unlink()
            return False
        replace_durably(temp, self.path)
        self.storage.signature = signature_of(self.path)
        self.journal.keep_after(capture.offset)
        return True
