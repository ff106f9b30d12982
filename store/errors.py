"""Errors raised by the store, each carrying what a reader needs in one line.

Every error a reader can meet names the file (and the line or field where that
helps), so the command line can print ``str(error)`` and the TUI can show it in
a notification without any further formatting.
"""

from __future__ import annotations

import re
from pathlib import Path

# What a name must not show as is: control characters (line breaks, ESC, ...), the
# line and paragraph separators, the bidirectional controls that disguise names,
# and the surrogates Python decodes a file name's non-UTF-8 bytes to (PEP 383).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` (a file name, usually) safe to show on one line, every character visible.

    Line breaks and tabs become ``\\n``, ``\\r``, ``\\t``; other control,
    separator and bidirectional-control characters ``\\xNN`` or ``\\uNNNN``; a byte
    of a file name that is not UTF-8 (which Python decodes to a surrogate,
    PEP 383) becomes ``\\xNN`` with that byte. The result is valid UTF-8, so it
    can also be stored in JSON. Other text is returned unchanged.
    """
    return text if text.isascii() and text.isprintable() else _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


class ReadlistError(Exception):
    """Base class of every error the store raises on purpose."""


class InputError(ReadlistError):
    """A file (or one record in it) that cannot be read as papers.

    Attributes:
        source: the file name or path as the reader gave it.
        line: 1-based line number of the problem, or ``None`` when the whole
            file is at fault (empty, binary, unknown format).
        reason: a short phrase saying what is wrong.
    """

    def __init__(self, source: str | Path, reason: str, line: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        source = printable(self.source)
        where = f"{source}:{self.line}" if self.line is not None else source
        return f"{where}: {self.reason}"


class StorageError(ReadlistError):
    """A library file that could not be read or written.

    Attributes:
        path: the file on disk.
        reason: what went wrong, e.g. ``"disk full"`` or ``"not valid JSON"``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{printable(str(self.path))}: {self.reason}"


class LibraryBusyError(StorageError):
    """A write that waited for the library's lock longer than it was allowed to:
    another readlist (an import, a second terminal) or another thread of this
    one was writing. Nothing was written; trying again later may succeed."""


class DamagedFileError(StorageError):
    """A library file whose content cannot be read as what it should be: not
    JSON, cut short, of another kind, without a valid schema record. Opening
    sets such a file aside and restores a backup (:mod:`store.files`)."""


class NewerSchemaError(DamagedFileError):
    """A library file written by a newer readlist (its schema version is
    higher than this one reads). Never "repaired" from an older backup: the
    library opens read-only from it.

    Attributes:
        version: the file's schema version.
    """

    def __init__(self, path: str | Path, reason: str, version: int) -> None:
        self.version = version
        super().__init__(path, reason)


class WriteError(StorageError):
    """A library file that could not be written (disk full, read-only folder,
    permission denied ...): the file on disk is as it was. Never damage.

    Attributes:
        errno: the ``errno`` of the failure, or ``None`` when it was not the system's.
    """

    def __init__(self, path: str | Path, reason: str, errno: int | None = None) -> None:
        self.errno = errno
        super().__init__(path, reason)


class ReadOnlyError(StorageError):
    """A change refused because the library was opened read-only (see
    :attr:`store.library.Library.read_only`); nothing was written."""


class UnknownPaperError(ReadlistError, KeyError):
    """No paper with the given id is in the library."""

    def __init__(self, paper_id: str) -> None:
        self.paper_id = paper_id
        super().__init__(paper_id)

    def __str__(self) -> str:
        return f"no paper with id {self.paper_id!r} in the library"


class ServiceError(ReadlistError):
    """A web service (Hugging Face, arXiv, doi.org) that could not give an answer.

    Attributes:
        service: the service's name as readers know it, e.g. ``"arXiv"``.
        reason: what went wrong, e.g. ``"cannot be reached (connection refused)"``.
    """

    def __init__(self, service: str, reason: str) -> None:
        self.service = service
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.service}: {self.reason}"


class AmbiguousPaperError(ReadlistError):
    """A paper reference (the start of an id) that fits several papers."""

    def __init__(self, ref: str, count: int) -> None:
        self.ref = ref
        self.count = count
        super().__init__(ref)

    def __str__(self) -> str:
        return f"{self.ref!r} starts the ids of {self.count} papers: give more of the id"
