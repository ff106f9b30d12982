"""The readlist Textual app.

``ReadlistApp(library)`` runs on a library given to it (tests give one in a
temporary folder), shows :class:`~tui.screens.library.LibraryScreen`, and
holds what is shared by every screen: the help, the palette, quitting.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from store import __version__
from store.library import Library
from tui.commands import KeyCommands
from tui.screens.edit_note import NoteEditorScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.widgets.filter_bar import FilterBar
from tui.widgets.paper_list import PaperList


class ReadlistApp(App[None]):
    """A keyboard-driven reading list over ``library``."""

    CSS_PATH = "readlist.tcss"
    TITLE = "readlist"
    COMMANDS = App.COMMANDS | {KeyCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._notices_shown = 0

    def get_default_screen(self) -> Screen:
        return LibraryScreen(self.library)

    def on_mount(self) -> None:
        self.show_notices()

    def show_notices(self) -> None:
        """Tell the reader what opening the library had to do (recovery,
        upgrades), each notice once: files opened later add theirs."""
        for notice in self.library.notices[self._notices_shown:]:
            self.notify(notice, title="Library", severity="warning", timeout=30)
        self._notices_shown = len(self.library.notices)

    def action_help(self) -> None:
        """Show every key, grouped by where it works."""
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Library", [*LibraryScreen.BINDINGS, *self.BINDINGS]),
            ("Moving in the list", PaperList.BINDINGS),
            ("In the filter box", [*FilterBar.BINDINGS, Binding("enter", "", "Back to the list, keep the filter")]),
            ("In the note editor", NoteEditorScreen.BINDINGS),
        ]
        notes = [
            "Filter: every word must match the title, abstract, tags, note or organisation; "
            "typos are tolerated and the best matches come first.",
            "Tags: 'rl, video' sets the tags; '+rl -video' adds and removes.",
            "Every change is saved at once.",
            f"readlist {__version__}",
        ]
        self.push_screen(HelpScreen(sections, notes))
