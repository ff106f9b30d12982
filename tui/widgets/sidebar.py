"""The sidebar (``b``): saved searches and tags, each with how many papers it has.

Choosing an entry (``Enter``) puts its query in the filter box: a saved
search's query, or ``tag:<name>`` for a tag. The first nine saved searches are
also on keys ``1``-``9`` of the library screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class Sidebar(OptionList):
    """Saved searches, then tags, with counts."""

    class Chosen(Message):
        """The reader chose an entry: filter by ``query``."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._queries: dict[str, str] = {}

    def show_entries(self, searches: Sequence[tuple[str, str, int | None]], tags: Sequence[tuple[str, int]]) -> None:
        """Fill the sidebar.

        Args:
            searches: ``(name, query, count)`` of each saved search (count ``None``: not known yet).
            tags: ``(tag, count)`` of each tag, most used first.
        """
        highlighted = self.highlighted
        self.clear_options()
        self._queries.clear()
        options: list[Option | None] = [Option(Text("Saved searches  (ctrl+s in the filter)", style="bold"),
                                               disabled=True)]
        for number, (name, query, count) in enumerate(searches, start=1):
            key = f"{number}" if number <= 9 else " "
            shown = "…" if count is None else str(count)
            options.append(Option(Text.assemble((f"{key} ", "bold"), name, (f"  {shown}", "dim")),
                                  id=f"search:{number}"))
            self._queries[f"search:{number}"] = query
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
