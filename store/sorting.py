"""Orders the list can be sorted in (``s`` in the TUI cycles through them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from readlist.store.dates import parse_date
from readlist.store.library import Library
from readlist.store.models import BLANK_STATE, Status

#: The sort orders, in the order ``s`` cycles through them. ``added`` keeps the
#: order given: library order, or best matches first when filtering.
SORTS = ("added", "date", "votes", "title", "status", "changed")

#: Where each status comes when sorting by status: what to read next first.
STATUS_ORDER = {Status.READING: 0, Status.TO_READ: 1, Status.NEW: 2, Status.READ: 3, Status.SKIPPED: 4}


def next_sort(current: str) -> str:
    """The sort order after ``current`` in :data:`SORTS`."""
    index = SORTS.index(current) if current in SORTS else 0
    return SORTS[(index + 1) % len(SORTS)]


def sort_ids(library: Library, ids: list[str], order: str) -> list[str]:
    """``ids`` in the given order (a new list; stable, so ties keep their order).

    - ``date``: newest first (a date without a year counts as this year's);
      papers without a date last.
    - ``votes``: most first; papers without votes last.
    - ``title``: alphabetical, ignoring case.
    - ``status``: reading, to-read, new, read, skipped; by priority within.
    - ``changed``: the reader's most recent change first, then the newest added.
    """
    if order not in SORTS or order == "added":
        return list(ids)
    key = _KEYS[order](library)
    return sorted(ids, key=key)


def _by_date(library: Library) -> Callable[[str], Any]:
    docs = library.stored_papers()

    def key(paper_id: str) -> tuple:
        parsed = parse_date(docs[paper_id].get("date", ""))
        if parsed is None:
            return (1, 0, 0, 0)
        year, month, day = parsed.sort_key()
        return (0, -year, -month, -day)

    return key


def _by_votes(library: Library) -> Callable[[str], Any]:
    docs = library.stored_papers()

    def key(paper_id: str) -> tuple:
        votes = docs[paper_id].get("votes")
        return (votes is None, -(votes or 0))

    return key


def _by_title(library: Library) -> Callable[[str], Any]:
    return lambda paper_id: library.title_of(paper_id).casefold()


def _by_status(library: Library) -> Callable[[str], Any]:
    states = library.touched()

    def key(paper_id: str) -> tuple:
        state = states.get(paper_id, BLANK_STATE)
        return (STATUS_ORDER[state.status], state.priority or 9)

    return key


def _by_changed(library: Library) -> Callable[[str], Any]:
    states, docs = library.touched(), library.stored_papers()

    def key(paper_id: str) -> tuple:
        state = states.get(paper_id)
        changed = state.changed if state and state.changed else ""
        return (changed == "", _descending(changed or docs[paper_id].get("added", "")))

    return key


def _descending(text: str) -> tuple[int, ...]:
    """A key sorting ISO timestamps newest first."""
    return tuple(-ord(c) for c in text)


_KEYS: dict[str, Callable[[Library], Callable[[str], Any]]] = {
    "date": _by_date, "votes": _by_votes, "title": _by_title, "status": _by_status, "changed": _by_changed,
}
