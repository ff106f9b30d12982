"""A one-line question: the tag box, the title box, the export path."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from readlist.tui.screens.once import DismissOnce
from readlist.tui.widgets.ordered_keys import OrderedInput


class PromptScreen(DismissOnce, ModalScreen[str | None]):
    """Ask for one line of text.

    Dismisses with the text on ``Enter`` (possibly empty) or ``None`` on ``Esc``.

    Args:
        title: the question, shown above the box.
        value: the text the box starts with.
        hint: a line of help under the box.
        suggester: completes what the reader types (e.g. existing tags).
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self, title: str, *, value: str = "", hint: str = "", suggester: Suggester | None = None
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.hint = hint
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt_title), classes="dialog-title")
            yield OrderedInput(value=self.value, suggester=self.suggester, id="prompt-input")
            yield Static(Text(self.hint + "  ·  Enter save · Esc cancel"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
