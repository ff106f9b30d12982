"""A readlist backup, read back: papers with their ids, the reader's state, settings.

The format is described in :mod:`store.exporters.backup`: one JSON object
(RFC 8259) with ``"format": "readlist-backup"`` and a ``version``. Unlike the
other importers, papers are not rebuilt through
:func:`~store.importers.base.build_paper`: they keep the ids and every field
they had (``added``, ``source``, match keys ...), so the reader's states,
which refer to those ids, still apply.

A backup written by a newer readlist (a higher ``version``) is refused
whole, since it may hold what this version would silently drop. A paper record
without an id or title, or with a field of the wrong type, is rejected alone,
named by its place in the ``papers`` list (``papers[3]``); so is a state that
cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any, get_type_hints

import orjson

from store.errors import InputError
from store.importers.base import ParseResult, Progress
from store.models import Paper, ReaderState

FORMAT = "readlist-backup"
#: The newest backup version this reader understands.
VERSION = 1
#: How many characters :func:`sniff` looks at.
SNIFF_CHARS = 4096
#: Progress is reported after every this many papers.
PROGRESS_EVERY = 5000

_FORMAT_FIELD = re.compile(r'^\s*\{[^{}\[\]]*?"format"\s*:\s*"readlist-backup"')
_HINTS = get_type_hints(Paper)
_CHECKS = {
    str: lambda v: isinstance(v, str),
    bool: lambda v: isinstance(v, bool),
    int | None: lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
    tuple[str, ...]: lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
}
#: The type check of each Paper field; a field of a type not listed above is not checked.
_FIELD_CHECKS = {f.name: _CHECKS.get(_HINTS[f.name], lambda v: True) for f in fields(Paper)}


def sniff(text: str) -> int:
    """100 when ``text`` opens a JSON object whose first fields include
    ``"format": "readlist-backup"``, else 0. Reads only the first
    :data:`SNIFF_CHARS` characters."""
    return 100 if _FORMAT_FIELD.match(text[:SNIFF_CHARS]) else 0


def _load(text: str, source: str) -> dict[str, Any]:
    """The backup object, its format and version checked.

    Raises:
        InputError: not JSON (with the line), not a readlist backup, or of a
            version this readlist does not read.
    """
    try:
        backup = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InputError(source, f"not valid JSON ({error.msg}, column {error.colno})", error.lineno) from None
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise InputError(source, "not a readlist backup (no \"format\": \"readlist-backup\")")
    version = backup.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(source, f"a readlist backup with an invalid version ({version!r})")
    if version > VERSION:
        raise InputError(source, f"a backup from a newer readlist (version {version})")
    return backup


def _part(backup: dict[str, Any], name: str, kind: type, source: str) -> Any:
    """``backup[name]`` (an empty ``kind`` when missing), checked to be a ``kind``.

    Raises:
        InputError: it is of another type.
    """
    value = backup.get(name, kind())
    if not isinstance(value, kind):
        expected = "a list" if kind is list else "an object"
        raise InputError(source, f"a damaged readlist backup (\"{name}\" is not {expected})")
    return value


def _paper(record: Any) -> Paper | str:
    """The paper of one record, or why it cannot be read."""
    if not isinstance(record, dict):
        return "not an object"
    for name in ("id", "title"):
        if not isinstance(record.get(name), str) or not record[name].strip():
            return f"no {name}"
    wrong = [name for name, value in record.items() if name in _FIELD_CHECKS and not _FIELD_CHECKS[name](value)]
    if wrong:
        return "wrong type of " + ", ".join(wrong)
    doc = {name: value for name, value in record.items() if name not in ("id", "abstract")}
    return Paper.from_doc(record["id"], doc, record.get("abstract", ""))


def _state(doc: Any) -> ReaderState | str:
    """The reader's state of one record, or why it cannot be read."""
    if not isinstance(doc, dict):
        return "not an object"
    try:
        return ReaderState.from_doc(doc)
    except (TypeError, ValueError):  # tags or history that are not lists
        return "damaged tags or history"


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read a readlist backup (see the module docstring).

    Args:
        text: the decoded file.
        source: the file name, for error messages.
        progress: called with ``(papers read, papers in all)`` now and then.

    Returns:
        The papers with their original ids and fields, in backup order; the
        reader's states by paper id; the settings by name; one rejection per
        paper record or state that could not be read.

    Raises:
        InputError: the text is not JSON (the message names the line), not a
            readlist backup, from a newer readlist, or its ``papers``,
            ``states`` or ``settings`` are of the wrong JSON type.
    """
    backup = _load(text, source)
    records = _part(backup, "papers", list, source)
    states = _part(backup, "states", dict, source)
    result = ParseResult(FORMAT, settings=dict(_part(backup, "settings", dict, source)))
    for index, record in enumerate(records):
        paper = _paper(record)
        if isinstance(paper, Paper):
            result.papers.append(paper)
        else:
            result.rejected.append(InputError(source, f"papers[{index}]: {paper}, not imported"))
        if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
            progress(index + 1, len(records))
    for paper_id, doc in states.items():
        state = _state(doc)
        if isinstance(state, ReaderState):
            result.states[paper_id] = state
        else:
            result.rejected.append(InputError(source, f"states[{paper_id!r}]: {state}, not imported"))
    if progress is not None:
        progress(len(records), len(records))
    return result
