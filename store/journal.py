"""An append-only journal of changes: one self-checking JSON line per change.

The reader's state is kept as a snapshot (``state.json``, rewritten only now
and then, :mod:`store.state_file`) and this journal beside it
(``state.journal``), so a change costs one short append whatever the number
of papers the reader has touched. Each line is::

    <CRC-32 of the JSON, 8 hex digits> <JSON>\\n

and the JSON is ``{"seq": n, "put": {table: {doc_id: document}}}``: the
change's number (one more than the change before it, across every process
sharing the library) and the documents it stores, whole, so applying a record
twice, or applying records over a snapshot that holds them already, changes
nothing. The CRC is zlib's (ISO 3309, the one of gzip and PNG).

A line is written with one ``write`` on a file opened ``O_APPEND``, then
fsync'd, before the change is reported saved. A writer killed in the middle
leaves the last line without its newline (a *torn* line): readers stop
before it, and the next writer, holding the library's lock, cuts it off
before appending. A complete line whose CRC or JSON is wrong (the file was
damaged) is *damaged*: it is skipped, and counted in :attr:`Journal.damaged`.

Readers keep an offset (the end of the last whole line read), so taking in
another process's changes reads only the lines added since.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from readlist.store.atomic import fsync_folder, reason_of, write_atomic
from readlist.store.errors import StorageError, WriteError

#: What a record stores: table name -> document id -> document.
Put = dict[str, dict[str, Any]]

_OPEN_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Record:
    """One change read from the journal.

    Attributes:
        seq: its number (see the module).
        put: the documents it stores, by table and id.
    """

    seq: int
    put: Put


def encode(seq: int, put: Put) -> bytes:
    """The journal line of a record (see the module), newline included.

    Raises:
        TypeError: a document holds a value JSON cannot.
    """
    body = orjson.dumps({"seq": seq, "put": put})
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode(line: bytes) -> Record | None:
    """The record of one whole journal line (without its newline), or ``None``
    when the line is damaged: a wrong CRC, not JSON, not a record."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        doc = orjson.loads(body)
    except (ValueError, orjson.JSONDecodeError):
        return None
    if type(doc) is not dict:
        return None
    seq, put = doc.get("seq"), doc.get("put")
    if type(seq) is not int or seq < 1 or type(put) is not dict:
        return None
    if not all(type(docs) is dict for docs in put.values()):
        return None
    return Record(seq, put)


class Journal:
    """The journal file at ``path``, read incrementally and appended to.

    Attributes:
        path: the file (it need not exist yet).
        offset: the end of the last whole line read or written, in bytes.
        seq: the highest record number read or written (0: none).
        damaged: the line numbers (from 1) of the damaged lines read since
            :meth:`restart`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.seq = 0
        self.damaged: list[int] = []
        self._lines = 0
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file read

    def restart(self) -> None:
        """Read from the start again (the next :meth:`read_new` reads every line)."""
        self.offset, self.seq, self._lines, self._identity = 0, 0, 0, None
        self.damaged = []

    def status(self) -> str:
        """What happened to the file since it was last read or written:

        ``"same"``; ``"grown"`` (lines were added: :meth:`read_new` reads them);
        ``"replaced"`` (another file stands there, or it is shorter than what
        was read: read it again from the start); ``"missing"`` (deleted).
        """
        try:
            stat = os.stat(self.path)
        except OSError:
            return "missing" if self._identity is not None else "same"
        if self._identity is None:
            return "grown" if stat.st_size > 0 else "same"
        if (stat.st_dev, stat.st_ino) != self._identity or stat.st_size < self.offset:
            return "replaced"
        return "grown" if stat.st_size > self.offset else "same"

    def read_new(self) -> list[Record]:
        """The records of the whole lines after :attr:`offset`, in order; moves
        :attr:`offset` past them. A torn last line is left for later (another
        process may be writing it); damaged lines are skipped and counted.

        Raises:
            OSError: the file exists but cannot be read.
        """
        try:
            with open(self.path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                identity = (stat.st_dev, stat.st_ino)
                if identity != self._identity:
                    if self._identity is not None:
                        self.restart()
                    self._identity = identity
                handle.seek(self.offset)
                raw = handle.read()
        except FileNotFoundError:
            return []
        end = raw.rfind(b"\n") + 1
        records = []
        for line in raw[:end].split(b"\n")[:-1]:
            self._lines += 1
            record = decode(line)
            if record is None:
                self.damaged.append(self._lines)
                continue
            records.append(record)
            self.seq = max(self.seq, record.seq)
        self.offset += end
        return records

    def tail(self) -> bytes:
        """The bytes after the last whole line (a torn line; usually none)."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.offset)
                return handle.read()
        except OSError:
            return b""

    def append(self, seq: int, put: Put) -> bool:
        """Append a record and fsync it. Only while holding the library's lock,
        after :meth:`read_new` read every whole line: whatever follows them is
        a torn line of a killed writer, cut off first.

        Returns:
            True when written; False (nothing written) when the file is not the
            one read (deleted or replaced behind this process's back): the
            caller then writes its state whole instead.

        Raises:
            WriteError: it could not be written (disk full ...); the file is
                left as it was.
            StorageError: a document holds a value JSON cannot.
        """
        try:
            line = encode(seq, put)
        except TypeError as error:
            raise StorageError(self.path, f"not saved: {error}") from error
        created = False
        try:
            fd = os.open(self.path, _OPEN_FLAGS, 0o666)
        except OSError as error:
            raise WriteError(self.path, f"not saved: {reason_of(error)}", error.errno) from error
        with os.fdopen(fd, "wb") as handle:  # buffered: one write(2) of the whole line at flush
            stat = os.fstat(fd)
            identity = (stat.st_dev, stat.st_ino)
            if self._identity is None:
                if stat.st_size > 0 or self.offset:  # written by someone, never read here
                    return False
                created = True
            elif identity != self._identity or stat.st_size < self.offset:
                return False
            try:
                if stat.st_size > self.offset:
                    os.ftruncate(fd, self.offset)  # a torn line of a killed writer
                handle.write(line)
                handle.flush()
                os.fsync(fd)
            except OSError as error:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, self.offset)  # not saved: leave no part of it
                raise WriteError(self.path, f"not saved: {reason_of(error)}", error.errno) from error
        if created:
            fsync_folder(self.path.parent)  # the new file's name must survive a power cut too
        self._identity = identity
        self.offset += len(line)
        self._lines += 1
        self.seq = seq
        return True

    def keep_after(self, offset: int) -> None:
        """Replace the file, atomically, by its whole lines after byte ``offset``
        (the ones a new snapshot does not hold yet); only under the library's
        lock, after :meth:`read_new`. Reading goes on from the new file.

        Raises:
            WriteError: the new file could not be written, or the old one read
                (the old one stays: its records up to the snapshot are skipped by number).
        """
        kept = b""
        try:
            if offset < self.offset:
                with open(self.path, "rb") as handle:
                    handle.seek(offset)
                    kept = handle.read(self.offset - offset)
            write_atomic(self.path, kept)
            stat = os.stat(self.path)
        except OSError as error:
            raise WriteError(self.path, f"not saved: {reason_of(error)}", error.errno) from error
        self._identity = (stat.st_dev, stat.st_ino)
        self.offset = len(kept)
        self._lines = kept.count(b"\n")
        self.damaged = []

    def size(self) -> int:
        """The bytes of whole lines read or written (what replaying costs)."""
        return self.offset
