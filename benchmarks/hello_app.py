"""The reference for the terminal rows of ``benchmarks/run.py``: the smallest Textual app.

    python benchmarks/hello_app.py

It shows :data:`GREETING` and a focused input box that echoes what is typed;
``ctrl+q`` quits. Start-up is timed to the greeting on screen, a key to its echo.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

GREETING = "Hello from the readlist benchmark"


class HelloApp(App):
    """A greeting and an input box, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(GREETING)
        yield Input(placeholder="type here")


if __name__ == "__main__":
    HelloApp().run()
