"""The reader's settings kept with the library: typed, validated, in one place.

Settings are stored as JSON in the library's state file (see
:meth:`Library.setting <readlist.store.library.Library.setting>`), beside the
reader's state of papers, so they travel with the library and its backups.
:class:`Settings` reads and writes each one with its type; the TUI and the
command line both go through it. A stored value of the wrong shape (a
hand-edited file, a backup from elsewhere) reads as absent, so the app never
breaks on one.

=================  ====================================================
``saved_searches``  ``[{"name": str, "query": str}, ...]``, in order
``query_history``   past filter queries, oldest first (at most 50)
``sort``            the list's sort order (:data:`store.sorting.SORTS`)
``triage``          the unfinished triage session (:mod:`store.triage`)
``theme``           the Textual theme the reader last picked
``fetched``         source -> when it was last fetched (:mod:`store.fetching`)
``shared_changes``  the last changes the command line made, for the TUI's undo
=================  ====================================================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readlist.store.changes import Change
from readlist.store.models import now_iso
from readlist.store.sorting import is_sort
from readlist.store.triage import TriageSession

if TYPE_CHECKING:
    from readlist.store.library import Library

SAVED_SEARCHES = "saved_searches"
QUERY_HISTORY = "query_history"
SORT = "sort"
TRIAGE = "triage"
THEME = "theme"
FETCHED = "fetched"
SHARED_CHANGES = "shared_changes"
#: Changes of the command line kept for the TUI to undo.
SHARED_KEPT = 20
#: Past queries kept.
HISTORY_SIZE = 50
#: Settings a backup brings back when the library has none of its own.
RESTORED = (SORT, QUERY_HISTORY, TRIAGE, THEME)
#: Settings a backup merges entry by entry (by name) with the library's own.
MERGED = (SAVED_SEARCHES,)


@dataclass(frozen=True)
class SavedSearch:
    """A query the reader saved under a name (the sidebar, keys 1-9, the palette).

    Attributes:
        name: the name the reader gave it.
        query: the query text (see :mod:`store.query`).
    """

    name: str
    query: str


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_search(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("query"), str)


def _is_triage(value: Any) -> bool:
    """True for a triage session as :meth:`TriageSession.to_setting` writes it."""
    return (
        isinstance(value, dict) and value.keys() <= {"ids", "position", "decisions"}
        and _is_text_list(value.get("ids"))
        and (value.get("position") is None or (isinstance(value["position"], int)
                                               and not isinstance(value["position"], bool)))
        and isinstance(decisions := value.get("decisions", {}), dict)
        and all(isinstance(decision, str) for decision in decisions.values())
    )


#: The shape readlist writes each setting in (``None`` is always allowed: the setting is unset).
_CHECKS: dict[str, Callable[[Any], bool]] = {
    SAVED_SEARCHES: lambda v: isinstance(v, list) and all(_is_search(s) for s in v),
    QUERY_HISTORY: _is_text_list,
    SORT: is_sort,
    TRIAGE: _is_triage,
    THEME: lambda v: isinstance(v, str) and bool(v.strip()),
    SHARED_CHANGES: lambda v: isinstance(v, list) and all(
        isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("change"), dict) for c in v),
    FETCHED: lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(w, str) for k, w in v.items()),
}


def check(name: str, value: Any) -> bool:
    """True when ``value`` has the shape readlist writes setting ``name`` in
    (or is ``None``); settings readlist does not know are not checked."""
    return value is None or name not in _CHECKS or _CHECKS[name](value)


class Settings:
    """Typed access to the settings of one library.

    Every method that changes a setting writes it at once and raises
    :class:`~store.errors.StorageError` when it cannot (nothing is changed then).

    Args:
        library: the library whose settings these are.
    """

    def __init__(self, library: Library) -> None:
        self.library = library

    def _read(self, name: str) -> Any:
        """The stored value of ``name`` if it has the right shape, else ``None``."""
        value = self.library.setting(name)
        return value if check(name, value) else None

    # -- saved searches ------------------------------------------------------------

    def saved_searches(self) -> list[SavedSearch]:
        """The saved searches, in the order they were saved (entries of the wrong
        shape in a hand-edited file are left out)."""
        stored = self.library.setting(SAVED_SEARCHES)
        if not isinstance(stored, list):
            return []
        return [SavedSearch(s["name"], s["query"]) for s in stored if _is_search(s)]

    def save_search(self, name: str, query: str) -> int:
        """Save ``query`` as ``name`` (replacing a search of that name); returns
        its number in the list, from 1 (keys 1-9 reach the first nine)."""
        name, query = name.strip(), query.strip()
        searches = [s for s in self.saved_searches() if s.name != name] + [SavedSearch(name, query)]
        self.library.set_setting(SAVED_SEARCHES, [{"name": s.name, "query": s.query} for s in searches])
        return len(searches)

    # -- query history -------------------------------------------------------------

    def query_history(self) -> list[str]:
        """Past filter queries, oldest first (anything but text left out)."""
        stored = self.library.setting(QUERY_HISTORY)
        return [query for query in stored if isinstance(query, str)] if isinstance(stored, list) else []

    def remember_query(self, query: str) -> None:
        """Put ``query`` last in the history (once), keeping the newest :data:`HISTORY_SIZE`."""
        query = query.strip()
        if not query:
            return
        history = [q for q in self.query_history() if q != query] + [query]
        self.library.set_setting(QUERY_HISTORY, history[-HISTORY_SIZE:])

    # -- sort order ----------------------------------------------------------------

    def sort(self) -> str:
        """The list's sort order (``"added"`` when none was chosen)."""
        return self._read(SORT) or "added"

    def set_sort(self, order: str) -> None:
        """Remember the list's sort order.

        Raises:
            ValueError: ``order`` is not a sort order (see :func:`store.sorting.is_sort`).
        """
        if not is_sort(order):
            raise ValueError(f"not a sort order: {order!r}")
        self.library.set_setting(SORT, order)

    # -- triage --------------------------------------------------------------------

    def triage(self) -> TriageSession | None:
        """The unfinished triage session, without papers no longer in the library;
        ``None`` when there is none, or it is finished or empty."""
        session = TriageSession.from_setting(self._read(TRIAGE), self.library.stored_papers())
        return None if session is None or session.done else session

    def set_triage(self, session: TriageSession | None) -> None:
        """Keep ``session`` to resume it (a finished one, or ``None``, is forgotten)."""
        self.library.set_setting(TRIAGE, None if session is None or session.done else session.to_setting())

    # -- theme ---------------------------------------------------------------------

    def theme(self) -> str | None:
        """The theme the reader last picked, or ``None``."""
        return self._read(THEME)

    def set_theme(self, name: str) -> None:
        """Remember the theme the reader picked."""
        self.library.set_setting(THEME, name)

    # -- backups -------------------------------------------------------------------

    def restore(self, settings: Mapping[str, Any]) -> None:
        """Bring back settings from a backup: those of :data:`RESTORED` the library
        has none of, and the saved searches it lacks by name. Values of the wrong
        shape are ignored."""
        mine = self.library.settings()
        for name in RESTORED:
            if settings.get(name) is not None and mine.get(name) is None and check(name, settings[name]):
                self.library.set_setting(name, settings[name])
        theirs = settings.get(SAVED_SEARCHES)
        if isinstance(theirs, list):
            ours = [{"name": s.name, "query": s.query} for s in self.saved_searches()]
            known = {s["name"] for s in ours}
            added = [{"name": s["name"], "query": s["query"]} for s in theirs
                     if _is_search(s) and s["name"] not in known]
            if added:
                self.library.set_setting(SAVED_SEARCHES, ours + added)

    # -- fetching ------------------------------------------------------------------

    def last_fetched(self, source: str) -> str | None:
        """When ``source`` (``"huggingface"``, ``"arxiv:cs.CV"`` ...) was last fetched
        completely: a day ``YYYY-MM-DD`` or an ISO 8601 time, as :mod:`store.fetching`
        wrote it; ``None`` when never."""
        return (self._read(FETCHED) or {}).get(source)

    def set_fetched(self, sources: Mapping[str, str]) -> None:
        """Record when each of ``sources`` was fetched (one write)."""
        self.library.set_setting(FETCHED, {**(self._read(FETCHED) or {}), **sources})

    # -- changes made by other processes -------------------------------------------

    def share_change(self, change: Change) -> None:
        """Keep a change the command line made (``readlist tag`` ...) where a running or
        later TUI finds it and can undo it (:meth:`shared_changes`); the newest
        :data:`SHARED_KEPT` are kept. Nothing is kept for an empty change."""
        if not change:
            return
        entry = {"id": f"{now_iso()}-{os.getpid()}", "change": change.to_doc()}
        self.library.set_setting(SHARED_CHANGES, [*(self._read(SHARED_CHANGES) or []), entry][-SHARED_KEPT:])

    def shared_changes(self) -> list[tuple[str, Change]]:
        """The changes kept by :meth:`share_change`, oldest first, each with its id
        (entries of the wrong shape are left out)."""
        found = []
        for entry in self._read(SHARED_CHANGES) or []:
            try:
                found.append((entry["id"], Change.from_doc(entry["change"])))
            except ValueError:
                continue
        return found
