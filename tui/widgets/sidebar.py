"""The sidebar (``b``): saved searches and tags, each with how many papers it has.

The counts are the view's (:meth:`LibraryView.count <readlist.store.view.LibraryView.count>`),
so a saved search counts exactly what choosing it shows, skipped papers left
out by the same rule. Choosing an entry (``Enter``) puts its query in the filter
box: a saved search's query, or ``tag:<name>`` for a tag. The first nine saved
searches are also on keys ``1``-``9`` of the library screen. vim keys move
(``j`` ``k`` ``g`` ``G`` ``ctrl+d`` ``ctrl+u``, ids ``sidebar.…``).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from readlist.store.errors import ReadlistError
from readlist.store.settings import SavedSearch, Settings
from readlist.store.view import LibraryView
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.widgets.vim import VimOptionList, vim_bindings


class Sidebar(LibraryListener, VimOptionList):
    """Saved searches, then tags, with counts (recounted after every change while shown).

    Args:
        view: the view whose rules the counts follow.
        settings: where the saved searches are.
    """

    BINDINGS = vim_bindings("sidebar", what="search or tag")

    class Chosen(Message):
        """The reader chose an entry: filter by ``query``."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    def __init__(self, view: LibraryView, settings: Settings, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.settings = settings
        self._queries: dict[str, str] = {}

    def on_library_changed(self, message: LibraryChanged) -> None:
        if message.scope != "abstracts":
            self.recount()

    def recount(self) -> None:
        """Show the saved searches and tags with their counts now (while shown).
        On a big library the searches are counted in a worker thread: "…" until then."""
        if not self.display:
            return
        searches = self.settings.saved_searches()
        tags = self.view.tag_counts().most_common()
        if self.view.abstracts_at_once:
            self.show_entries(searches, [self._count(s.query) for s in searches], tags)
        else:
            self.show_entries(searches, [None] * len(searches), tags)
            self._count_in_background(searches, tags)

    def _count(self, query: str, cancelled=lambda: False) -> int | None:
        try:
            return self.view.count(query, cancelled=cancelled)
        except ReadlistError:  # a saved query this version cannot read
            return None

    @work(thread=True, exclusive=True, group="sidebar-counts")
    def _count_in_background(self, searches: list[SavedSearch], tags: list[tuple[str, int]]) -> None:
        worker = get_current_worker()
        counts = []
        for search in searches:
            counts.append(self._count(search.query, cancelled=lambda: worker.is_cancelled))
            if worker.is_cancelled:
                return
        self.app.call_from_thread(self.show_entries, searches, counts, tags)

    def show_entries(self, searches: list[SavedSearch], counts: list[int | None],
                     tags: list[tuple[str, int]]) -> None:
        """Fill the sidebar.

        Args:
            searches: the saved searches, in order.
            counts: how many papers each shows (``None``: not known yet).
            tags: ``(tag, count)`` of each tag, most used first.
        """
        highlighted = self.highlighted
        self.clear_options()
        self._queries.clear()
        options: list[Option | None] = [Option(Text("Saved searches  (ctrl+s in the filter)", style="bold"),
                                               disabled=True)]
        for number, (search, count) in enumerate(zip(searches, counts, strict=True), start=1):
            key = f"{number}" if number <= 9 else " "
            shown = "…" if count is None else str(count)
            options.append(Option(Text.assemble((f"{key} ", "bold"), search.name, (f"  {shown}", "dim")),
                                  id=f"search:{number}"))
            self._queries[f"search:{number}"] = search.query
        if not searches:
            options.append(Option(Text("  none yet", style="dim"), disabled=True))
        options += [None, Option(Text("Tags", style="bold"), disabled=True)]
        for tag, count in tags:
            options.append(Option(Text.assemble(f"#{tag}", (f"  {count}", "dim")), id=f"tag:{tag}"))
            self._queries[f"tag:{tag}"] = f"tag:{tag}"
        if not tags:
            options.append(Option(Text("  none yet (t to tag)", style="dim"), disabled=True))
        self.add_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        query = self._queries.get(event.option.id or "")
        if query is not None:
            self.post_message(self.Chosen(query))
