"""A library file as one JSON object with a document per line, read a piece at a time.

``orjson.loads`` of a whole 50 MB catalogue (100,000 papers) holds, at its
peak, the file's bytes, orjson's own parsed document and the Python objects
it makes: some 150 MB more than the objects it leaves. So the catalogue is
written (:func:`document_lines`) as plain JSON laid out so that it can be cut
where documents start::

    {
    "_meta":{
    "schema":{"kind":"catalogue","schema":3}
    },
    "papers":{
    "0a1b2c3d4e5f":{"title":"...","authors":[...]},
    "1b2c3d4e5f6a":{"title":"..."}
    }
    }

Every table opens with a line ``"name":{``, holds one document per line
(compact JSON, as orjson writes it) and closes with a line ``}``. A raw
newline never occurs inside JSON text of orjson's (it writes ``\\n`` in
strings), so the newlines are exactly these line breaks, and
:func:`parse_document_lines` cuts the documents of a table into pieces of about
:data:`PIECE` bytes and parses each on its own (the same orjson, the same
objects), holding one piece's parsed form at a time. Any JSON reader reads the
file as before (an older readlist too), and greps and diffs see a paper per
line.

A file not laid out so (written compact by an older readlist, or by hand)
gives ``None``, and the caller parses it whole: the answer is always what
``orjson.loads`` of the whole file gives, or its error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

#: About this many bytes of documents are parsed at a time.
PIECE = 1 << 18
#: Documents per piece written.
BATCH = 500
_DOCUMENT = b'\n"'
_HEADER_END = b":{\n"
_CLOSE = b"\n}"


def document_lines(data: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    """``{table: {doc_id: document}}`` as one JSON object laid out a document
    per line (see the module), in pieces of :data:`BATCH` documents.

    Raises:
        TypeError: a value JSON cannot hold (orjson's error).
    """
    dumps = orjson.dumps
    yield b"{"
    for number, (table, docs) in enumerate(data.items()):
        pending = [b"\n" if number == 0 else b",\n", dumps(table), b":{"]
        separator = b"\n"
        for doc_id, doc in docs.items():
            pending += (separator, dumps(doc_id), b":", dumps(doc))
            separator = b",\n"
            if len(pending) >= 4 * BATCH:
                yield b"".join(pending)
                pending.clear()
        pending.append(_CLOSE)
        yield b"".join(pending)
    yield b"\n}\n"


def parse_document_lines(raw: bytes) -> dict[str, dict[str, Any]] | None:
    """The ``{table: {doc_id: document}}`` of ``raw`` as :func:`document_lines`
    lays it out, parsed a piece at a time (see the module).

    Returns:
        ``None`` when ``raw`` is not laid out so, or a piece does not parse:
        the caller then parses it whole (and reports its error, if any).
    """
    body = raw.rstrip(b"\n")
    if not body.startswith(b'{\n"') or not body.endswith(_CLOSE + _CLOSE):
        return None
    data: dict[str, dict[str, Any]] = {}
    loads = orjson.loads
    at, end = 1, len(body) - len(_CLOSE)  # at: the newline before a table's name; end: the last line's
    try:
        while at < end:
            header_end = body.find(_HEADER_END, at)
            if body[at:at + 1] != b"\n" or header_end == -1 or body.find(b"\n", at + 1) != header_end + 2:
                return None  # the table's name is not a line of its own
            name = loads(body[at + 1:header_end])
            close = body.find(_CLOSE, header_end + 2)  # documents' lines start with a quote: the first line
            if type(name) is not str or close == -1:  # starting with a brace closes the table
                return None
            data[name] = _documents(body, header_end + 2, close, loads)  # named twice: the last wins, as in one parse
            at = close + len(_CLOSE)
            if at < end:
                if body[at:at + 1] != b",":
                    return None
                at += 1
    except (orjson.JSONDecodeError, ValueError):
        return None
    return data if at == end else None


def _documents(body: bytes, start: int, stop: int, loads) -> dict[str, Any]:
    """The documents of one table, ``body[start:stop]`` (a line each, each line
    after a newline, separated by commas), parsed a piece at a time.

    Raises:
        ValueError: the text there is not that.
    """
    documents: dict[str, Any] = {}
    while start < stop:
        if not body.startswith(_DOCUMENT, start):
            raise ValueError("not a document's line")
        cut = body.find(_DOCUMENT, min(start + PIECE, stop), stop)
        if cut == -1:
            cut = stop
        elif body[cut - 1:cut] != b",":
            raise ValueError("documents not separated by commas")
        documents.update(loads(b"{" + body[start:cut - 1 if cut < stop else cut] + b"}"))  # a later one wins
        start = cut
    return documents
