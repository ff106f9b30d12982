"""The line under the header while changes wait for the library's lock (see :mod:`tui.saving`)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from readlist.store.text import plural

#: What the line says while another process holds the lock.
WAITING = "waiting for another readlist (import running)…"
#: What it says while this app's own import or fetch holds the library.
WAITING_OWN = "waiting for the import to finish…"


class WaitingLine(Static):
    """Hidden, until changes are waiting to be saved; then says how many."""

    def on_mount(self) -> None:
        self.display = False
        self.app.show_waiting()  # a screen opened while changes wait shows them too

    def show_pending(self, count: int, *, own_import: bool = False) -> None:
        """Show that ``count`` changes wait for the lock (hide the line at 0)."""
        self.display = count > 0
        if count:
            waiting = WAITING_OWN if own_import else WAITING
            self.update(Text(f"{waiting} {plural(count, 'change')} to save, in the order typed"))
