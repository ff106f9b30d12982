"""What the reader is shown of a library: the one view the TUI and the CLI share.

A :class:`LibraryView` answers, for a library, a query, a sort order and
whether skipped papers show: which papers are shown, in which order, and how
many (shown, in all, per status, skipped ones hidden). The filter box, the
list, the sidebar's counts, the header and ``readlist list`` all ask it, so
they always agree. The rules:

1. the query (:mod:`store.query`) chooses the papers, best matches first;
   without one, every paper in library order;
2. skipped papers are left out, unless the view shows them or the query names
   ``status:skipped`` (they are never deleted);
3. the sort order (:mod:`store.sorting`) orders what is left; ``added`` keeps
   the order of rule 1.

Sorting uses one :class:`~store.sorting.Ranking` per order, built the first
time the order is used (or in a worker: :meth:`LibraryView.build_ranking`,
:meth:`LibraryView.use_ranking`) and kept: sorting again, or in reverse, or
after the query changed, sorts numbers (tens of milliseconds at 100,000
papers, where computing the keys took up to half a second). A change of the
reader's state re-ranks the changed papers in the orders that read it
(``title``, ``status``, ``changed``); papers added drop every ranking.

The view owns the library's :class:`~store.search.SearchIndex` and keeps it
exact: after a change of the reader's state, :meth:`LibraryView.refresh` moves
each changed paper's words in the index (its old title, tags and note stop
finding it) and checks again, for the changed papers only, whether they still
match the query. Papers added (an import, another process) make the index
stale: a small library's is rebuilt at once; for a big one the caller builds a
new one (:meth:`build_index`, seconds at 100,000 papers, safe in a worker
thread), installs it with :meth:`use_index` and searches again.

On a big library a query is answered in two passes: :meth:`search` without
abstracts at once, then with them (in a worker thread); :meth:`show` takes
each answer, and an answer computed before a later change is brought up to
date for the papers that change touched.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readlist.store.collector import MANY, paused
from readlist.store.models import BLANK_STATE, Status
from readlist.store.query import Node, asks_for, parse
from readlist.store.recommend.foryou import is_for_you
from readlist.store.search import SearchIndex
from readlist.store.sorting import Ranking, depends_on_reader, is_sort

if TYPE_CHECKING:
    from readlist.store.changes import Change
    from readlist.store.library import Library
    from readlist.store.recommend.foryou import ForYou

#: Up to this many papers, a query searches abstracts at once and the index is
#: rebuilt at once when papers are added.
SEARCH_AT_ONCE = 5_000
#: How many recent changes the view remembers, to bring a late search answer up to date.
RECENT_CHANGES = 64


@dataclass(frozen=True)
class Result:
    """The papers matching a query, best first.

    Attributes:
        query: the query text as typed.
        ids: the matching paper ids, best first.
        scores: the rank score of each id that has one (text terms), higher first.
        words: the words and typo variants that matched, to highlight.
        complete: abstracts were searched too (else the match may be wider
            than the final one, never narrower).
        generation: the library's ``state_generation`` the search started at.
    """

    query: str
    ids: list[str]
    scores: dict[str, float]
    words: frozenset[str]
    complete: bool
    generation: int


@dataclass(frozen=True)
class Counts:
    """How many papers the view shows, and of what.

    Attributes:
        shown: papers shown.
        total: papers in the library.
        statuses: papers of each status in the whole library.
        hidden: skipped papers the query matched that the view leaves out.
    """

    shown: int
    total: int
    statuses: Counter[Status]
    hidden: int


class LibraryView:
    """What is shown of ``library`` (see the module docstring).

    Args:
        library: the library.
        sort: a sort order (:func:`store.sorting.is_sort`); anything else is ``"added"``.
        show_skipped: show skipped papers too.
        once: the view answers one query and is then dropped (the command
            line): its index builds only what that query reads
            (:class:`~store.search.SearchIndex` ``once``) and is not kept up to date.
    """

    def __init__(self, library: Library, *, sort: str = "added", show_skipped: bool = False,
                 once: bool = False) -> None:
        self.library = library
        self.once = once
        self.index: SearchIndex | None = None
        """The search index, once built (:meth:`build_index`, :meth:`use_index`)."""
        self._index_generation = -1
        self.sort = sort if is_sort(sort) else "added"
        self.show_skipped = show_skipped
        self.query = ""
        """The query shown (``""``: none)."""
        self.words: frozenset[str] = frozenset()
        """Words the query matched, to highlight."""
        self.complete = True
        """False while the shown answer still lacks the abstracts pass."""
        self._node: Node | None = None
        self._matched: list[str] | None = None  # None: every paper
        self._matched_set: set[str] = set()
        self._scores: dict[str, float] = {}
        self._shown: list[str] | None = None
        self._hidden = 0
        self._catalogue_generation = library.catalogue_generation
        self._recent: deque[tuple[int, set[str]]] = deque(maxlen=RECENT_CHANGES)
        self._recent_since = library.state_generation  # the log holds every change after this
        self._rankings: dict[str, Ranking] = {}
        self._rankings_generation = library.catalogue_generation

    # -- the index -----------------------------------------------------------------

    @property
    def abstracts_at_once(self) -> bool:
        """True when the library is small enough to search abstracts within a keystroke."""
        return len(self.library) <= SEARCH_AT_ONCE

    @property
    def index_stale(self) -> bool:
        """True when there is no index, or papers were added since it was built."""
        return self.index is None or self._index_generation != self.library.catalogue_generation

    @property
    def ready(self) -> bool:
        """True once the index is built with its vocabularies (typo-tolerant search works)."""
        return self.index is not None and self.index.ready

    def build_index(self, *, vocabularies: bool = True) -> tuple[SearchIndex, int]:
        """A new index of the library as it is now, and the ``catalogue_generation``
        it reflects, for :meth:`use_index`. Changes nothing: safe in a worker thread.

        Args:
            vocabularies: build the typo vocabularies too (the slow part;
                :meth:`SearchIndex.build_vocabularies` can do it later).
        """
        generation = self.library.catalogue_generation
        return SearchIndex.from_library(self.library, vocabularies=vocabularies, once=self.once), generation

    def use_index(self, index: SearchIndex, generation: int) -> None:
        """Search with ``index`` from now on (built by :meth:`build_index` at
        ``generation``); the reader's changes made while it was built are brought in.
        The answer shown stays until the next :meth:`search`."""
        self.index, self._index_generation = index, generation
        self._sync_states(None)

    def ensure_index(self) -> SearchIndex:
        """The index, built now if it is missing or stale (blocking: seconds at 100,000 papers)."""
        if self.index_stale:
            self.use_index(*self.build_index())
        assert self.index is not None
        return self.index

    # -- the query -------------------------------------------------------------------

    def search(self, text: str, *, abstracts: bool | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> Result | None:
        """The papers matching ``text``, without changing what is shown.

        Args:
            text: the query as typed; its last word also matches as a beginning
                unless the text ends with a space (see :func:`store.search.typed_word`).
            abstracts: search abstracts too; default: when :attr:`abstracts_at_once`.
            cancelled: polled during the search; True stops it.

        Returns:
            The result, or ``None`` when there is no index yet or the search was cancelled.

        Raises:
            QueryError: the query cannot be read.
        """
        index = self.index
        if index is None:
            return None
        abstracts = self.abstracts_at_once if abstracts is None else abstracts
        generation = self.library.state_generation
        match = index.search(text, abstracts=abstracts, cancelled=cancelled)
        if match is None:
            return None
        ids = index.ids
        return Result(text, [ids[row] for row in match.rows], {ids[row]: s for row, s in match.scores.items()},
                      match.words, complete=abstracts and index.ready, generation=generation)

    def show(self, result: Result) -> None:
        """Show the papers of ``result`` (brought up to date for changes made since it was computed)."""
        self.query, self._node = result.query, parse(result.query)
        if self._node is None:
            self.show_all()
            return
        self._matched = list(result.ids)
        self._matched_set = set(result.ids)
        self._scores = dict(result.scores)
        self.words, self.complete = result.words, result.complete
        self._shown = None
        if result.generation != self.library.state_generation:
            self._recheck(self._changed_since(result.generation))

    def show_all(self) -> None:
        """Show every paper (no query)."""
        self.query, self._node = "", None
        self._matched, self._matched_set, self._scores = None, set(), {}
        self.words, self.complete = frozenset(), True
        self._shown = None

    def set_query(self, text: str) -> None:
        """Show the papers matching ``text``, searched completely now (abstracts
        too; builds the index if needed): for the command line and small libraries.

        Raises:
            QueryError: the query cannot be read.
        """
        if parse(text) is None:
            self.show_all()
            return
        self.ensure_index()
        result = self.search(text, abstracts=True)
        assert result is not None
        self.show(result)

    def set_sort(self, order: str) -> None:
        """Sort the shown papers by ``order`` (see :mod:`store.sorting`).

        Raises:
            ValueError: not a sort order.
        """
        if not is_sort(order):
            raise ValueError(f"not a sort order: {order!r}")
        self.sort = order
        self._shown = None

    def sort_ready(self, order: str) -> bool:
        """True when sorting by ``order`` is fast now (its ranking is built, or it needs none)."""
        name = order.removeprefix("-")
        return name == "added" or (name in self._rankings
                                   and self._rankings_generation == self.library.catalogue_generation)

    def build_ranking(self, order: str) -> tuple[Ranking, int, int]:
        """A new ranking of the library for ``order``, with the ``catalogue_generation``
        and ``state_generation`` it reflects, for :meth:`use_ranking`. Changes
        nothing: safe in a worker thread."""
        library = self.library
        generations = library.catalogue_generation, library.state_generation
        return Ranking(library, order.removeprefix("-")), *generations

    def use_ranking(self, ranking: Ranking, catalogue_generation: int, state_generation: int) -> bool:
        """Sort with ``ranking`` (from :meth:`build_ranking`) from now on; the
        reader's changes made while it was built are brought in.

        Returns:
            False when papers were added since it was built (it is dropped).
        """
        library = self.library
        if catalogue_generation != library.catalogue_generation:
            return False
        self._drop_stale_rankings()
        if (state_generation != library.state_generation and depends_on_reader(ranking.name)
                and not ranking.update(library, self._changed_since(state_generation))):
            return False
        self._rankings[ranking.name] = ranking
        if ranking.name == self.sort.removeprefix("-"):
            self._shown = None  # a new ranking of the order shown (for-you retrained): sort again
        return True

    def for_you(self) -> ForYou | None:
        """The model behind the shown order when it is ``for-you`` (or ``for-you:TAG``)
        and ranked, for the reasons the detail pane gives; else ``None``."""
        ranking = self._rankings.get(self.sort.removeprefix("-")) if is_for_you(self.sort) else None
        return getattr(ranking.key, "model", None) if ranking is not None else None

    def _drop_stale_rankings(self) -> None:
        if self._rankings_generation != self.library.catalogue_generation:
            self._rankings.clear()
            self._rankings_generation = self.library.catalogue_generation

    def _ranking(self, name: str) -> Ranking:
        """The ranking for order ``name``, built now if missing (blocking)."""
        self._drop_stale_rankings()
        ranking = self._rankings.get(name)
        if ranking is None:
            ranking = self._rankings[name] = Ranking(self.library, name)
        return ranking

    def _rerank(self, ids: set[str] | None) -> None:
        """Re-rank the papers ``ids`` (``None``: any may have changed) in the
        orders that read the reader's state."""
        for name in [name for name in self._rankings if depends_on_reader(name)]:
            if ids is None or not self._rankings[name].update(self.library, ids):
                del self._rankings[name]

    def set_show_skipped(self, show: bool) -> None:
        """Show skipped papers too, or hide them again."""
        self.show_skipped = show
        self._shown = None

    # -- what is shown -----------------------------------------------------------------

    @property
    def shown(self) -> list[str]:
        """The ids shown, in order (a new list whenever it changes; do not modify it)."""
        if self._shown is None:
            self._shown, self._hidden = self._compute_shown()
        return self._shown

    def counts(self) -> Counts:
        """The counts of what is shown (see :class:`Counts`)."""
        shown = self.shown
        return Counts(len(shown), len(self.library), self.library.status_counts(), self._hidden)

    def count(self, text: str, *, abstracts: bool = True, cancelled: Callable[[], bool] = lambda: False) -> int | None:
        """How many papers the query ``text`` would show, by the same rules (for
        the sidebar's saved searches). Safe in a worker thread.

        Returns:
            The number, or ``None`` when there is no index yet or it was cancelled.

        Raises:
            QueryError: the query cannot be read.
        """
        node = parse(text)
        if node is None:
            ids = self.library.ids()
        else:
            result = self.search(text, abstracts=abstracts, cancelled=cancelled)
            if result is None:
                return None
            ids = result.ids
        skipped = self._skipped() if self._hides_skipped(node) else set()
        return sum(1 for paper_id in ids if paper_id not in skipped) if skipped else len(ids)

    def tag_counts(self) -> Counter[str]:
        """How many papers ``tag:<name>`` shows, for each tag (skipped papers left
        out by the same rule as :meth:`count`)."""
        hide = self._hides_skipped(None)
        counts: Counter[str] = Counter()
        for state in list(self.library.touched().values()):  # a copy: see Library.touched
            if not (hide and state.status == Status.SKIPPED):
                counts.update(state.tags)
        return counts

    def _hides_skipped(self, node: Node | None) -> bool:
        return not self.show_skipped and not asks_for(node, Status.SKIPPED)

    def _skipped(self) -> set[str]:
        """The ids of the skipped papers (only touched papers can be skipped: few to test)."""
        return {pid for pid, state in list(self.library.touched().items()) if state.status == Status.SKIPPED}

    def _compute_shown(self) -> tuple[list[str], int]:
        library = self.library
        name = self.sort.removeprefix("-")
        reverse = self.sort.startswith("-")
        skipped = self._skipped() if self._hides_skipped(self._node) else set()
        if self._matched is None and name != "added":  # the whole library, kept sorted by its ranking
            shown = self._ranking(name).all_except(skipped, reverse)
            return shown, len(library) - len(shown)
        docs = library.stored_papers()  # a dict: membership in C, not Library.__contains__ per paper
        ids = library.ids() if self._matched is None else [pid for pid in self._matched if pid in docs]
        hidden = 0
        if skipped:
            shown = [pid for pid in ids if pid not in skipped]
            hidden, ids = len(ids) - len(shown), shown
        if name == "added":
            return (ids[::-1] if reverse else list(ids)), hidden
        return self._ranking(name).order(ids, reverse), hidden

    # -- keeping up with changes -------------------------------------------------------

    def refresh(self, change: Change | None = None) -> None:
        """Bring the view up to date after the library changed.

        Args:
            change: the change of the reader's state that was made (a key, a
                bulk action, undo); ``None`` when anything may have changed
                (papers added, another process's write read in).
        """
        library = self.library
        if library.catalogue_generation != self._catalogue_generation:
            self._catalogue_generation = library.catalogue_generation
            self._shown = None
            if self.index is not None and self.abstracts_at_once:
                self.use_index(*self.build_index())
                if self._node is not None:
                    self.set_query(self.query)
                return
        self._drop_stale_rankings()
        self._rerank(set(change.ids) if change is not None else None)
        with paused(freeze=change is not None and len(change.ids) >= MANY):
            changed = self._sync_states(change)
        if changed:
            if len(self._recent) == self._recent.maxlen:
                self._recent_since = self._recent[0][0]  # about to be forgotten
            self._recent.append((library.state_generation, changed))
            self._recheck(changed)

    def _sync_states(self, change: Change | None) -> set[str]:
        """Bring the reader's state of the changed papers (every touched paper
        when ``change`` is ``None``) into the index; returns the ids whose state changed."""
        index, library = self.index, self.library
        if index is None:
            self._shown = None
            return set(change.ids) if change is not None else set()
        # without a change: every touched paper, and those the index still holds a state of
        ids = change.ids if change is not None else set(library.touched()) | {index.ids[row] for row in index.states}
        row_of, held, skipped = index.row_of, index.states, Status.SKIPPED
        states, skips = {}, False
        for paper_id in ids:
            if (row := row_of.get(paper_id)) is not None:
                state = states[row] = library.state(paper_id)
                skips = skips or ((held.get(row, BLANK_STATE).status == skipped) != (state.status == skipped))
        changed = {index.ids[row] for row in index.set_states(states)}
        if skips or (changed and depends_on_reader(self.sort)):
            self._shown = None
        return changed

    def _changed_since(self, generation: int) -> set[str]:
        """The papers changed after ``generation`` (every touched one if that is too long ago)."""
        if generation < self._recent_since:  # the log does not reach back that far
            return set(self.library.touched())
        return set().union(*(ids for at, ids in self._recent if at > generation))

    def _recheck(self, ids: set[str]) -> None:
        """Check again whether the papers ``ids`` match the query, and move them
        in or out of the answer (a paper still matching keeps its place)."""
        index = self.index
        if self._node is None or self._matched is None or index is None or not ids:
            return
        rows = {index.row_of[pid] for pid in ids if pid in index.row_of}
        match = index.search(self.query, abstracts=self.complete, candidates=rows)
        if match is None:
            return
        now = {index.ids[row] for row in match.rows}
        moved = False
        for paper_id in ids:
            if paper_id in self._matched_set and paper_id not in now:
                self._matched.remove(paper_id)
                self._matched_set.discard(paper_id)
                self._scores.pop(paper_id, None)
                moved = True
            elif paper_id in now and paper_id not in self._matched_set:
                row = index.row_of[paper_id]
                self._scores[paper_id] = match.scores.get(row, 0.0)
                self._insert(paper_id)
                moved = True
        if moved:
            self.words = self.words | match.words
            self._shown = None

    def _insert(self, paper_id: str) -> None:
        """Put a newly matching paper where its score ranks it (ties in library order)."""
        row_of, scores = self.index.row_of, self._scores

        def rank(pid: str) -> tuple[float, int]:
            return (-scores.get(pid, 0.0), row_of.get(pid, 0))

        position = bisect_left(self._matched, rank(paper_id), key=rank)
        self._matched.insert(position, paper_id)
        self._matched_set.add(paper_id)
