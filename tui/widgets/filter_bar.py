"""The filter box: live search as the reader types, fast at any library size.

:class:`FilterBar` owns the library's :class:`~store.search.SearchIndex`. It
builds it in a worker thread at start (seconds at 100,000 papers; until then
words match titles exactly), answers each keystroke from the short fields
(title, tags, note, organisation) at once, and, on libraries too big to search
abstracts within a keystroke, matches abstracts in a worker thread once typing
pauses; its result replaces the fast one unless a newer keystroke came first.
It reports results with :class:`FilterBar.Results`, and a query it cannot
parse with :class:`FilterBar.Invalid` (the list keeps the last good result).

``up``/``down`` walk through past queries (kept in the library); ``ctrl+s``
asks to save the query as a named search.
"""

from __future__ import annotations

import contextlib

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from readlist.store.errors import ReadlistError
from readlist.store.library import Library
from readlist.store.query import QueryError
from readlist.store.search import SearchIndex

#: Up to this many papers, everything (abstracts included) is searched at once.
SEARCH_AT_ONCE = 5_000
#: Above this many papers, a keystroke's search waits until the typed character
#: is on screen (the search can take longer than a frame there).
ECHO_FIRST_ABOVE = 50_000
#: On bigger libraries, abstracts are searched once typing pauses this long (seconds).
ABSTRACTS_AFTER = 0.25
#: Library setting holding past queries, oldest first.
HISTORY = "query_history"
#: Past queries kept.
HISTORY_SIZE = 50


class FilterBar(Input):
    """The filter box. ``Enter`` returns to the list keeping the filter; ``Esc`` clears it."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter", id="filter.clear", tooltip="Clear the filter, back to the list"),
        Binding("ctrl+l", "clear(False)", "Clear the box", id="filter.erase", tooltip="Clear the filter, stay here"),
        Binding("up", "history(-1)", "Older query", id="filter.older", tooltip="The query before (history)"),
        Binding("down", "history(1)", "Newer query", id="filter.newer", tooltip="The query after (history)"),
        Binding("ctrl+s", "save_search", "Save search", id="filter.save",
                tooltip="Save this query as a named search (sidebar, keys 1-9, palette)"),
    ]

    class Results(Message):
        """Papers matching the filter, best first.

        Attributes:
            query: the filter text they answer.
            ids: the paper ids.
            complete: False while abstracts are still being searched.
            words: words and typo variants that matched, to highlight.
        """

        def __init__(self, query: str, ids: list[str], complete: bool, words: frozenset[str] = frozenset()) -> None:
            self.query, self.ids, self.complete, self.words = query, ids, complete, words
            super().__init__()

    class Invalid(Message):
        """The query cannot be parsed (``error`` says which token and why), or
        became valid again (``error`` is ``None``)."""

        def __init__(self, error: QueryError | None) -> None:
            self.error = error
            super().__init__()

    class Cleared(Message):
        """The reader cleared the filter with ``Esc``."""

    class SaveRequested(Message):
        """The reader asked to save ``query`` as a named search."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        # No select-all on focus: keys typed right after "/" can arrive before the
        # focus event, and would then be selected and replaced.
        super().__init__(placeholder="/ to filter: words, \"phrases\", tag:x status:to-read votes:>=3 … (? for all)",
                         id=id, select_on_focus=False)
        self.library = library
        self.index: SearchIndex | None = None
        self._index_generation = -1
        self._abstract_timer: Timer | None = None
        self._query_error = False
        self._history_at: int | None = None

    # -- the index ---------------------------------------------------------------

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """(Re)build the index, e.g. after papers were added."""
        if len(self.library) <= SEARCH_AT_ONCE:
            self._index_built(SearchIndex.from_library(self.library), self.library.catalogue_generation)
        else:
            self._build_in_background(self.library.catalogue_generation)

    @work(thread=True, exclusive=True, group="index")
    def _build_in_background(self, generation: int) -> None:
        worker = get_current_worker()
        index = SearchIndex.from_library(self.library, vocabularies=False)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._index_built, index, generation)
        index.build_vocabularies()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._index_built, index, generation)

    def _index_built(self, index: SearchIndex, generation: int) -> None:
        self.index, self._index_generation = index, generation
        self.sync_reader()  # states changed while a background build ran
        if self.value.strip():  # an empty filter shows every paper already
            self.search(self.value)

    @property
    def ready(self) -> bool:
        """True once the index is built with its vocabularies (typo-tolerant search works)."""
        return self.index is not None and self.index.ready

    @property
    def stale(self) -> bool:
        """True when papers were added since the index was built."""
        return self._index_generation != self.library.catalogue_generation

    def sync_reader(self, paper_id: str | None = None) -> None:
        """Bring the reader's state of one paper, or of every touched paper,
        into the index after it changed."""
        if self.index is None:
            return
        ids = [paper_id] if paper_id is not None else list(self.library.touched())
        row_of = self.index.row_of
        self.index.set_states({row_of[pid]: self.library.state(pid) for pid in ids if pid in row_of})

    # -- searching ---------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search for the new text. On a big library, first let the typed
        character reach the screen, and search only for the newest text: keys
        typed faster than searches run are skipped over."""
        if event.input is not self:
            return
        if len(self.library) <= ECHO_FIRST_ABOVE:
            self.search(event.value)
        else:
            self.call_after_refresh(self._search_if_newest, event.value)

    def _search_if_newest(self, text: str) -> None:
        if text == self.value:
            self.search(text)

    def search(self, text: str) -> None:
        """Search for ``text`` and post the results (the fast ones at once)."""
        if self._abstract_timer is not None:
            self._abstract_timer.stop()
        self.workers.cancel_group(self, "abstracts")  # a newer keystroke wins
        if not text.strip():
            self._clear_error()
            self.post_message(self.Results(text, self.library.ids(), complete=True))
            return
        if self.index is None:
            return  # the index is being built; its completion searches again
        everything = len(self.index.ids) <= SEARCH_AT_ONCE
        try:
            match = self.index.search(text, abstracts=everything)
        except QueryError as error:
            self._query_error = True
            self.post_message(self.Invalid(error))
            return
        self._clear_error()
        ids = [self.index.ids[row] for row in match.rows]
        # Until the vocabularies are built only exact words match: more results come when they are.
        self.post_message(self.Results(text, ids, complete=everything and self.index.ready, words=match.words))
        if not everything and self.index.ready:
            index = self.index
            self._abstract_timer = self.set_timer(
                ABSTRACTS_AFTER, lambda: self._search_abstracts(text, index)
            )

    def _clear_error(self) -> None:
        if self._query_error:
            self._query_error = False
            self.post_message(self.Invalid(None))

    @work(thread=True, exclusive=True, group="abstracts")
    def _search_abstracts(self, text: str, index: SearchIndex) -> None:
        worker = get_current_worker()
        for _attempt in range(3):
            try:
                match = index.search(text, abstracts=True, cancelled=lambda: worker.is_cancelled)
                break
            except QueryError:
                return
            except RuntimeError:  # a vocabulary grew under us (the reader typed a new tag): again
                continue
        else:
            return
        if match is None or worker.is_cancelled:
            return
        ids = [index.ids[row] for row in match.rows]
        self.app.call_from_thread(self._abstracts_found, text, ids, match.words)

    def _abstracts_found(self, text: str, ids: list[str], words: frozenset[str]) -> None:
        if text == self.value:
            self.post_message(self.Results(text, ids, complete=True, words=words))

    # -- history and saving ------------------------------------------------------

    def remember(self) -> None:
        """Add the current query to the history (when the reader leaves the box with it)."""
        query = self.value.strip()
        self._history_at = None
        if not query or self._query_error:
            return
        history = [q for q in self._history() if q != query] + [query]
        with contextlib.suppress(ReadlistError):  # the history is a convenience: never worth an error
            self.library.set_setting(HISTORY, history[-HISTORY_SIZE:])

    def _history(self) -> list[str]:
        """The stored queries, oldest first (anything but text, from a hand-edited file, left out)."""
        return [query for query in self.library.setting(HISTORY, []) if isinstance(query, str)]

    def action_history(self, step: int) -> None:
        history = self._history()
        if not history:
            return
        at = len(history) if self._history_at is None else self._history_at
        at = max(0, min(at + step, len(history)))
        self._history_at = at
        self.value = history[at] if at < len(history) else ""
        self.cursor_position = len(self.value)

    def action_save_search(self) -> None:
        if self.value.strip() and not self._query_error:
            self.post_message(self.SaveRequested(self.value.strip()))
        else:
            self.notify("Type a valid query first", severity="warning")

    def action_clear(self, leave: bool = True) -> None:
        self.value = ""
        self._history_at = None
        if leave:
            self.post_message(self.Cleared())
