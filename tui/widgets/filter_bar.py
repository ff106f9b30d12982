"""The filter box: live search as the reader types, fast at any library size.

:class:`FilterBar` owns the library's :class:`~store.search.SearchIndex`. It
builds it in a worker thread at start (seconds at 100,000 papers; until then
words match titles exactly), answers each keystroke from the short fields
(title, tags, note, organisation) at once, and, on libraries too big to search
abstracts within a keystroke, matches abstracts in a worker thread whose
result replaces the fast one unless a newer keystroke came first. It reports
results with :class:`FilterBar.Results`.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from store.library import Library
from store.search import SearchIndex

#: Up to this many papers, everything (abstracts included) is searched at once.
SEARCH_AT_ONCE = 5_000
#: Above this many papers, a keystroke's search waits until the typed character
#: is on screen (the search can take longer than a frame there).
ECHO_FIRST_ABOVE = 50_000
#: On bigger libraries, abstracts are searched once typing pauses this long (seconds).
ABSTRACTS_AFTER = 0.25


class FilterBar(Input):
    """The filter box. ``Esc`` clears it; ``Enter`` or ``down`` returns to the list."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter", id="filter.clear"),
        Binding("down", "done", "Back to the list", id="filter.done"),
    ]

    class Results(Message):
        """Papers matching the filter, best first.

        Attributes:
            query: the filter text they answer.
            ids: the paper ids.
            complete: False while abstracts are still being searched.
        """

        def __init__(self, query: str, ids: list[str], complete: bool) -> None:
            self.query, self.ids, self.complete = query, ids, complete
            super().__init__()

    class Cleared(Message):
        """The reader cleared the filter with ``Esc``."""

    class Done(Message):
        """The reader wants to go back to the list, keeping the filter."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(placeholder="/ to filter: words match title, abstract, tags, notes", id=id)
        self.library = library
        self.index: SearchIndex | None = None
        self._index_generation = -1
        self._abstract_timer: Timer | None = None

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
        self.sync_reader()
        self.search(self.value)

    @property
    def stale(self) -> bool:
        """True when papers were added since the index was built."""
        return self._index_generation != self.library.catalogue_generation

    def sync_reader(self, paper_id: str | None = None) -> None:
        """Bring the reader's fields (tags, note, title) of one paper, or of
        every touched paper, into the index after they changed."""
        if self.index is None:
            return
        ids = [paper_id] if paper_id is not None else list(self.library.touched())
        for pid in ids:
            row = self.index.row_of.get(pid)
            if row is None:
                continue
            entry = self.library.entry(pid, with_abstract=False)
            self.index.set_reader_fields(row, " ".join(entry.tags), entry.note, entry.title)

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
            self.post_message(self.Results(text, self.library.ids(), complete=True))
            return
        if self.index is None:
            return  # the index is being built; its completion searches again
        everything = len(self.index.ids) <= SEARCH_AT_ONCE
        match = self.index.search(text, abstracts=everything)
        ids = [self.index.ids[row] for row in match.rows]
        self.post_message(self.Results(text, ids, complete=everything))
        if not everything:
            index = self.index
            self._abstract_timer = self.set_timer(
                ABSTRACTS_AFTER, lambda: self._search_abstracts(text, index)
            )

    @work(thread=True, exclusive=True, group="abstracts")
    def _search_abstracts(self, text: str, index: SearchIndex) -> None:
        worker = get_current_worker()
        match = index.search(text, abstracts=True, cancelled=lambda: worker.is_cancelled)
        if match is None or worker.is_cancelled:
            return
        ids = [index.ids[row] for row in match.rows]
        self.app.call_from_thread(self._abstracts_found, text, ids)

    def _abstracts_found(self, text: str, ids: list[str]) -> None:
        if text == self.value:
            self.post_message(self.Results(text, ids, complete=True))

    # -- keys --------------------------------------------------------------------

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())

    def action_done(self) -> None:
        self.post_message(self.Done())
