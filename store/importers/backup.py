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
cannot be read (a field of the wrong type), and a setting that readlist
restores (sort order, saved searches, filter history, triage session) but
that is not of the shape readlist writes it in.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import fields
from typing import Any, get_type_hints

import orjson

from readlist.store.errors import InputError
from readlist.store.importers.base import FunctionImporter, ParseResult, Progress, with_progress
from readlist.store.models import Paper, ReaderState
from readlist.store.settings import check as settings_check

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
#: The type check of each state field that :meth:`ReaderState.from_doc` keeps as it is (it
#: reads a bad ``status`` or ``priority`` as the default, and ``null`` tags or history as none).
_STATE_CHECKS = {
    "tags": lambda v: v is None or _CHECKS[tuple[str, ...]](v),
    "history": lambda v: v is None or (
        isinstance(v, list) and all(_CHECKS[tuple[str, ...]](step) and len(step) == 2 for step in v)),
    "note": _CHECKS[str],
    "title": lambda v: v is None or isinstance(v, str),
    "changed": lambda v: v is None or isinstance(v, str),
}


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
        raise InputError(source, f"a readlist backup with an invalid version ({reprlib.repr(version)})")
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
    wrong = [name for name, check in _STATE_CHECKS.items() if name in doc and not check(doc[name])]
    if wrong:
        return "wrong type of " + ", ".join(wrong)
    return ReaderState.from_doc(doc)


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read a readlist backup (see the module docstring).

    Args:
        text: the decoded file.
        source: the file name, for error messages.
        progress: called with ``(papers read, papers in all)`` now and then.

    Returns:
        The papers with their original ids and fields, in backup order; the
        reader's states by paper id; the settings by name; one rejection per
        paper record or state that could not be read, and per setting readlist
        restores that is not of the shape readlist writes.

    Raises:
        InputError: the text is not JSON (the message names the line), not a
            readlist backup, from a newer readlist, or its ``papers``,
            ``states`` or ``settings`` are of the wrong JSON type.
    """
    backup = _load(text, source)
    records = _part(backup, "papers", list, source)
    states = _part(backup, "states", dict, source)
    settings = _part(backup, "settings", dict, source)
    result = ParseResult(FORMAT)
    for index, record in enumerate(with_progress(records, progress, PROGRESS_EVERY)):
        paper = _paper(record)
        if isinstance(paper, Paper):
            result.papers.append(paper)
        else:
            result.rejected.append(InputError(source, f"papers[{index}]: {paper}, not imported"))
    for paper_id, doc in states.items():
        state = _state(doc)
        if isinstance(state, ReaderState):
            result.states[paper_id] = state
        else:
            result.rejected.append(InputError(source, f"states[{paper_id!r}]: {state}, not imported"))
    for name, value in settings.items():
        if not settings_check(name, value):  # the shape readlist writes it in (store.settings)
            result.rejected.append(InputError(source, f"settings[{name!r}]: wrong type, not imported"))
        else:
            result.settings[name] = value
    return result


IMPORTER = FunctionImporter(FORMAT, "readlist backup", sniff, parse, progress_every=PROGRESS_EVERY)
