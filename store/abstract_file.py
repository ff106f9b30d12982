"""A big library's abstracts read from their file when asked, instead of held in memory.

The abstracts are four fifths of a library's bytes: at 100,000 papers, 150 MB
on disk and about 200 MB as Python objects. To show the abstract of the paper
under the cursor, or to search them, they need not all be in memory:
:class:`AbstractReader` reads the file once to note where each paper's line
starts (about 0.1 s at 100,000 papers, a few MB), then reads a paper's line
with ``os.pread`` when its abstract is asked for. Reads go through the page
cache, which the kernel keeps and drops as memory allows; none of it counts
against the process.

Only a file plainly as this readlist writes it is read this way (see
:func:`AbstractReader.open`); any other, and any line that is not as expected
when read, makes the caller load the abstracts instead
(:meth:`Library.load_abstracts <readlist.store.library.Library.load_abstracts>`),
which restores damaged files and sets documents of the wrong shape aside.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import orjson

from readlist.store.files import META
from readlist.store.migrations import CURRENT
from readlist.store.storage import Signature, signature_of

T = TypeVar("T")
#: The schema record an abstracts file of this readlist holds.
SCHEMA_RECORD = {"schema": CURRENT["abstracts"], "kind": "abstracts"}
LINE_START = b'["abstracts","'
#: :meth:`AbstractReader.texts` reads the file through when asked for more than
#: one abstract in this many of it (else a ``pread`` each).
SEQUENTIAL_ABOVE = 4
META_START = b'["_meta",'


class AbstractReader:
    """Where each paper's abstract is in the abstracts file ``path`` (see the module).

    Made by :meth:`open`. Safe to use from several threads at once (each read
    opens the file anew); it is never changed, only replaced.

    Attributes:
        path: the abstracts file.
        signature: the version of the file it describes (inode, size, mtime).
    """

    def __init__(self, path: Path, signature: Signature, places: dict[str, tuple[int, int]]) -> None:
        self.path = path
        self.signature = signature
        self._places = places

    @classmethod
    def open(cls, path: Path, meta: dict = SCHEMA_RECORD) -> AbstractReader | None:
        """Read the file at ``path`` once, noting where each paper's line is.

        Args:
            path: the abstracts file (JSON Lines: ``["abstracts", id, {"abstract": text}]``).
            meta: the schema record it must hold (default :data:`SCHEMA_RECORD`).

        Returns:
            The reader, or ``None`` when the file is missing, unreadable, changed
            while read, or not plainly of this readlist (no schema record of
            ``meta``, a line of another table or not ending as written, an id
            written with escapes).
        """
        signature = signature_of(path)
        places: dict[str, tuple[int, int]] = {}
        schema_seen = False
        offset = 0
        try:
            with open(path, "rb") as handle:
                for line in handle:
                    if line.startswith(LINE_START):
                        end = line.find(b'"', len(LINE_START))
                        if end == -1 or b"\\" in line[:end] or not line.endswith(b"]\n"):
                            return None
                        places[line[len(LINE_START):end].decode()] = (offset, len(line))
                    elif line.startswith(META_START) and not schema_seen:
                        if orjson.loads(line) != ["_meta", "schema", meta]:
                            return None
                        schema_seen = True
                    else:
                        return None
                    offset += len(line)
        except (OSError, UnicodeDecodeError, orjson.JSONDecodeError):
            return None
        if not schema_seen or signature_of(path) != signature:
            return None
        return cls(path, signature, places)

    def current(self) -> bool:
        """True while the file is the version this reader describes."""
        return signature_of(self.path) == self.signature

    def texts(self, ids: Sequence[str]) -> list[str] | None:
        """The abstracts of ``ids``, in that order (``""`` for a paper without one).

        Returns:
            ``None`` when the file is no longer the version read, or a line is
            not what :meth:`open` saw (the caller then loads the abstracts).
        """
        if not self.current():
            return None
        places = self._places
        wanted = {paper_id for paper_id in ids if paper_id in places}
        try:
            if len(wanted) * SEQUENTIAL_ABOVE > len(places):  # most of them: one pass down the file
                found = self._read_through(wanted)
            else:
                found = self._read_each(sorted(wanted, key=places.__getitem__))
        except (OSError, orjson.JSONDecodeError, ValueError, TypeError):
            return None
        if found is None or not self.current():  # replaced while read: what was read may be of two versions
            return None
        return [found.get(paper_id, "") for paper_id in ids]

    def _read_each(self, wanted: list[str]) -> dict[str, str] | None:
        """The abstracts of ``wanted`` (in file order), a ``pread`` each."""
        found: dict[str, str] = {}
        fd = os.open(self.path, os.O_RDONLY)
        try:
            for paper_id in wanted:
                offset, size = self._places[paper_id]
                text = _abstract_of(orjson.loads(os.pread(fd, size, offset)), paper_id)
                if text is None:
                    return None
                found[paper_id] = text
        finally:
            os.close(fd)
        return found

    def _read_through(self, wanted: set[str]) -> dict[str, str] | None:
        """The abstracts of ``wanted``, reading the file from start to end (for most of them)."""
        found: dict[str, str] = {}
        start = len(LINE_START)
        with open(self.path, "rb") as handle:
            for line in handle:
                if not line.startswith(LINE_START):
                    continue  # the schema line (open() saw that nothing else is there)
                paper_id = line[start:line.find(b'"', start)].decode()
                if paper_id in wanted:
                    text = _abstract_of(orjson.loads(line), paper_id)
                    if text is None:
                        return None
                    found[paper_id] = text  # a later line of the same paper wins, as when loaded
        return found


def _abstract_of(record: object, paper_id: str) -> str | None:
    """The abstract of one parsed line ``[table, id, doc]`` of paper ``paper_id``,
    or ``None`` when the line is not that (another table, id or shape)."""
    if type(record) is not list or len(record) != 3:
        return None
    table, line_id, doc = record
    return _text_of(doc) if table == "abstracts" and line_id == paper_id else None


def _text_of(doc: object) -> str | None:
    """The abstract of an abstracts document, or ``None`` when it is of the wrong
    shape (:mod:`store.shapes`: loading sets such a document aside)."""
    if type(doc) is not dict:
        return None
    text = doc.get("abstract", "")
    return text if type(text) is str else None


def map_abstract_lines(path: Path, function: Callable[[list[str]], list[T]], chunk: int,
                       meta: dict = SCHEMA_RECORD) -> dict[str, T] | None:
    """What ``function`` says of every abstract of the file at ``path``, by paper id,
    reading it a line at a time and giving ``function`` ``chunk`` abstracts at a
    time (it returns one value per abstract, in order); nothing is kept
    (:meth:`Library.map_abstracts <readlist.store.library.Library.map_abstracts>`).

    Returns:
        ``None`` when the file is missing or anything in it is not as this
        readlist writes it (no schema record ``meta``, a line that is not a
        record, a document of the wrong shape): the caller loads it instead.
    """
    found: dict[str, T] = {}
    ids: list[str] = []
    texts: list[str] = []
    schema_seen = False
    loads = orjson.loads
    try:
        with open(path, "rb") as handle:
            for line in handle:
                table, doc_id, doc = loads(line)
                if table == "abstracts":
                    if (text := _text_of(doc)) is None:
                        return None
                    ids.append(doc_id)
                    texts.append(text)
                    if len(texts) >= chunk:
                        found.update(zip(ids, function(texts), strict=True))
                        ids, texts = [], []
                elif table == META:
                    if doc_id != "schema" or doc != meta or schema_seen:
                        return None
                    schema_seen = True
    except (OSError, orjson.JSONDecodeError, ValueError, TypeError):
        return None
    if texts:
        found.update(zip(ids, function(texts), strict=True))
    return found if schema_seen else None
