"""The note editor: a multi-line Markdown box for one paper's note."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from readlist.tui.screens.confirm import ConfirmScreen
from readlist.tui.screens.once import DismissOnce
from readlist.tui.widgets.ordered_keys import OrderedTextArea


class NoteEditorScreen(DismissOnce, ModalScreen[str | None]):
    """Edit a note. ``ctrl+s`` saves (dismisses with the text), ``Esc`` cancels.

    Cancelling with unsaved changes asks first, so typed text is never lost by
    a stray ``Esc``.

    Args:
        title: the paper's title, shown above the editor.
        note: the current note.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="note.cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(Text(f"Note on {self.paper_title}"), classes="dialog-title")
            yield OrderedTextArea(self.note, id="note-text", soft_wrap=True, tab_behavior="indent")
            yield Static(Text("Markdown  ·  ctrl+s save · Esc cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """What is in the editor now."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.note:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this note?"), answered)
