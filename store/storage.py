"""A TinyDB storage that writes atomically and reads once.

TinyDB's stock ``JSONStorage`` rewrites its file in place (seek, write,
truncate): a kill during the write leaves a broken file, and it re-parses the
whole file on every read. :class:`AtomicJSONStorage` keeps the parsed data in
memory, serialises with orjson, and replaces the file with
:func:`store.atomic.write_atomic`.

TinyDB's own document ids are integers; :class:`PaperTable` uses string ids
so a paper's stable id is its document id (``table.get(doc_id="ab12...")``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from store.atomic import reason_of, remove_stale_temp_files, write_atomic
from store.errors import StorageError


class AtomicJSONStorage(Storage):
    """TinyDB storage: one JSON file, parsed once, replaced atomically on write.

    Args:
        path: the JSON file. It need not exist; its folder must.
        indent: pretty-print with two-space indents (for small, human-read files).

    Raises (from ``read``/``write``):
        StorageError: the file is not valid JSON, not a JSON object, unreadable,
            or could not be written (disk full, read-only ...). After a failed
            write the in-memory copy is dropped, so the next read shows what is
            really on disk.
    """

    def __init__(self, path: str | Path, *, indent: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self._options = orjson.OPT_INDENT_2 if indent else 0
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        remove_stale_temp_files(self.path.parent, self.path.name)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database as ``{table: {doc_id: document}}``, or ``None`` if new."""
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        # A shallow copy: TinyDB replaces whole tables in what it is given, so
        # our cached top level only changes once a write succeeded.
        return dict(self._data) if self._data is not None else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Serialise ``data`` and atomically replace the file with it."""
        try:
            payload = orjson.dumps(data, option=self._options)
        except TypeError as error:
            self.forget()
            raise StorageError(self.path, f"not saved: {error}") from error
        try:
            write_atomic(self.path, payload)
        except StorageError:
            self.forget()
            raise
        self._data, self._loaded = data, True

    def forget(self) -> None:
        """Drop the in-memory copy; the next read parses the file again."""
        self._data, self._loaded = None, False

    def close(self) -> None:
        """Nothing to release: the file is only open while read or written."""

    def _load(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(self.path, f"cannot be read: {reason_of(error)}") from error
        if not raw.strip():
            raise StorageError(self.path, "is empty (expected a readlist library file)")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise StorageError(self.path, f"is not valid JSON ({error})") from error
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StorageError(self.path, "is not a readlist library file")
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


def open_db(path: Path, *, indent: bool = False) -> LibraryDB:
    """Open (or prepare to create) the TinyDB file at ``path``.

    Raises:
        StorageError: the file exists but cannot be read as a library file.
    """
    db = LibraryDB(path, storage=AtomicJSONStorage, indent=indent)
    db.storage.read()  # fail now, with the file's name, rather than on first use
    return db
