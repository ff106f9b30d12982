"""Orders the list can be sorted in (``s`` in the TUI cycles through them,
``readlist list --sort`` takes any of them).

An order is one of :data:`SORTS`, optionally prefixed with ``-`` to reverse
it (``-date``: oldest first). Reversing reverses the values only: papers
without a value (no date, no votes) stay last either way, and ties keep the
order they were given in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from readlist.store.dates import parse_date
from readlist.store.models import BLANK_STATE, Status

if TYPE_CHECKING:
    from readlist.store.library import Library

#: The sort orders, in the order ``s`` cycles through them. ``added`` keeps the
#: order given: library order, or best matches first when filtering.
SORTS = ("added", "date", "votes", "title", "status", "changed")
#: What each order puts first, for help texts.
SORT_HELP = {
    "added": "as added (best matches first when filtering)",
    "date": "newest publication date first",
    "votes": "most votes first",
    "title": "alphabetical",
    "status": "reading, to-read, new, read, skipped",
    "changed": "the reader's latest change first",
}

#: Where each status comes when sorting by status: what to read next first.
STATUS_ORDER = {Status.READING: 0, Status.TO_READ: 1, Status.NEW: 2, Status.READ: 3, Status.SKIPPED: 4}

#: A sort key: ``None`` for a paper without a value (it goes last), else a comparable value.
Key = Callable[[str], Any]


def is_sort(order: object) -> bool:
    """True for a sort order :func:`sort_ids` understands: a name of :data:`SORTS`, maybe ``-``-prefixed."""
    return isinstance(order, str) and order.removeprefix("-") in SORTS


def next_sort(current: str) -> str:
    """The sort order after ``current`` in :data:`SORTS` (a reversed order goes to the next plain one)."""
    name = current.removeprefix("-")
    index = SORTS.index(name) if name in SORTS else 0
    return SORTS[(index + 1) % len(SORTS)]


def depends_on_reader(order: str) -> bool:
    """True when the order reads the reader's state (a change of state may reorder the list)."""
    return order.removeprefix("-") in ("title", "status", "changed")


def sort_ids(library: Library, ids: list[str], order: str) -> list[str]:
    """``ids`` in the given order (a new list; stable, so ties keep their order).

    - ``added``: as given (library order, or best matches first when filtering).
    - ``date``: newest first (a date without a year counts as this year's);
      papers without a date last.
    - ``votes``: most first; papers without votes last.
    - ``title``: alphabetical, ignoring case.
    - ``status``: reading, to-read, new, read, skipped; by priority within.
    - ``changed``: the reader's most recent change first, then the newest added.

    Args:
        library: where the papers' fields and states are read.
        ids: the papers to sort.
        order: one of :data:`SORTS`, ``-`` in front to reverse it; anything
            else keeps ``ids`` as given.
    """
    reverse = order.startswith("-")
    name = order.removeprefix("-")
    if name not in SORTS:
        return list(ids)
    if name == "added":
        return ids[::-1] if reverse else list(ids)
    key = _KEYS[name](library)
    valued, missing = [], []
    for paper_id in ids:
        value = key(paper_id)
        (missing if value is None else valued).append((value, paper_id))
    valued.sort(key=lambda pair: pair[0], reverse=reverse)  # sort stays stable when reversed
    return [paper_id for _, paper_id in valued] + [paper_id for _, paper_id in missing]


def _by_date(library: Library) -> Key:
    docs = library.stored_papers()

    def key(paper_id: str) -> tuple | None:
        parsed = parse_date(docs[paper_id].get("date", ""))
        if parsed is None:
            return None
        year, month, day = parsed.sort_key()
        return (-year, -month, -day)

    return key


def _by_votes(library: Library) -> Key:
    docs = library.stored_papers()

    def key(paper_id: str) -> int | None:
        votes = docs[paper_id].get("votes")
        return None if votes is None else -votes

    return key


def _by_title(library: Library) -> Key:
    return lambda paper_id: library.title_of(paper_id).casefold()


def _by_status(library: Library) -> Key:
    states = library.touched()

    def key(paper_id: str) -> tuple:
        state = states.get(paper_id, BLANK_STATE)
        return (STATUS_ORDER[state.status], state.priority or 9)

    return key


def _by_changed(library: Library) -> Key:
    states, docs = library.touched(), library.stored_papers()

    def key(paper_id: str) -> tuple:
        state = states.get(paper_id)
        changed = state.changed if state and state.changed else ""
        return (changed == "", _descending(changed or docs[paper_id].get("added", "")))

    return key


def _descending(text: str) -> tuple[int, ...]:
    """A key sorting ISO timestamps newest first."""
    return tuple(-ord(c) for c in text)


_KEYS: dict[str, Callable[[Library], Key]] = {
    "date": _by_date, "votes": _by_votes, "title": _by_title, "status": _by_status, "changed": _by_changed,
}
