"""A yes/no question."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from readlist.tui.screens.once import DismissOnce


class ConfirmScreen(DismissOnce, ModalScreen[bool]):
    """Ask a question; dismisses with ``True`` for ``y``, ``False`` for ``n``/``Esc``."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            yield Static(Text("y yes · n no"), classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
