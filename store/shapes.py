"""The shape every document of a library file must have, checked when it is read.

A library file can be valid JSON of the right kind and schema and still hold a
document this code cannot use: a paper that is not an object, a state with
``"tags": 7``. :func:`bad_documents` finds them, each with a one-line reason,
so opening can set them aside and open the rest (:mod:`store.library`)
instead of failing with a traceback on every open.

Checks are on types only (what would break the code reading the document);
unknown fields are allowed, as a newer readlist may add some.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

_TEXT, _INT, _BOOL, _LIST = (str,), (int,), (bool,), (list, tuple)  # tuples: as held in memory after a write
_MAYBE_INT, _MAYBE_TEXT = (int, type(None)), (str, type(None))

#: Paper document field -> the JSON types it may have (see ``Paper.to_doc``).
PAPER_FIELDS: dict[str, tuple[type, ...]] = {
    "title": _TEXT, "abstract": _TEXT, "title_derived": _BOOL, "authors": _LIST, "authors_count": _MAYBE_INT,
    "et_al": _BOOL,
    "org": _TEXT, "date": _TEXT, "votes": _MAYBE_INT, "arxiv_id": _TEXT, "doi": _TEXT, "url": _TEXT,
    "venue": _TEXT, "entry_type": _TEXT, "citation_key": _TEXT, "keywords": _LIST, "source": _TEXT,
    "source_format": _TEXT, "added": _TEXT, "keys": _LIST,
}
#: Reader-state document field -> its JSON types (see ``ReaderState.to_doc``).
STATE_FIELDS: dict[str, tuple[type, ...]] = {
    "status": _TEXT, "priority": _INT, "history": _LIST, "tags": _LIST, "note": _TEXT,
    "title": _MAYBE_TEXT, "changed": _MAYBE_TEXT,
}
_LISTS_OF_TEXT = frozenset({"authors", "keywords", "keys", "tags"})
_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", tuple: "a list",
          type(None): "null"}
_TEXT_ONLY = frozenset({str})


def _expected(types: tuple[type, ...], name: str) -> str:
    if name in _LISTS_OF_TEXT:
        return "a list of text"
    return " or ".join(_NAMES[t] for t in types)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return text if len(text) <= 30 else text[:27] + "..."


def _fields_problem(doc: Any, fields: Mapping[str, tuple[type, ...]], required: tuple[str, ...]) -> str | None:
    if type(doc) is not dict:
        return f"is {_shown(doc)}, not an object"
    for name in required:
        if name not in doc:
            return f"has no {name!r}"
    for name, value in doc.items():
        types = fields.get(name)
        if types is not None and type(value) not in types:
            return f"{name!r} is {_shown(value)}, expected {_expected(types, name)}"
    for name in _LISTS_OF_TEXT:
        value = doc.get(name)
        if value and not _TEXT_ONLY.issuperset(map(type, value)):
            return f"{name!r} holds something that is not text, expected a list of text"
    return None


def paper_problem(doc: Any) -> str | None:
    """Why a catalogue document cannot be a paper, or ``None`` when it can."""
    return _fields_problem(doc, PAPER_FIELDS, ("title",))


def state_problem(doc: Any) -> str | None:
    """Why a state document cannot be a reader's state, or ``None`` when it can."""
    problem = _fields_problem(doc, STATE_FIELDS, ())
    if problem is None and not all(
        type(step) in _LIST and len(step) == 2 and all(type(part) is str for part in step)
        for step in doc.get("history") or ()
    ):
        return "'history' is not a list of [status, time] pairs"
    return problem


def abstract_problem(doc: Any) -> str | None:
    """Why an abstracts document cannot be an abstract, or ``None`` when it can."""
    if type(doc) is not dict:
        return f"is {_shown(doc)}, not an object"
    if type(doc.get("abstract", "")) is not str:
        return f"'abstract' is {_shown(doc['abstract'])}, expected text"
    return None


def setting_problem(doc: Any) -> str | None:
    """Why a settings document is not ``{"value": ...}``, or ``None``."""
    if type(doc) is not dict or "value" not in doc:
        return f"is {_shown(doc)}, not an object with a 'value'"
    return None


#: Table name -> its check. Tables not named here are not checked.
CHECKS: dict[str, Callable[[Any], str | None]] = {
    "papers": paper_problem, "state": state_problem, "abstracts": abstract_problem, "settings": setting_problem,
}

#: What a document of each table is, for messages.
WHAT = {"papers": "paper", "state": "reader's state", "abstracts": "abstract", "settings": "setting"}


def bad_documents(table: str, docs: Mapping[str, Any]) -> dict[str, str]:
    """The documents of ``table`` that do not have their shape: id -> reason (empty when all do).

    About 0.15 s for 100,000 papers.
    """
    check = CHECKS.get(table)
    if check is None:
        return {}
    bad: dict[str, str] = {}
    for doc_id, doc in docs.items():
        problem = check(doc)
        if problem is not None:
            bad[doc_id] = problem
    return bad
