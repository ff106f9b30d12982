"""A TinyDB storage that writes atomically, reads once, and sees other writers.

TinyDB's stock ``JSONStorage`` rewrites its file in place (seek, write,
truncate): a kill during the write leaves a broken file, and it re-parses the
whole file on every read. :class:`AtomicJSONStorage` keeps the parsed data in
memory, serialises with orjson, replaces the file with
:func:`store.atomic.write_atomic`, and remembers the file's identity (inode,
size, modification time) so it can tell when another process replaced it.

TinyDB's own document ids are integers; :class:`PaperTable` uses string ids
so a paper's stable id is its document id (``table.get(doc_id="ab12...")``).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from readlist.store.atomic import reason_of, write_atomic
from readlist.store.collector import paused
from readlist.store.document_lines import document_lines, parse_document_lines
from readlist.store.errors import DamagedFileError, ReadOnlyError, StorageError

#: Files larger than this (bytes) hold long-lived data: after parsing them,
#: ``gc.freeze()`` moves everything alive out of the cyclic collector's way.
FREEZE_ABOVE = 8 << 20

#: What identifies one version of a file on disk: (inode, size, mtime in ns).
Signature = tuple[int, int, int] | None


def signature_of(path: Path) -> Signature:
    """The identity of the file now at ``path``, or ``None`` if there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class AtomicJSONStorage(Storage):
    """TinyDB storage: one JSON file, parsed once, replaced atomically on write.

    Args:
        path: the JSON file. It need not exist; its folder must.
        indent: pretty-print with two-space indents (for small, human-read files);
            else one JSON object with a document per line (:mod:`store.document_lines`).
        lines: store as JSON Lines, one ``[table, doc_id, document]`` array per
            line, instead of one JSON object. Reading then goes line by line:
            a worker thread reading a big file lets other threads run between
            lines, and no second copy of the whole file is held while parsing.

    Raises (from ``read``/``write``):
        DamagedFileError: the file is not valid JSON, not a JSON object of tables.
        StorageError: the file is unreadable (permission denied ...).
        WriteError: it could not be written (disk full, read-only ...).
            After a failed write the in-memory copy is dropped, so the next
            read shows what is really on disk.
        ReadOnlyError: a write while :attr:`read_only` is set (nothing is written).
    """

    def __init__(self, path: str | Path, *, indent: bool = False, lines: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self._options = orjson.OPT_INDENT_2 if indent else 0
        self._lines = lines
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self.signature: Signature = None
        """The file's identity when last read or written by us."""
        self.read_only: str | None = None
        """Why this file must not be written, when it must not; writes then raise."""
        self.after_write: Callable[[], None] | None = None
        """Called after every successful write (the library's backup of the new file)."""

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database as ``{table: {doc_id: document}}``, or ``None`` if new."""
        if not self._loaded:
            self._data, self.signature = self._load()
            self._loaded = True
        # A shallow copy: TinyDB replaces whole tables in what it is given, so
        # our cached top level only changes once a write succeeded.
        return dict(self._data) if self._data is not None else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Serialise ``data`` and atomically replace the file with it."""
        if self.read_only is not None:
            raise ReadOnlyError(self.path, f"not saved: library opened read-only ({self.read_only})")
        self.write_to(self.path, data)
        self.hold(data)
        if self.after_write is not None:
            self.after_write()

    def write_to(self, path: Path, data: dict[str, dict[str, Any]]) -> None:
        """Write ``data`` in this file's format to ``path`` (atomically), keeping
        nothing in memory: for an upgrade's new file, written beside the old one.

        Raises:
            WriteError: it could not be written (the in-memory copy is dropped).
            StorageError: ``data`` holds a value JSON cannot.
        """
        try:
            if self._lines:
                payload: bytes | Iterator[bytes] = _lines_of(data)
            elif self._options:
                payload = orjson.dumps(data, option=self._options)
            else:  # a document per line, so reading can parse it in pieces (store.document_lines)
                payload = document_lines(data)
            write_atomic(path, payload)
        except (StorageError, TypeError) as error:
            self.forget()
            if isinstance(error, TypeError):  # a value JSON cannot hold (met while streaming lines too)
                raise StorageError(self.path, f"not saved: {error}") from error
            raise

    def hold(self, data: dict[str, dict[str, Any]] | None) -> None:
        """Take ``data`` as this file's content, and what is now at the path as
        the version it came from (after a write, a restore, or to show a
        library opened read-only from elsewhere: a backup, an upgrade in memory)."""
        self._data, self._loaded = data, True
        self.signature = signature_of(self.path)

    def table_data(self, name: str) -> dict[str, Any]:
        """The documents of table ``name`` as stored in memory (no copies: do not modify)."""
        data = self.read() or {}
        return data.get(name, {})

    def changed_on_disk(self) -> bool:
        """True when another file now stands at the path instead of the one we last read or wrote.

        A file that vanished (someone deleted the folder) is no change: what is in
        memory stays, and the next write puts it back on disk.
        """
        now = signature_of(self.path)
        return self._loaded and now is not None and now != self.signature

    def forget(self) -> None:
        """Drop the in-memory copy; the next read parses the file again."""
        self._data, self._loaded = None, False

    def close(self) -> None:
        """Nothing to release: the file is only open while read or written."""

    def _load(self) -> tuple[dict[str, dict[str, Any]] | None, Signature]:
        signature = signature_of(self.path)
        try:
            if self._lines:
                with open(self.path, "rb") as handle:
                    return parse_lines(handle, self.path), signature
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as error:
            raise StorageError(self.path, f"cannot be read: {reason_of(error)}") from error
        return parse(raw, self.path), signature


def _lines_of(data: dict[str, dict[str, Any]], batch: int = 2000) -> Iterator[bytes]:
    """The JSON Lines form of ``data``, ``batch`` documents per piece."""
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    pending: list[bytes] = []
    for table, docs in data.items():
        for doc_id, doc in docs.items():
            pending.append(dumps([table, doc_id, doc], option=newline))
            if len(pending) >= batch:
                yield b"".join(pending)
                pending.clear()
    yield b"".join(pending)


def parse(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Parse the bytes of a library file into ``{table: {doc_id: document}}``.

    The cyclic garbage collector is paused meanwhile: it would otherwise scan
    the millions of new objects of a large catalogue again and again (this
    halves the time to load 100,000 papers). A file laid out a document per
    line (as this readlist writes it) is parsed a piece at a time
    (:mod:`store.document_lines`: the same result, without orjson's copy of the
    whole file); any other whole.

    Raises:
        DamagedFileError: empty, not JSON, or not a JSON object of tables.
    """
    if not raw.strip():
        raise DamagedFileError(path, "is empty (expected a readlist library file)")
    try:
        with paused(freeze=len(raw) > FREEZE_ABOVE):  # long-lived: kept from the collector's scans
            data = parse_document_lines(raw)
            if data is None:
                data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise DamagedFileError(path, f"is not valid JSON ({error})") from error
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise DamagedFileError(path, "is not a readlist library file")
    return data


def parse_lines(handle: BinaryIO, path: Path) -> dict[str, dict[str, Any]]:
    """Parse a JSON Lines library file (see :class:`AtomicJSONStorage`).

    Raises:
        DamagedFileError: empty, a line that is not a ``[table, id, document]``
            array (the message names the line), e.g. a file cut short.
    """
    data: dict[str, dict[str, Any]] = {}
    with paused():
        size = 0
        for number, line in enumerate(handle, start=1):
            size += len(line)
            try:
                table, doc_id, doc = orjson.loads(line)
                data.setdefault(table, {})[doc_id] = doc
            except (orjson.JSONDecodeError, ValueError, TypeError) as error:
                raise DamagedFileError(path, f"line {number} is not a library record ({error})") from error
    if not data:
        raise DamagedFileError(path, "is empty (expected a readlist library file)")
    if size > FREEZE_ABOVE:
        gc.freeze()
    return data


class PaperTable(Table):
    """A TinyDB table whose document ids are strings (paper ids), not integers."""

    document_id_class = str

    def _get_next_id(self) -> str:  # pragma: no cover - we always give ids
        raise ValueError("documents of this table need an explicit doc_id")


class LibraryDB(TinyDB):
    """TinyDB over :class:`AtomicJSONStorage` with string-keyed tables."""

    table_class = PaperTable
    default_table_name = "papers"

    @property
    def atomic_storage(self) -> AtomicJSONStorage:
        """The storage, typed."""
        storage = self.storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage


def open_db(path: Path, *, indent: bool = False, lines: bool = False) -> LibraryDB:
    """Open (or prepare to create) the TinyDB file at ``path``.

    Raises:
        StorageError: the file exists but cannot be read as a library file.
    """
    db = LibraryDB(path, storage=AtomicJSONStorage, indent=indent, lines=lines)
    db.storage.read()  # fail now, with the file's name, rather than on first use
    return db
