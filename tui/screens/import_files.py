"""The import dialog (``i``): pick files to add papers from.

Type a path (completed as you type, ``→`` accepts) or browse the folder tree
below and press ``Enter`` on a file, which adds it to the files chosen. Several paths may be given, separated by
spaces (quote paths that contain spaces). The formats are recognised from the
files' content.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from readlist.tui.screens.once import DismissOnce
from readlist.tui.widgets.ordered_keys import OrderedInput
from readlist.tui.widgets.vim import VimDirectoryTree

FORMATS = (
    "BibTeX, RIS, CSL-JSON (Zotero), Hugging Face and other JSON paper lists, Markdown paper lists, "
    "readlist backups, abstract lines"
)


class PathSuggester(Suggester):
    """Completes the last path being typed from the files on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.rpartition(" ")[2]
        if not typed:
            return None
        folder, prefix = os.path.split(os.path.expanduser(typed))
        try:
            names = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in os.scandir(folder or ".")
                           if entry.name.startswith(prefix) and not entry.name.startswith("."))
        except OSError:
            return None
        if not names or names[0] == prefix:
            return None
        return value + names[0][len(prefix):]


class ImportScreen(DismissOnce, ModalScreen[list[Path] | None]):
    """Ask which files to import; dismisses with the paths, or ``None`` on ``Esc``."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        Binding("tab", "switch", "Tree / path", show=False, id="import.switch",
                tooltip="Move between the path box and the folder tree"),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="import-dialog"):
            yield Static(Text("Import papers from"), classes="dialog-title")
            yield OrderedInput(placeholder="path to a file (→ completes) or pick one below", suggester=PathSuggester(),
                        id="import-path")
            yield VimDirectoryTree(self.start, id="import-tree")
            yield Static(Text(f"Reads {FORMATS}.  Enter imports · Tab to the tree · Esc cancels"),
                         classes="dialog-hint")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        """Add the picked file to the files already chosen (or replace a half-typed path)."""
        event.stop()
        box = self.query_one("#import-path", Input)
        try:
            chosen = shlex.split(box.value)
        except ValueError:
            chosen = []
        chosen = [word for word in chosen if os.path.isfile(os.path.expanduser(word))]
        if str(event.path) not in chosen:
            chosen.append(str(event.path))
        box.value = shlex.join(chosen)
        box.cursor_position = len(box.value)
        self.set_focus(box)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            words = shlex.split(event.value)
        except ValueError as error:
            self.notify(f"Cannot read the paths: {error}", severity="warning")
            return
        if words:
            self.dismiss([Path(os.path.expanduser(word)) for word in words])

    def action_switch(self) -> None:
        tree, box = self.query_one(DirectoryTree), self.query_one("#import-path", Input)
        self.set_focus(box if self.focused is tree else tree)

    def action_cancel(self) -> None:
        self.dismiss(None)
