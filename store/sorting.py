"""Orders the list can be sorted in (``s`` in the TUI opens a menu of them,
``S`` reverses the current one; ``readlist list --sort`` takes any of them).

An order is one of :data:`SORTS`, optionally prefixed with ``-`` to reverse
it (``-date``: oldest first). Reversing reverses the values only: papers
without a value (no date, no votes) stay last either way, and ties keep the
order they were given in.

:func:`sort_ids` sorts once. A :class:`Ranking` pre-computes one order's rank
for every paper of a library, so that sorting any subset of it in that order
(or its reverse) is a sort of plain numbers, and keeps the ranks right when the
reader changes a few papers (:meth:`Ranking.update`); the view caches them.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from readlist.store.dates import parse_date
from readlist.store.models import BLANK_STATE, Status
from readlist.store.recommend.foryou import is_for_you

if TYPE_CHECKING:
    from readlist.store.library import Library

#: The sort orders, in the order ``s`` cycles through them. ``added`` keeps the
#: order given: library order, or best matches first when filtering.
SORTS = ("added", "date", "votes", "title", "status", "changed", "for-you")
#: What each order puts first, for help texts.
SORT_HELP = {
    "added": "as added (best matches first when filtering)",
    "date": "newest publication date first",
    "votes": "most votes first",
    "title": "alphabetical",
    "status": "reading, to-read, new, read, skipped",
    "changed": "the reader's latest change first",
    "for-you": "new papers most like what you queued and read first",
}

#: Where each status comes when sorting by status: what to read next first.
STATUS_ORDER = {Status.READING: 0, Status.TO_READ: 1, Status.NEW: 2, Status.READ: 3, Status.SKIPPED: 4}

#: A change of more papers than this drops a :class:`Ranking`'s sorted lists
#: (one sort rebuilds them) rather than moving each paper in them.
MOVE_AT_MOST = 200

#: A sort key: ``None`` for a paper without a value (it goes last), else a comparable value.
Key = Callable[[str], Any]


def is_sort(order: object) -> bool:
    """True for a sort order :func:`sort_ids` understands: a name of :data:`SORTS`
    or ``for-you:TAG``, maybe ``-``-prefixed."""
    return isinstance(order, str) and (order.removeprefix("-") in SORTS or is_for_you(order))


def next_sort(current: str) -> str:
    """The sort order after ``current`` in :data:`SORTS` (a reversed order goes to the next plain one)."""
    name = current.removeprefix("-")
    index = SORTS.index(name) if name in SORTS else 0
    return SORTS[(index + 1) % len(SORTS)]


def depends_on_reader(order: str) -> bool:
    """True when the order reads the reader's state (a change of state may reorder the list)."""
    return order.removeprefix("-") in ("title", "status", "changed") or is_for_you(order)


def sort_ids(library: Library, ids: list[str], order: str) -> list[str]:
    """``ids`` in the given order (a new list; stable, so ties keep their order).

    - ``added``: as given (library order, or best matches first when filtering).
    - ``date``: newest first (a date without a year counts as this year's);
      papers without a date last.
    - ``votes``: most first; papers without votes last.
    - ``title``: alphabetical, ignoring case.
    - ``status``: reading, to-read, new, read, skipped; by priority within.
    - ``changed``: the reader's most recent change first, then the newest added.
    - ``for-you`` (``for-you:TAG``): the papers still new, by the model of the
      reader's decisions (:mod:`store.recommend.foryou`; trains it, building
      the vectors if needed: seconds on a big library), then the others.

    Args:
        library: where the papers' fields and states are read.
        ids: the papers to sort.
        order: one of :data:`SORTS`, ``-`` in front to reverse it; anything
            else keeps ``ids`` as given.
    """
    reverse = order.startswith("-")
    name = order.removeprefix("-")
    if not is_sort(name):
        return list(ids)
    if name == "added":
        return ids[::-1] if reverse else list(ids)
    key = key_for(library, name)
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


class _Inverted(dict):
    """``str.translate`` table mapping each code point to its mirror (the last code point first)."""

    def __missing__(self, code: int) -> int:
        return 0x10FFFF - code


_INVERT = _Inverted()


def _descending(text: str) -> str:
    """A key sorting texts (ISO timestamps) in descending order: each
    character mirrored, then a last code point, so a longer text sorts before
    its own prefix as it does in descending order. A string, not a tuple of
    numbers: it is hashable and small (a :class:`Ranking` keeps one per paper)."""
    return text.translate(_INVERT) + "\U0010ffff"


def _for_you(library: Library, name: str) -> Key:
    """The key of ``for-you`` or ``for-you:TAG``: trains the model (imports scikit-learn)."""
    from readlist.store.recommend.foryou import ForYouKey, tag_of, train

    model = train(library, tag=tag_of(name))
    assert model is not None  # never cancelled here
    return ForYouKey(library, model, _by_date(library))


_KEYS: dict[str, Callable[[Library], Key]] = {
    "date": _by_date, "votes": _by_votes, "title": _by_title, "status": _by_status, "changed": _by_changed,
}


def key_for(library: Library, name: str) -> Key:
    """The sort key of order ``name`` (not reversed; not ``added``) over ``library`` as it is now.

    Raises:
        ValueError: not such an order.
    """
    if is_for_you(name):
        return _for_you(library, name)
    if name not in _KEYS:
        raise ValueError(f"no ranking for {name!r}")
    return _KEYS[name](library)


class Ranking:
    """One order's rank of every paper of a library, to sort subsets fast.

    Papers with equal keys have equal ranks (so a stable sort keeps their given
    order), papers without a value rank last (``inf``) in both directions, as
    in :func:`sort_ids`: ``ranking.order(ids, reverse)`` equals
    ``sort_ids(library, ids, "-" * reverse + name)`` for ids of the library.

    Building reads every paper (about a second at 100,000 papers) and changes
    nothing: safe in a worker thread.

    Args:
        library: the library.
        name: an order of :data:`SORTS` other than ``added``, or ``for-you:TAG``.
        key: its sort key, when made already (``for-you``'s, trained in a
            worker: :func:`key_for`); default: made now.

    Raises:
        ValueError: not such an order.
    """

    def __init__(self, library: Library, name: str, key: Key | None = None) -> None:
        self.name = name
        key = key if key is not None else key_for(library, name)
        self.key = key
        """The sort key; a ``live`` one (``for-you``'s) is kept for :meth:`update`."""
        ids = library.ids()
        many = getattr(key, "many", None)  # a key that computes a whole library at once (for-you's)
        self._keys: dict[str, Any] = dict(zip(ids, many(ids), strict=True)) if many else {
            paper_id: key(paper_id) for paper_id in ids}
        self._distinct = sorted({value for value in self._keys.values() if value is not None})
        self._rank_of: dict[Any, float] = {value: float(i) for i, value in enumerate(self._distinct)}
        self._up: dict[str, float] = {}
        self._down: dict[str, float] = {}
        for paper_id, value in self._keys.items():
            self._set(paper_id, None if value is None else self._rank_of[value])
        # Every paper in this order and in reverse, built when first asked for
        # (:meth:`_everything`), then kept right paper by paper: ties in library order.
        self._sorted: dict[bool, list[str]] = {}
        self._position: dict[str, int] = {}

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._keys

    def _set(self, paper_id: str, rank: float | None) -> None:
        self._up[paper_id] = math.inf if rank is None else rank
        self._down[paper_id] = math.inf if rank is None else -rank

    def order(self, ids: list[str], reverse: bool = False) -> list[str]:
        """``ids`` (papers of the library) in this order, or reversed; a new list, stable."""
        return sorted(ids, key=self._ranks(reverse).__getitem__)

    def all_except(self, excluded: set[str], reverse: bool = False) -> list[str]:
        """Every paper of the library but ``excluded``, in this order or reversed
        (ties in library order): what :meth:`order` gives for the library's ids
        without ``excluded``, but filtered from the whole library kept sorted, a
        few milliseconds at 100,000 papers instead of a sort's tens."""
        everything = self._everything(reverse)
        if not excluded:
            return list(everything)
        return [paper_id for paper_id in everything if paper_id not in excluded]

    def _everything(self, reverse: bool) -> list[str]:
        """Every paper of the library in this order (or reversed), ties in library order."""
        everything = self._sorted.get(reverse)
        if everything is None:
            if not self._position:
                self._position = {paper_id: at for at, paper_id in enumerate(self._keys)}
            everything = self._sorted[reverse] = sorted(self._keys, key=self._ranks(reverse).__getitem__)
        return everything

    def _ranks(self, reverse: bool) -> dict[str, float]:
        return self._down if reverse else self._up

    def _move(self, moved: list[str]) -> None:
        """Put the papers ``moved`` (whose rank changed) where they now belong in
        the kept sorted lists; many at once: drop the lists (rebuilt when needed)."""
        if len(moved) > MOVE_AT_MOST:
            self._sorted.clear()
            return
        position = self._position
        for reverse, everything in self._sorted.items():
            ranks = self._ranks(reverse)

            def place(paper_id: str, ranks: dict[str, float] = ranks) -> tuple[float, int]:
                return ranks[paper_id], position[paper_id]

            for paper_id in moved:  # all out first: what stays is sorted by the new ranks
                everything.remove(paper_id)
            for paper_id in moved:
                insort(everything, paper_id, key=place)

    def update(self, library: Library, ids: Iterable[str]) -> bool:
        """Rank the papers ``ids`` again after the reader changed them.

        Returns:
            False when the ranks cannot be kept exact (a new key between two
            ranks too close to split): build a new ranking then.
        """
        key = self.key if getattr(self.key, "live", False) else key_for(library, self.name)
        moved: list[str] = []
        try:
            return self._update(key, ids, moved)
        finally:
            self._move(moved)

    def _update(self, key: Key, ids: Iterable[str], moved: list[str]) -> bool:
        for paper_id in ids:
            if paper_id not in self._keys:
                return False  # a paper added since: the caller rebuilds
            value = key(paper_id)
            if value == self._keys[paper_id]:
                continue
            self._keys[paper_id] = value
            moved.append(paper_id)
            if value is not None and value not in self._rank_of:
                at = bisect_left(self._distinct, value)
                below = self._rank_of[self._distinct[at - 1]] if at else None
                above = self._rank_of[self._distinct[at]] if at < len(self._distinct) else None
                if below is None or above is None:
                    rank = 0.0 if below is None and above is None else (above - 1 if below is None else below + 1)
                else:
                    rank = (below + above) / 2
                    if rank in (below, above):
                        return False
                self._distinct.insert(at, value)
                self._rank_of[value] = rank
            self._set(paper_id, None if value is None else self._rank_of[value])
        return True
