"""The readlist Textual app.

``ReadlistApp(library)`` runs on a library given to it (tests give one in a
temporary folder), shows :class:`~tui.screens.library.LibraryScreen`, and
holds what is shared by every screen: undo and redo, help, the command
palette, the reader's keymap and theme (:mod:`tui.config`), quitting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from readlist.store import __version__
from readlist.store.changes import Change
from readlist.store.errors import ReadlistError
from readlist.store.library import Library
from readlist.store.query import SYNTAX as QUERY_SYNTAX
from readlist.store.text import plural
from readlist.tui.commands import KeyCommands, SavedSearchCommands
from readlist.tui.config import Config, load_config
from readlist.tui.screens.base import PaperScreen
from readlist.tui.screens.confirm import ConfirmScreen
from readlist.tui.screens.edit_note import NoteEditorScreen
from readlist.tui.screens.help import HelpScreen
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.screens.triage import TriageScreen
from readlist.tui.widgets.filter_bar import FilterBar
from readlist.tui.widgets.paper_list import PaperList


class ReadlistApp(App[None]):
    """A keyboard-driven reading list over ``library``.

    Args:
        library: the library to show.
        config: the reader's keymap and theme (default: read from
            :func:`tui.config.config_path`; problems are shown as notifications).
    """

    CSS_PATH = "readlist.tcss"
    TITLE = "readlist"
    COMMANDS = App.COMMANDS | {KeyCommands, SavedSearchCommands}
    BINDINGS = [
        Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo the last change of this session"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="app.redo", tooltip="Redo what was undone"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (everything is already saved)"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette",
                tooltip="Find any command by name"),
    ]

    def __init__(self, library: Library, *, config: Config | None = None) -> None:
        super().__init__()
        self.library = library
        self.config = config if config is not None else self.read_config()
        self._notices_shown = 0

    def read_config(self, path: Path | None = None) -> Config:
        """Read the reader's config file, checked against this app's bindings and themes."""
        return load_config(path, binding_ids=set(binding_sections_ids()), themes=set(self.available_themes))

    def get_default_screen(self) -> Screen:
        return LibraryScreen(self.library)

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config.theme:
            self.theme = self.config.theme
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=20)
        self.show_notices()

    def show_notices(self) -> None:
        """Tell the reader what opening the library had to do (recovery,
        upgrades), each notice once: files opened later add theirs."""
        for notice in self.library.notices[self._notices_shown:]:
            self.notify(notice, title="Library", severity="warning", timeout=30)
        self._notices_shown = len(self.library.notices)

    # -- undo and redo -----------------------------------------------------------

    def action_undo(self) -> None:
        self._take_back(undo=True)

    def action_redo(self) -> None:
        self._take_back(undo=False)

    def _take_back(self, *, undo: bool) -> None:
        try:
            result = self.library.undo() if undo else self.library.redo()
        except ReadlistError as error:
            self.notify(str(error), title="Not undone" if undo else "Not redone", severity="error")
            return
        if result is None:
            self.notify("Nothing to undo" if undo else "Nothing to redo", severity="warning")
            return
        change, conflicts = result
        self.notify_undo(change, conflicts, undone=undo)
        if isinstance(self.screen, PaperScreen):
            self.screen.changed(change)

    def notify_undo(self, change: Change, conflicts: Sequence[str], *, undone: bool) -> None:
        """Say what was undone (or redone), and what was left alone."""
        message = change.description
        if conflicts:
            message += f"; {plural(len(conflicts), 'paper')} changed elsewhere since left as they are"
        self.notify(message, title="Undone" if undone else "Redone")

    # -- help --------------------------------------------------------------------

    def keys_of(self, binding: Binding) -> str:
        """The keys of a binding as the reader has them (after their keymap)."""
        return self.config.keymap.get(binding.id or "", binding.key)

    def action_help(self) -> None:
        """Show every key, grouped by screen, with the reader's remapping applied."""
        if isinstance(self.screen, HelpScreen):
            return
        notes = [
            "Actions apply to the marked papers when there are any (space, v, A), else to the highlighted one.",
            "Filter: every word must match; the best matches come first.",
            "Tags: 'rl, video' sets the tags; '+rl -video' adds and removes.",
            "Every change is saved at once; u undoes, ctrl+r redoes.",
            "Remap any key in config.toml by the id in brackets; see the README.",
            f"readlist {__version__}",
        ]
        sections = [(title, [self._remapped(b) for b in bindings]) for title, bindings in binding_sections()]
        self.push_screen(HelpScreen(sections, notes, queries=QUERY_SYNTAX))

    def _remapped(self, binding: Binding) -> Binding:
        key = self.keys_of(binding)
        return binding if key == binding.key else binding.with_key(key)


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """Every binding of the app, by the screen or widget where it works."""
    return [
        ("Library", LibraryScreen.BINDINGS),
        ("Everywhere", ReadlistApp.BINDINGS),
        ("Moving in the list, marking", PaperList.BINDINGS),
        ("In the filter box", [*FilterBar.BINDINGS, Binding("enter", "", "Back to the list, keep the filter")]),
        ("Triage", TriageScreen.BINDINGS),
        ("In the note editor", NoteEditorScreen.BINDINGS),
        ("In a dialog", [*PromptScreen.BINDINGS, *ConfirmScreen.BINDINGS]),
    ]


def binding_sections_ids() -> Iterable[str]:
    """The ids of every binding (what the config file may remap)."""
    return (b.id for _, bindings in binding_sections() for b in bindings if b.id)
