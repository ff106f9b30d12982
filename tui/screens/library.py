"""The main screen: the filter box, the list of papers and the detail pane."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Footer, Header, Input

from store.atomic import write_atomic
from store.errors import ReadlistError
from store.exporters.markdown import citation_line, export_notes
from store.library import Library
from store.tags import describe_tags
from tui.clipboard import copy_text
from tui.screens.edit_note import NoteEditorScreen
from tui.screens.prompt import PromptScreen
from tui.widgets.detail_pane import DetailPane
from tui.widgets.filter_bar import FilterBar
from tui.widgets.paper_list import PaperList

T = TypeVar("T")

_LAST_WORD = re.compile(r"[^\s,]*$")
#: How often to look for changes made by another readlist process, in seconds.
DISK_CHECK_SECONDS = 2.0
#: While typing in the filter, the detail pane follows once typing pauses this long (seconds).
DETAIL_AFTER = 0.15
#: Where ``e`` offers to write the notes, relative to the folder readlist started in.
DEFAULT_EXPORT = Path("readlist-notes.md")


def plural(count: int, noun: str) -> str:
    """``"1 paper"``, ``"2 papers"``."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


class TagSuggester(Suggester):
    """Completes the tag being typed (after ``+``, ``-``, a comma or a space)
    from the library's existing tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = sorted(tags)

    async def get_suggestion(self, value: str) -> str | None:
        word = _LAST_WORD.search(value).group()
        prefix = word.lstrip("+-#").casefold()
        if not prefix:
            return None
        for tag in self.tags:
            if tag.startswith(prefix) and tag != prefix:
                return value + tag[len(prefix):]
        return None


class LibraryScreen(Screen[None]):
    """Browse, filter and annotate the library.

    Every change goes to the library (and so to disk) at once; a change that
    cannot be saved is reported in a notification and the screen shows what
    is really stored.
    """

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="library.filter",
                tooltip="Filter the list: fuzzy words over title, abstract, tags, notes"),
        Binding("r", "toggle_read", "Read", id="library.toggle_read", tooltip="Mark the paper read / unread"),
        Binding("t", "edit_tags", "Tags", id="library.tags",
                tooltip="Edit tags: 'rl, video' sets them, '+rl -video' adds/removes"),
        Binding("n", "edit_note", "Note", id="library.note", tooltip="Write or edit the note (Markdown)"),
        Binding("E", "edit_title", "Title", id="library.title",
                tooltip="Edit the title (empty restores the catalogue's)"),
        Binding("y", "copy", "Copy", id="library.copy", tooltip="Copy the paper as one Markdown line"),
        Binding("e", "export", "Export", id="library.export",
                tooltip="Export the notes of the shown papers to Markdown"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear_filter"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.export_path = DEFAULT_EXPORT.resolve()
        self._shown_query = ""
        self._searching = False
        self._detail_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(self.library, id="filter")
        with Horizontal(id="main"):
            yield PaperList(self.library, id="papers")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.paper_list.show(self.library.ids())
        self.update_counts()
        self.paper_list.focus()
        self.set_interval(DISK_CHECK_SECONDS, self.check_disk)
        if not self.library.abstracts_loaded:
            self.call_after_refresh(self.load_abstracts)

    @work(thread=True, exclusive=True, group="abstracts-load")
    def load_abstracts(self) -> None:
        """Load a big library's abstracts in the background, then show the highlighted one."""
        try:
            self.library.load_abstracts()
        except ReadlistError as error:
            self.app.call_from_thread(self.notify, str(error), title="Abstracts", severity="error", timeout=10)
            return
        self.app.call_from_thread(self.refresh_paper)
        self.app.call_from_thread(self.app.show_notices)

    # -- parts -------------------------------------------------------------------

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter", FilterBar)

    def update_counts(self) -> None:
        """Refresh the header: shown / total / unread (and whether a search is still running)."""
        shown, total = len(self.paper_list.ids), len(self.library)
        counts = f"{shown} shown / {total} total / {self.library.unread_count()} unread"
        if self.filter_bar.value.strip() and self._searching:
            counts += " · searching abstracts…"
        elif self.filter_bar.value.strip() and self.filter_bar.index is None:
            counts += " · indexing…"
        self.sub_title = counts

    def check_disk(self) -> None:
        """Show what another readlist process (or the CLI) changed in the library."""
        try:
            changed = self.library.refresh()
        except ReadlistError as error:
            self.notify(str(error), title="Library", severity="error", timeout=8)
            return
        if not changed:
            return
        if not self.library.abstracts_loaded:  # papers were added: their abstracts too
            self.load_abstracts()
        if self.filter_bar.stale:
            self.filter_bar.rebuild()
        else:
            self.filter_bar.sync_reader()
        self.refresh_paper()

    def refresh_paper(self) -> None:
        """Redraw the list, the detail pane and the counts after a change."""
        self.paper_list.refresh()
        self.show_detail(self.paper_list.highlighted)
        self.update_counts()

    def show_detail(self, paper_id: str | None) -> None:
        """Show a paper in the detail pane; its abstract once the abstracts are loaded."""
        loaded = self.library.abstracts_loaded
        entry = self.library.entry(paper_id, with_abstract=loaded) if paper_id else None
        self.query_one(DetailPane).show(entry, abstract_pending=not loaded)

    def current(self) -> str | None:
        """The highlighted paper's id; says so when there is none."""
        paper_id = self.paper_list.highlighted
        if paper_id is None:
            self.notify("No paper here: clear the filter with Esc.", severity="warning")
        return paper_id

    def attempt(self, paper_id: str, change: Callable[[], T]) -> T | None:
        """Run a change of one paper; report a failure instead of crashing."""
        try:
            return change()
        except ReadlistError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return None
        finally:
            if self.filter_bar.stale:  # the write read in papers another process added
                self.filter_bar.rebuild()
            else:
                self.filter_bar.sync_reader(paper_id)
            self.refresh_paper()

    # -- events ------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, event: PaperList.Highlighted) -> None:
        """Show the highlighted paper: at once when the reader moved, when
        typing pauses when the filter moved the cursor (redrawing the pane on
        every keystroke would slow typing down)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if self.focused is self.filter_bar:
            self._detail_timer = self.set_timer(DETAIL_AFTER, lambda: self.show_detail(event.paper_id))
        else:
            self.show_detail(event.paper_id)

    @on(FilterBar.Results)
    def _filter_results(self, event: FilterBar.Results) -> None:
        """Show a filter's results. A new query puts the cursor on the best
        match; the complete results of the same query, or clearing the filter,
        keep it on the paper it was on, so the reader keeps their place."""
        if event.query != self.filter_bar.value:
            return  # an older answer
        same_query = event.query == self._shown_query
        keep = self.paper_list.highlighted if (same_query or not event.query.strip()) else None
        self._shown_query = event.query
        self._searching = not event.complete
        self.paper_list.show(event.ids, keep=keep)
        self.update_counts()

    @on(Input.Submitted, "#filter")
    @on(FilterBar.Done)
    @on(FilterBar.Cleared)
    def _filter_done(self) -> None:
        self.paper_list.focus()

    # -- actions -----------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.filter_bar.focus()

    def action_clear_filter(self) -> None:
        if self.filter_bar.value:
            self.filter_bar.value = ""  # the filter bar then shows every paper
        self.paper_list.focus()

    def action_toggle_read(self) -> None:
        if (paper_id := self.current()) is not None:
            self.attempt(paper_id, lambda: self.library.toggle_read(paper_id))

    def action_edit_tags(self) -> None:
        paper_id = self.current()
        if paper_id is None:
            return
        entry = self.library.entry(paper_id, with_abstract=False)

        def done(edit: str | None) -> None:
            if edit is not None:
                self.attempt(paper_id, lambda: self.library.edit_tags(paper_id, edit))

        self.app.push_screen(
            PromptScreen(
                f"Tags of {entry.title}",
                value=describe_tags(entry.tags),
                hint="rl, video = these tags · +rl -video = add/remove",
                suggester=TagSuggester(list(self.library.tag_counts())),
            ),
            done,
        )

    def action_edit_note(self) -> None:
        paper_id = self.current()
        if paper_id is None:
            return
        entry = self.library.entry(paper_id, with_abstract=False)

        def done(note: str | None) -> None:
            if note is not None:
                self.attempt(paper_id, lambda: self.library.set_note(paper_id, note))

        self.app.push_screen(NoteEditorScreen(entry.title, entry.note), done)

    def action_edit_title(self) -> None:
        paper_id = self.current()
        if paper_id is None:
            return
        entry = self.library.entry(paper_id, with_abstract=False)

        def done(title: str | None) -> None:
            if title is not None:
                self.attempt(paper_id, lambda: self.library.set_title(paper_id, title))

        self.app.push_screen(
            PromptScreen(
                "Title", value=entry.title, hint=f"empty = the catalogue's: {entry.paper.title}"
            ),
            done,
        )

    def action_copy(self) -> None:
        paper_id = self.current()
        if paper_id is None:
            return
        line = citation_line(self.library.entry(paper_id, with_abstract=False))
        try:
            message = copy_text(line, self.app.copy_to_clipboard)
        except ReadlistError as error:
            self.notify(str(error), title="Not copied", severity="error", timeout=8)
            return
        self.notify(line, title=message)

    def action_export(self) -> None:
        entries = list(self.library.entries(self.paper_list.ids, with_abstract=False))
        count = sum(1 for e in entries if e.note.strip() or e.tags)
        if not count:
            self.notify("No shown paper has a note or tags yet.", title="Nothing to export", severity="warning")
            return

        def done(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            self.export_path = target
            try:
                write_atomic(target, export_notes(entries).encode("utf-8"))
            except ReadlistError as error:
                self.notify(str(error), title="Not exported", severity="error", timeout=8)
                return
            self.notify(f"{plural(count, 'paper')} with notes or tags → {target}", title="Exported")

        self.app.push_screen(
            PromptScreen(
                f"Export the notes of {plural(count, 'shown paper')} to",
                value=str(self.export_path),
                hint="Markdown; an existing file is replaced",
            ),
            done,
        )
