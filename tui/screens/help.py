"""The ``?`` help screen: every key, by where it works, built from the bindings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: A help section: a heading and the bindings listed under it.
Section = tuple[str, Sequence[Binding]]


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys and what they do. Any of ``Esc``, ``q``, ``?`` closes it;
    ``j`` ``k`` ``g`` ``G`` ``ctrl+d`` ``ctrl+u`` scroll (ids ``help.…``).

    Args:
        sections: the bindings to list, grouped under headings. The listing
            is built from the bindings themselves, so it cannot drift from them.
        notes: extra lines of help shown at the end.
        queries: the filter's query language as ``(example, meaning)`` rows,
            shown after the keys.
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="help.up"),
        Binding("g,home", "scroll_top", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll_bottom", "Bottom", show=False, id="help.bottom"),
        Binding("ctrl+d,pagedown", "half_page_down", "Half page down", show=False, id="help.half_page_down"),
        Binding("ctrl+u,pageup", "half_page_up", "Half page up", show=False, id="help.half_page_up"),
    ]

    def __init__(self, sections: Iterable[Section], notes: Sequence[str] = (),
                 queries: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        self.sections = list(sections)
        self.notes = notes
        self.queries = queries
        self.table = Table()
        """The keys, as a Rich table (built on compose; tests read it)."""
        self.query_table = Table()
        """The query language, as a Rich table (built on compose when there are queries)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide", id="help"):
            yield Static(Text("readlist — keys"), classes="dialog-title")
            self.table = self._table()
            yield Static(self.table, id="help-keys")
            if self.queries:
                self.query_table = self._queries()
                yield Static(self.query_table, id="help-queries")
            for note in self.notes:
                yield Static(Text(note), classes="help-note")
            yield Static(Text("Esc, q or ? to close"), classes="dialog-hint")

    def _table(self) -> Table:
        """One table for every section, so the columns line up. Two columns, the
        keys and what they do (a section's heading too, so the keys column is as
        wide as the keys), the binding's id (``[library.note]``) dim after the
        description: the description gets the width and wraps, even at 80 columns."""
        table = Table(show_header=False, box=None, expand=True, padding=(0, 2, 0, 0))
        table.add_column("keys", style="bold", no_wrap=True)
        table.add_column("action", ratio=1)
        for index, (title, bindings) in enumerate(self.sections):
            if index:
                table.add_row("", "")
            table.add_row("", Text(title, style="bold underline"))  # here, the keys column stays narrow
            for binding in bindings:
                if binding.description:
                    action = Text(binding.tooltip or binding.description)
                    if binding.id:
                        action.append(f"  [{binding.id}]", style="dim")
                    table.add_row(Text(self._keys(binding)), action)
        return table

    def _queries(self) -> Table:
        """The query language, one example a row: examples get two fifths of the
        width (wrapping between examples), meanings the rest, so both stay readable at 80 columns."""
        table = Table(show_header=False, box=None, expand=True, padding=(0, 2, 0, 0))
        table.add_column("example", style="bold", ratio=2, overflow="fold")
        table.add_column("meaning", ratio=3)
        table.add_row("", Text("Filter queries (/)", style="bold underline"))
        for example, meaning in self.queries:
            table.add_row(Text(example), Text(meaning))
        return table

    def _keys(self, binding: Binding) -> str:
        """``"j, ↓"``: every key of a binding as the footer shows keys."""
        return ", ".join(
            self.app.get_key_display(binding.with_key(key.strip())) for key in binding.key.split(",")
        )

    def action_close(self) -> None:
        self.dismiss(None)

    # Every scroll is immediate, not animated or deferred to the next refresh: keys
    # that arrive together (a held j, tmux sending several) would each start from
    # the same position and all but one be lost.

    def _scroll_by(self, lines: int) -> None:
        self.query_one("#help").scroll_relative(y=lines, animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_scroll_top(self) -> None:
        self.query_one("#help").scroll_home(animate=False, immediate=True)

    def action_scroll_bottom(self) -> None:
        self.query_one("#help").scroll_end(animate=False, immediate=True)

    def action_half_page_down(self) -> None:
        self._scroll_by(max(1, self.query_one("#help").scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._scroll_by(-max(1, self.query_one("#help").scrollable_content_region.height // 2))

