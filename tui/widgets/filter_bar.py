"""The filter box: live search as the reader types, fast at any library size.

The search itself, the index and the rules of what is shown belong to the
store's :class:`~store.view.LibraryView`; this widget drives it from the
keyboard. It has the view's index built (in a worker thread on big libraries:
seconds at 100,000 papers; until then words match titles exactly), answers
each keystroke from the short fields (title, tags, note, organisation) at
once, and, on libraries too big to search abstracts within a keystroke,
matches abstracts in a worker thread once typing pauses (right after the fast
answer when they have a word index, :mod:`store.abstract_index`); that answer replaces
the fast one unless a newer keystroke came first. Each answer goes into the
view, then :class:`FilterBar.Results` says so; a query that cannot be parsed
posts :class:`FilterBar.Invalid` (the list keeps the last good result).

``up``/``down`` walk through past queries (kept with the library's settings);
``ctrl+s`` asks to save the query as a named search.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from readlist.store.collector import give_back_memory
from readlist.store.query import QueryError
from readlist.store.search import SearchIndex
from readlist.store.settings import Settings
from readlist.store.view import LibraryView, Result
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.widgets.ordered_keys import OrderedInput

#: Above this many papers, a keystroke's search waits until the typed character
#: is on screen (the search can take longer than a frame there).
ECHO_FIRST_ABOVE = 50_000
#: On bigger libraries, abstracts are searched once typing pauses this long
#: (seconds); when their word index is current, as soon as the fast answer is
#: on screen (a search of them then reads the index, not every abstract: tens
#: of ms at 100,000 papers; a newer keystroke stops it between two queries).
ABSTRACTS_AFTER = 0.25


class FilterBar(LibraryListener, OrderedInput):
    """The filter box. ``Enter`` returns to the list keeping the filter; ``Esc`` clears it.
    Its keys apply in the order typed (:mod:`tui.widgets.ordered_keys`).

    ``Enter`` and ``Esc`` are priority bindings: the app runs them as it reads
    them, before it passes the next key on, and they hand the keyboard to
    :attr:`leave_to` there and then. So keys that arrive with them (``Esc`` ``/``
    or ``Enter`` ``j`` in one write, as tmux sends a quick pair) reach the list,
    not the box. ``Input.Submitted`` follows ``Enter``.

    Args:
        view: the view it filters.
        settings: where past queries are kept.
    """

    leave_to: Widget | None = None
    """The widget ``Enter`` and ``Esc`` move the focus to (the screen sets it)."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter", id="filter.clear", priority=True,
                tooltip="Clear the filter, back to the list"),
        Binding("enter", "submit", "Back to the list", id="filter.done", priority=True, show=False,
                tooltip="Back to the list, keep the filter"),
        Binding("ctrl+l", "clear(False)", "Clear the box", id="filter.erase", tooltip="Clear the filter, stay here"),
        Binding("up", "history(-1)", "Older query", id="filter.older", tooltip="The query before (history)"),
        Binding("down", "history(1)", "Newer query", id="filter.newer", tooltip="The query after (history)"),
        Binding("ctrl+s", "save_search", "Save search", id="filter.save",
                tooltip="Save this query as a named search (sidebar, keys 1-9, palette)"),
    ]

    class Results(Message):
        """The view shows a new answer to the filter (read it from the view).

        Attributes:
            query: the filter text it answers.
        """

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class Invalid(Message):
        """The query cannot be parsed (``error`` says which token and why), or
        became valid again (``error`` is ``None``)."""

        def __init__(self, error: QueryError | None) -> None:
            self.error = error
            super().__init__()

    class SaveRequested(Message):
        """The reader asked to save ``query`` as a named search."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    def __init__(self, view: LibraryView, settings: Settings, *, id: str | None = None) -> None:
        # No select-all on focus: keys typed right after "/" can arrive before the
        # focus event, and would then be selected and replaced.
        super().__init__(placeholder="/ to filter: words, \"phrases\", tag:x status:to-read votes:>=3 … (? for all)",
                         id=id, select_on_focus=False)
        self.view = view
        self.settings = settings
        self._abstract_timer: Timer | None = None
        self._query_error = False
        self._history_at: int | None = None

    # -- the index ---------------------------------------------------------------

    def on_mount(self) -> None:
        if self.view.abstracts_at_once:
            self.rebuild()
        else:  # a big library's index is built once the list is on screen: the worker would hold
            self.call_after_refresh(self.rebuild)  # the GIL while the first frame is made

    def rebuild(self) -> None:
        """(Re)build the view's index, e.g. after papers were added."""
        if self.view.abstracts_at_once:
            self._index_built(*self.view.build_index())
        else:
            self._build_in_background()

    @work(thread=True, exclusive=True, group="index")
    def _build_in_background(self) -> None:
        worker = get_current_worker()
        index, generation = self.view.build_index(vocabularies=False)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._index_built, index, generation)
        index.build_vocabularies()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._index_built, index, generation)

    def _index_built(self, index: SearchIndex, generation: int) -> None:
        self.view.use_index(index, generation)
        if self.value.strip():  # an empty filter shows every paper already
            self.search(self.value)

    def on_library_changed(self, message: LibraryChanged) -> None:
        """Papers were added: the view's index needs rebuilding (a small library's
        view has done it already; a build running now is replaced)."""
        if message.scope == "all" and self.view.index_stale:
            self.rebuild()

    # -- searching ---------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search for the new text. On a big library, first let the typed
        character reach the screen, and search only for the newest text: keys
        typed faster than searches run are skipped over."""
        if event.input is not self:
            return
        if len(self.view.library) <= ECHO_FIRST_ABOVE:
            self.search(event.value)
        else:
            self.call_after_refresh(self._if_newest, self.search, event.value)

    def _if_newest(self, action: Callable[[str], object], text: str) -> None:
        """``action(text)``, unless a newer keystroke changed the box meanwhile."""
        if text == self.value:
            action(text)

    def search(self, text: str) -> None:
        """Search for ``text``, show the answer in the view and say so (the fast one at once)."""
        if self._abstract_timer is not None:
            self._abstract_timer.stop()
        self.workers.cancel_group(self, "abstracts")  # a newer keystroke wins
        view = self.view
        if not text.strip():
            self._clear_error()
            view.show_all()
            self.post_message(self.Results(text))
            return
        try:
            result = view.search(text)
        except QueryError as error:
            self._query_error = True
            self.post_message(self.Invalid(error))
            return
        if result is None:
            return  # the index is being built; its completion searches again
        self._clear_error()
        view.show(result)
        self.post_message(self.Results(text))
        if not result.complete and view.ready:
            if view.library.abstracts_indexed:
                self.call_after_refresh(self._if_newest, self._search_abstracts, text)  # the fast answer drawn first
            else:
                self._abstract_timer = self.set_timer(ABSTRACTS_AFTER, lambda: self._search_abstracts(text))

    def _clear_error(self) -> None:
        if self._query_error:
            self._query_error = False
            self.post_message(self.Invalid(None))

    @work(thread=True, exclusive=True, group="abstracts")
    def _search_abstracts(self, text: str) -> None:
        worker = get_current_worker()
        for _attempt in range(3):
            try:
                result = self.view.search(text, abstracts=True, cancelled=lambda: worker.is_cancelled)
                break
            except QueryError:
                return
            except RuntimeError:  # a vocabulary grew under us (the reader typed a new tag): again
                continue
        else:
            return
        give_back_memory()  # the pass's or the index's sets of rows, freed: each search starts from less
        if result is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._abstracts_found, result)

    def _abstracts_found(self, result: Result) -> None:
        if result.query == self.value:
            self.view.show(result)
            self.post_message(self.Results(result.query))

    # -- history and saving ------------------------------------------------------

    def remember(self) -> None:
        """Add the current query to the history (when the reader leaves the box with it)."""
        self._history_at = None
        if self.value.strip() and not self._query_error:
            query = self.value  # the history is a convenience: never worth an error
            self.app.saver.save(lambda: self.settings.remember_query(query), what="query history", quiet=True)

    def action_history(self, step: int) -> None:
        history = self.settings.query_history()
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
            self._leave()

    async def action_submit(self) -> None:
        """``Enter``: back to the list keeping the filter (then ``Input.Submitted``)."""
        self._leave()
        await super().action_submit()

    def _leave(self) -> None:
        if self.leave_to is not None and self.is_attached:
            self.screen.set_focus(self.leave_to)
