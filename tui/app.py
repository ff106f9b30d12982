"""The readlist Textual app.

``ReadlistApp(library)`` runs on a library given to it (tests give one in a
temporary folder), shows :class:`~tui.screens.library.LibraryScreen`, and
holds what is shared by every screen: the store's view of the library
(:class:`~store.view.LibraryView`) and settings (:class:`~store.settings.Settings`),
the one place changes are announced (:meth:`ReadlistApp.announce`, see
:mod:`tui.messages`), watching the disk for other processes' writes, undo and
redo, help, the command palette, the reader's keymap and theme
(:mod:`tui.config`), quitting. Every change is saved through the app's
:class:`~tui.saving.Saver`, which never waits for the library's lock on the UI
thread (:mod:`tui.saving`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from textual.app import App
from textual.binding import Binding
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from readlist.store import __version__
from readlist.store.changes import Change
from readlist.store.errors import ReadlistError
from readlist.store.library import Library
from readlist.store.query import SYNTAX as QUERY_SYNTAX
from readlist.store.settings import Settings
from readlist.store.text import plural
from readlist.store.view import LibraryView
from readlist.tui.commands import KeyCommands, SavedSearchCommands
from readlist.tui.config import Config, load_config
from readlist.tui.messages import LibraryChanged, LibraryListener, Scope
from readlist.tui.saving import Saver
from readlist.tui.screens.confirm import ConfirmScreen
from readlist.tui.screens.edit_note import NoteEditorScreen
from readlist.tui.screens.help import HelpScreen
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.screens.similar import SimilarOptions, SimilarScreen
from readlist.tui.screens.sort_menu import SortMenu, SortOptions
from readlist.tui.screens.stats import StatsScreen
from readlist.tui.screens.triage import TriageScreen
from readlist.tui.widgets.filter_bar import FilterBar
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.sidebar import Sidebar
from readlist.tui.widgets.vim import VimDirectoryTree
from readlist.tui.widgets.waiting_line import WaitingLine

#: How often to look for changes made by another readlist process, in seconds.
DISK_CHECK_SECONDS = 2.0
#: How many notifications :attr:`ReadlistApp.notifications_shown` keeps.
NOTIFICATIONS_KEPT = 200


class Notification(NamedTuple):
    """A notification the app showed (see :attr:`ReadlistApp.notifications_shown`)."""

    message: str
    title: str
    severity: str
    timeout: float
    markup: bool


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
        self.settings = Settings(library)
        """The reader's settings (saved searches, query history, sort, triage, theme)."""
        self.view = LibraryView(library, sort=self.settings.sort())
        """What the list shows: query, sort, skipped papers, counts, the search index."""
        self.config = config if config is not None else self.read_config()
        self.notifications_shown: deque[Notification] = deque(maxlen=NOTIFICATIONS_KEPT)
        """Every notification shown this session, oldest first (the newest :data:`NOTIFICATIONS_KEPT`)."""
        self._notices_shown = 0
        self.saver = Saver(self, library)
        """Saves every change, in order, without blocking on the lock (:mod:`tui.saving`)."""
        self._outside_seen = library.outside_generation
        self._shared_seen: set[str] = set()
        """Ids of the command line's changes already taken into the undo history."""
        self._quit_asked = False

    def read_config(self, path: Path | None = None) -> Config:
        """Read the reader's config file, checked against this app's bindings and themes."""
        return load_config(path, binding_ids=set(binding_sections_ids()), themes=set(self.available_themes))

    def alt_keys(self) -> frozenset[str]:
        """The Alt keys (``"alt+j"``) any binding of the app takes, after the reader's keymap.
        The driver reads every other Alt key sent in one piece as Esc, then the key."""
        return frozenset(key.strip() for _, bindings in binding_sections() for binding in bindings
                         for key in self.keys_of(binding).split(",") if key.strip().startswith("alt+"))

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on Linux and macOS :class:`~tui.driver.ReadlistDriver`,
        which tells a quick Esc then key from Alt+key (unless ``$TEXTUAL_DRIVER`` names another)."""
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver":
            from readlist.tui.driver import ReadlistDriver

            return ReadlistDriver
        return driver

    def get_default_screen(self) -> Screen:
        return LibraryScreen(self.library)

    def on_mount(self) -> None:
        self.adopt_shared_changes()  # `readlist tag …` run before the app started: u undoes it too
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        picked = self.settings.theme()
        if picked in self.available_themes:
            self.theme = picked  # the theme picked last (palette), over config.toml's default
        elif self.config.theme:
            self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self._theme_picked)
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=20)
        self.show_notices()
        self.set_interval(DISK_CHECK_SECONDS, self.check_disk)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Show a notification (see :meth:`textual.app.App.notify`), and keep it in
        :attr:`notifications_shown`."""
        self.notifications_shown.append(Notification(message, title, severity, timeout or 0, markup))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _theme_picked(self, theme: Theme) -> None:
        """Remember a theme the reader picked (the palette's "Change theme")."""
        if theme.name != self.settings.theme():
            self.saver.save(lambda: self.settings.set_theme(theme.name), what=f"theme {theme.name}",
                            title="Theme not remembered")

    # -- changes -------------------------------------------------------------------

    def announce(self, change: Change | None = None, *, scope: Scope | None = None) -> None:
        """The one way a change reaches the screen: bring the view up to date, then
        post :class:`~tui.messages.LibraryChanged` to every listener on every screen.

        Args:
            change: the change of the reader's state just made, if one was.
            scope: what changed (default: ``state`` with a change, ``all`` without).
        """
        scope = scope or ("state" if change is not None else "all")
        if self.library.outside_generation != self._outside_seen:
            # another process's write was read in (maybe by the re-read that starts
            # each of our writes): show everything, not only our change
            self._outside_seen = self.library.outside_generation
            change, scope = None, "all"
        if scope in ("state", "all"):
            self.view.refresh(change if scope == "state" else None)
        for screen in self.screen_stack:
            for node in screen.walk_children(with_self=True):
                if isinstance(node, LibraryListener):
                    node.post_message(LibraryChanged(change, scope))

    def check_disk(self) -> None:
        """Show what another readlist process (or the command line) changed in the library.

        Compares :attr:`Library.outside_generation <readlist.store.library.Library.outside_generation>`
        with what was last shown, not only what this refresh found: a write of
        this app (a setting, say) re-reads the files first, and the other
        process's change it read in must still reach the screen.
        """
        if self.import_running():
            return  # this app's import is writing: its end announces everything
        if self.saver.pending:
            return  # the saving worker writes (and re-reads): each change it saves is announced
        try:
            self.library.refresh()
        except ReadlistError as error:
            self.notify(str(error), title="Library", severity="error", timeout=8)
            return
        if self.library.outside_generation != self._outside_seen:
            self.adopt_shared_changes()
            self.announce()

    def adopt_shared_changes(self) -> None:
        """Make the command line's changes (``readlist tag``, ``mark`` ...) that this app
        has not seen undoable here with ``u``, like its own."""
        new = [(key, change) for key, change in self.settings.shared_changes() if key not in self._shared_seen]
        self._shared_seen.update(key for key, _ in new)
        self.library.adopt_changes(change for _, change in new)

    def import_running(self) -> bool:
        """Whether this app's import or fetch worker (group ``"import"``) is writing the library."""
        return any(worker.group == "import" and not worker.is_finished for worker in self.workers)

    def show_waiting(self) -> None:
        """Show on every screen how many changes wait for the lock (hide the line at none)."""
        count, own = self.saver.pending, self.import_running()
        for screen in self.screen_stack:
            for line in screen.query(WaitingLine):
                line.show_pending(count, own_import=own)

    async def action_quit(self) -> None:
        """Quit, unless changes still wait for the lock: then say so, and quit on a second ``q``."""
        pending = self.saver.pending
        if pending and not self._quit_asked:
            self._quit_asked = True
            self.notify(f"{pending} changes are still waiting for the library's lock; "
                        "q again quits without them", title="Not saved yet", severity="warning", timeout=10)
            return
        self.exit()

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
        def done(result: tuple[Change, list[str]] | None) -> None:
            if result is None:
                self.notify("Nothing to undo" if undo else "Nothing to redo", severity="warning")
                return
            change, conflicts = result
            self.notify_undo(change, conflicts, undone=undo)
            self.announce(change)

        self.saver.save(self.library.undo if undo else self.library.redo, done,
                        what="undo" if undo else "redo", title="Not undone" if undo else "Not redone")

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


def own_keys(bindings: list[Binding]) -> list[Binding]:
    """A screen's bindings without the app's (ids ``app.…``, bound again for the footer), listed under "Everywhere"."""
    return [binding for binding in bindings if not (binding.id or "").startswith("app.")]


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """Every binding of the app, by the screen or widget where it works."""
    return [
        ("Library", own_keys(LibraryScreen.BINDINGS)),
        ("Everywhere", ReadlistApp.BINDINGS),
        ("Moving in the list, marking", PaperList.BINDINGS),
        ("In the filter box", FilterBar.BINDINGS),
        ("Triage", own_keys(TriageScreen.BINDINGS)),
        ("In the note editor", NoteEditorScreen.BINDINGS),
        ("In a dialog", [*PromptScreen.BINDINGS, *ConfirmScreen.BINDINGS]),
        ("Sort menu (s)", [*SortMenu.BINDINGS, *SortOptions.BINDINGS]),
        ("More like this (m)", [*SimilarScreen.BINDINGS, *SimilarOptions.BINDINGS]),
        ("Statistics (ctrl+t)", StatsScreen.BINDINGS),
        ("Sidebar (b)", Sidebar.BINDINGS),
        ("Import dialog (i)", [*ImportScreen.BINDINGS, *VimDirectoryTree.BINDINGS]),
        ("Help (?)", HelpScreen.BINDINGS),
    ]


def binding_sections_ids() -> Iterable[str]:
    """The ids of every binding (what the config file may remap)."""
    return (b.id for _, bindings in binding_sections() for b in bindings if b.id)
