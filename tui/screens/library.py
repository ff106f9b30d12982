"""The main screen: the filter box, the list of papers and the detail pane."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import Footer, Header, Input

from store.atomic import write_atomic
from store.errors import ReadlistError
from store.exporters.markdown import citation_line, export_notes
from store.library import Library
from store.query import search
from store.tags import describe_tags
from tui.clipboard import copy_text
from tui.screens.edit_note import NoteEditorScreen
from tui.screens.prompt import PromptScreen
from tui.widgets.detail_pane import DetailPane
from tui.widgets.paper_list import PaperList

T = TypeVar("T")

_LAST_WORD = re.compile(r"[^\s,]*$")
#: Where ``e`` offers to write the notes, relative to the folder readlist started in.
DEFAULT_EXPORT = Path("readlist-notes.md")


def plural(count: int, noun: str) -> str:
    """``"1 paper"``, ``"2 papers"``."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


class FilterInput(Input):
    """The filter box. ``Esc`` clears it, ``Enter`` or ``down`` returns to the list."""

    BINDINGS = [
        Binding("escape", "clear", "Clear filter", id="filter.clear"),
        Binding("down", "done", "Back to the list", id="filter.done"),
    ]

    class Cleared(Message):
        """The reader cleared the filter with ``Esc``."""

    class Done(Message):
        """The reader wants to go back to the list, keeping the filter."""

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())

    def action_done(self) -> None:
        self.post_message(self.Done())


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

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(placeholder="/ to filter: words match title, abstract, tags, notes", id="filter")
        with Horizontal(id="main"):
            yield PaperList(self.library, id="papers")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_filter("")
        self.paper_list.focus()

    # -- parts -------------------------------------------------------------------

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def filter_input(self) -> FilterInput:
        return self.query_one("#filter", FilterInput)

    def apply_filter(self, text: str) -> None:
        """Show the papers matching ``text``, best first (all, in order, when blank).

        The cursor goes to the best match; when the filter is cleared it stays
        on the paper it was on, so the reader keeps their place.
        """
        ids = [entry.id for entry in search(self.library.entries(), text)]
        self.paper_list.show(ids, keep=None if text.strip() else self.paper_list.highlighted)
        self.update_counts()

    def update_counts(self) -> None:
        """Refresh the header: shown / total / unread."""
        shown, total = len(self.paper_list.ids), len(self.library)
        self.sub_title = f"{shown} shown / {total} total / {self.library.unread_count()} unread"

    def refresh_paper(self) -> None:
        """Redraw the list, the detail pane and the counts after a change."""
        self.paper_list.refresh()
        self.show_detail(self.paper_list.highlighted)
        self.update_counts()

    def show_detail(self, paper_id: str | None) -> None:
        self.query_one(DetailPane).show(self.library.entry(paper_id) if paper_id else None)

    def current(self) -> str | None:
        """The highlighted paper's id; says so when there is none."""
        paper_id = self.paper_list.highlighted
        if paper_id is None:
            self.notify("No paper here: clear the filter with Esc.", severity="warning")
        return paper_id

    def attempt(self, change: Callable[[], T]) -> T | None:
        """Run a library change; report a failure instead of crashing."""
        try:
            return change()
        except ReadlistError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return None
        finally:
            self.refresh_paper()

    # -- events ------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, event: PaperList.Highlighted) -> None:
        self.show_detail(event.paper_id)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    @on(FilterInput.Done)
    def _filter_done(self) -> None:
        self.paper_list.focus()

    @on(FilterInput.Cleared)
    def _filter_cleared(self) -> None:
        self.paper_list.focus()

    # -- actions -----------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        if self.filter_input.value:
            self.filter_input.value = ""  # Input.Changed re-applies the filter
        self.paper_list.focus()

    def action_toggle_read(self) -> None:
        if (paper_id := self.current()) is not None:
            self.attempt(lambda: self.library.toggle_read(paper_id))

    def action_edit_tags(self) -> None:
        paper_id = self.current()
        if paper_id is None:
            return
        entry = self.library.entry(paper_id)

        def done(edit: str | None) -> None:
            if edit is not None:
                self.attempt(lambda: self.library.edit_tags(paper_id, edit))

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
        entry = self.library.entry(paper_id)

        def done(note: str | None) -> None:
            if note is not None:
                self.attempt(lambda: self.library.set_note(paper_id, note))

        self.app.push_screen(NoteEditorScreen(entry.title, entry.note), done)

    def action_edit_title(self) -> None:
        paper_id = self.current()
        if paper_id is None:
            return
        entry = self.library.entry(paper_id)

        def done(title: str | None) -> None:
            if title is not None:
                self.attempt(lambda: self.library.set_title(paper_id, title))

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
        line = citation_line(self.library.entry(paper_id))
        try:
            message = copy_text(line, self.app.copy_to_clipboard)
        except ReadlistError as error:
            self.notify(str(error), title="Not copied", severity="error", timeout=8)
            return
        self.notify(line, title=message)

    def action_export(self) -> None:
        entries = [self.library.entry(pid) for pid in self.paper_list.ids]
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
