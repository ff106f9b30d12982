"""The main screen: the filter box, the list of papers and the detail pane."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, ProgressBar, Static

from readlist.store.changes import Change
from readlist.store.errors import ReadlistError
from readlist.store.exporters.markdown import citation_line
from readlist.store.exporting import export_to_path, format_for
from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.query import QueryError, asks_for, parse
from readlist.store.sorting import next_sort, sort_ids
from readlist.store.text import plural
from readlist.store.triage import SETTING as TRIAGE
from readlist.store.triage import TriageSession
from readlist.tui.clipboard import copy_text
from readlist.tui.screens.base import PaperScreen
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.screens.triage import TriageScreen
from readlist.tui.widgets.detail_pane import DetailPane
from readlist.tui.widgets.filter_bar import SEARCH_AT_ONCE, FilterBar
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.sidebar import Sidebar

#: How often to look for changes made by another readlist process, in seconds.
DISK_CHECK_SECONDS = 2.0
#: While typing in the filter, the detail pane follows once typing pauses this long (seconds).
DETAIL_AFTER = 0.15
#: Library setting holding the saved searches.
SAVED_SEARCHES = "saved_searches"
#: Where ``e`` offers to write the notes, relative to the folder readlist started in.
DEFAULT_EXPORT = Path("readlist-notes.md")


class LibraryScreen(PaperScreen):
    """Browse, filter, triage and annotate the library.

    Actions apply to the marked papers when there are any, else to the
    highlighted one. Every change goes to the library (and so to disk) at
    once; a change that cannot be saved is reported and the screen shows
    what is really stored.
    """

    BINDINGS = [
        # A priority binding runs as the key arrives: the keys typed (or pasted)
        # right after "/" then reach the box, not the list (see check_action).
        Binding("slash", "focus_filter", "Filter", id="library.filter", priority=True,
                tooltip="Filter the list with a query (words, \"phrases\", tag:x, votes:>=3 …)"),
        Binding("r", "toggle_read", "Read", id="library.toggle_read",
                tooltip="Mark read, or back to the status before"),
        Binding("a", "status('to-read')", "Queue", id="library.queue", tooltip="Queue to read (to-read)"),
        Binding("x", "status('skipped')", "Skip", id="library.skip", tooltip="Skip: hidden, never deleted"),
        Binding("w", "status('reading')", "Reading", show=False, id="library.reading",
                tooltip="Mark as being read"),
        Binding("p", "priority", "Priority", show=False, id="library.priority",
                tooltip="Cycle the priority: none, 1 (most urgent), 2, 3"),
        Binding("t", "edit_tags", "Tags", id="library.tags",
                tooltip="Edit tags: 'rl, video' sets them, '+rl -video' adds/removes"),
        Binding("n", "edit_note", "Note", id="library.note", tooltip="Write or edit the note (Markdown)"),
        Binding("N", "edit_note_in_editor", "Note in $EDITOR", show=False, id="library.note_editor",
                tooltip="Edit the note in $VISUAL or $EDITOR"),
        Binding("E", "edit_title", "Title", show=False, id="library.title",
                tooltip="Edit the title (empty restores the catalogue's)"),
        Binding("T", "triage", "Triage", id="library.triage",
                tooltip="Triage the new papers shown (or the marked ones), one key per decision"),
        Binding("s", "sort", "Sort", id="library.sort",
                tooltip="Sort by: added, date, votes, title, status, last change"),
        Binding("H", "toggle_skipped", "Skipped", show=False, id="library.show_skipped",
                tooltip="Show or hide skipped papers"),
        Binding("b", "toggle_sidebar", "Sidebar", id="library.sidebar",
                tooltip="Show or hide the saved searches and tags (Enter filters by one)"),
        *(Binding(str(n), f"saved_search({n})", f"Search {n}", show=False, id=f"library.search{n}",
                  tooltip=f"Filter with saved search {n}") for n in range(1, 10)),
        Binding("i", "import_files", "Import", show=False, id="library.import",
                tooltip="Import papers from files (BibTeX, RIS, CSL-JSON, JSON, Markdown lists, backups)"),
        Binding("y", "copy", "Copy", show=False, id="library.copy", tooltip="Copy the paper as one Markdown line"),
        Binding("e", "export", "Export", show=False, id="library.export",
                tooltip="Export the shown (or marked) papers: notes .md, vault folder/, .bib, .json"),
        Binding("escape", "escape", "Clear", show=False, id="library.clear",
                tooltip="Clear the marks, else the filter"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.export_path = DEFAULT_EXPORT.resolve()
        self.sort = library.setting("sort", "added")
        self.show_skipped = False
        self._results: list[str] = []
        self._hidden = 0
        self._importing = False
        self._shown_query = ""
        self._searching = False
        self._detail_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(self.library, id="filter")
        yield Static(id="filter-error")
        with Horizontal(id="main"):
            yield Sidebar(id="sidebar")
            yield PaperList(self.library, id="papers")
            yield DetailPane(id="detail")
        with Horizontal(id="import-status"):
            yield Static(id="import-label")
            yield ProgressBar(id="import-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self._results = self.library.ids()
        self.query_one("#filter-error").display = False
        self.query_one(Sidebar).display = False
        self.query_one("#import-status").display = False
        self.present(keep=None)
        self.set_focus(self.paper_list)
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
        self.app.call_from_thread(self.refresh_view)
        self.app.call_from_thread(self.app.show_notices)

    # -- parts -------------------------------------------------------------------

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter", FilterBar)

    def targets(self) -> list[str]:
        """The marked papers that are shown, else the highlighted one."""
        selection = self.paper_list.selection
        if selection:
            return selection
        return [self.paper_list.highlighted] if self.paper_list.highlighted else []

    def present(self, *, keep: str | None, keep_row: bool = False) -> None:
        """Show the filter's results: skipped papers hidden unless asked for,
        in the chosen sort order. The cursor stays on ``keep``; if that paper
        is no longer shown and ``keep_row``, on the same row."""
        row = self.paper_list.cursor
        ids = self._results
        self._hidden = 0
        if not self.show_skipped and self.library.status_counts()[Status.SKIPPED] and not self._asks_for_skipped():
            # only touched papers can be skipped: test the (few) skipped ids, not each paper's state
            skipped = {pid for pid, state in self.library.touched().items() if state.status == Status.SKIPPED}
            shown = [pid for pid in ids if pid not in skipped]
            self._hidden, ids = len(ids) - len(shown), shown
        ids = sort_ids(self.library, ids, self.sort)
        self.paper_list.show(ids, keep=keep)
        if keep_row and keep not in ids:
            self.paper_list.cursor = row
        self.update_counts()

    def _asks_for_skipped(self) -> bool:
        """True when the filter's query names the skipped status."""
        try:
            return asks_for(parse(self.filter_bar.value), Status.SKIPPED)
        except QueryError:
            return False

    def update_counts(self) -> None:
        """Refresh the header: shown / total, each status, sort, marks, searches running."""
        counts = self.library.status_counts()
        parts = [f"{len(self.paper_list.ids)} shown / {len(self.library)}"]
        parts += [f"{counts[status]} {status}" for status in Status if counts[status]]
        if self.sort != "added":
            parts.append(f"by {self.sort}")
        if self._hidden and self.filter_bar.value.strip():
            parts.append(f"{self._hidden} skipped hidden (H shows)")
        if marked := len(self.paper_list.marked):
            parts.append(f"{marked} marked")
        if self.paper_list.in_range_mode:
            parts.append("RANGE")
        if self.filter_bar.value.strip() and not self.filter_bar.ready:
            parts.append("indexing for typos…" if self.filter_bar.index else "indexing…")
        elif self.filter_bar.value.strip() and self._searching:
            parts.append("searching abstracts…")
        self.sub_title = " · ".join(parts)

    def check_disk(self) -> None:
        """Show what another readlist process (or the CLI) changed in the library."""
        if self._importing:
            return  # the import is writing: its end redraws everything
        try:
            changed = self.library.refresh()
        except ReadlistError as error:
            self.notify(str(error), title="Library", severity="error", timeout=8)
            return
        if changed:
            if not self.library.abstracts_loaded:  # papers were added: their abstracts too
                self.load_abstracts()
            self.changed(None)

    def changed(self, change: Change | None) -> None:
        """Bring the search index and the view up to date after a change."""
        if self.filter_bar.stale:  # papers were added (here, or read in from another process)
            self.filter_bar.rebuild()  # which searches again when there is a filter
            if not self.filter_bar.value.strip():
                self._results = self.library.ids()
        elif change is not None:
            for paper_id in change.ids:
                self.filter_bar.sync_reader(paper_id)
        else:
            self.filter_bar.sync_reader()
        if change is None or self.sort != "added" or _skips_changed(change):
            self.present(keep=self.paper_list.highlighted, keep_row=True)  # shown set or order changed
        self.refresh_sidebar()
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw the list, the detail pane and the counts."""
        self.paper_list.refresh()
        self.show_detail(self.paper_list.highlighted)
        self.update_counts()

    def show_detail(self, paper_id: str | None) -> None:
        """Show a paper in the detail pane; its abstract once the abstracts are loaded."""
        loaded = self.library.abstracts_loaded
        entry = self.library.entry(paper_id, with_abstract=loaded) if paper_id else None
        empty = "No match yet: still searching…" if self._searching else "No paper matches the filter."
        self.query_one(DetailPane).show(entry, abstract_pending=not loaded, words=self.paper_list.match_words,
                                        empty=empty)

    def current(self) -> str | None:
        """The highlighted paper's id; says so when there is none."""
        paper_id = self.paper_list.highlighted
        if paper_id is None:
            self.notify("No paper here: clear the filter with Esc.", severity="warning")
        return paper_id

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

    @on(PaperList.MarksChanged)
    def _marks_changed(self) -> None:
        self.update_counts()

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
        self._results = event.ids
        self.paper_list.match_words = event.words
        self.present(keep=keep)
        if not event.ids:
            self.show_detail(None)  # "still searching" or "no paper matches", whichever is true now

    @on(FilterBar.Invalid)
    def _filter_invalid(self, event: FilterBar.Invalid) -> None:
        """Say what is wrong with the query under the box; the list keeps the last good result."""
        line = self.query_one("#filter-error", Static)
        line.display = event.error is not None
        if event.error is not None:
            line.update(Text(f"✗ {event.error} — showing the last good result"))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.filter_bar.remember()
        self.set_focus(self.paper_list)

    @on(FilterBar.Cleared)
    def _filter_cleared(self) -> None:
        self.set_focus(self.paper_list)

    @on(FilterBar.SaveRequested)
    def _save_search(self, event: FilterBar.SaveRequested) -> None:
        def named(name: str | None) -> None:
            if not name or not name.strip():
                return
            searches = [s for s in self.saved_searches() if s["name"] != name.strip()]
            searches.append({"name": name.strip(), "query": event.query})
            try:
                self.library.set_setting(SAVED_SEARCHES, searches)
            except ReadlistError as error:
                self.notify(str(error), title="Not saved", severity="error")
                return
            number = len(searches)
            key = f" (key {number})" if number <= 9 else ""
            self.notify(f"{name.strip()}: {event.query}{key}", title="Search saved")
            self.refresh_sidebar()

        self.app.push_screen(PromptScreen(f"Save “{event.query}” as", hint="a name for the sidebar and palette"),
                             named)

    @on(Sidebar.Chosen)
    def _sidebar_chosen(self, event: Sidebar.Chosen) -> None:
        self.use_query(event.query)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.filter_bar:
            self.filter_bar.remember()

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" typed in the box is a character of the query, not "go to the box"
        return not (action == "focus_filter" and self.focused is self.filter_bar)

    def action_focus_filter(self) -> None:
        # At once, not on the next tick (Widget.focus): keys typed right after
        # "/" must reach the box, not the list.
        self.set_focus(self.filter_bar)

    def action_escape(self) -> None:
        if self.paper_list.clear_marks():
            return
        if self.filter_bar.value:
            self.filter_bar.value = ""  # the filter bar then shows every paper
        self.set_focus(self.paper_list)

    def action_toggle_read(self) -> None:
        ids = self.targets()
        if len(ids) == 1:
            self.attempt(lambda: self.library.toggle_read(ids[0]))
        else:
            self.apply(ids, lambda ids: self.library.set_status(ids, Status.READ), "Mark as read")

    def action_status(self, status: str) -> None:
        self.set_status(Status(status))

    def action_priority(self) -> None:
        self.cycle_priority()

    def action_edit_tags(self) -> None:
        self.edit_tags()

    def action_edit_note(self) -> None:
        if (paper_id := self.current()) is not None:
            self.edit_note(paper_id)

    def action_edit_note_in_editor(self) -> None:
        if (paper_id := self.current()) is not None:
            self.edit_note_in_editor(paper_id)

    def action_edit_title(self) -> None:
        if (paper_id := self.current()) is not None:
            self.edit_title(paper_id)

    def action_sort(self) -> None:
        self.sort = next_sort(self.sort)
        self.present(keep=self.paper_list.highlighted)
        self.notify(f"Sorted by {self.sort}" if self.sort != "added" else "Sorted as added (best matches first)")
        try:
            self.library.set_setting("sort", self.sort)
        except ReadlistError as error:
            self.notify(str(error), title="Sort not saved", severity="warning")

    # -- saved searches and the sidebar -----------------------------------------

    def saved_searches(self) -> list[dict[str, str]]:
        """The saved searches, ``{"name": ..., "query": ...}``, in order."""
        stored = self.library.setting(SAVED_SEARCHES, [])
        return [s for s in stored if isinstance(s, dict) and isinstance(s.get("query"), str)
                and isinstance(s.get("name"), str)]

    def use_query(self, query: str) -> None:
        """Put ``query`` in the filter box (which searches) and go to the list."""
        self.filter_bar.value = query
        self.filter_bar.remember()
        self.set_focus(self.paper_list)

    def action_saved_search(self, number: int) -> None:
        searches = self.saved_searches()
        if number > len(searches):
            self.notify(f"No saved search {number}: save one with ctrl+s in the filter box", severity="warning")
            return
        self.use_query(searches[number - 1]["query"])

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.display = not sidebar.display
        if sidebar.display:
            self.refresh_sidebar()
            self.set_focus(sidebar)
        else:
            self.set_focus(self.paper_list)

    def refresh_sidebar(self) -> None:
        """Recount the sidebar's entries (when it is shown)."""
        sidebar = self.query_one(Sidebar)
        if not sidebar.display:
            return
        index = self.filter_bar.index
        searches = []
        for search in self.saved_searches():
            count = None
            if index is not None:
                try:
                    match = index.search(search["query"], abstracts=len(index.ids) <= SEARCH_AT_ONCE)
                    count = len(match.rows) if match else None
                except ReadlistError:
                    count = None
            searches.append((search["name"], search["query"], count))
        sidebar.show_entries(searches, self.library.tag_counts().most_common())

    def action_toggle_skipped(self) -> None:
        self.show_skipped = not self.show_skipped
        self.present(keep=self.paper_list.highlighted)
        self.notify("Showing skipped papers" if self.show_skipped else "Hiding skipped papers")

    def action_triage(self) -> None:
        selection = self.paper_list.selection
        if selection:
            ids = selection
        else:
            states = self.library.touched()
            ids = [pid for pid in self.paper_list.ids if (s := states.get(pid)) is None or s.status == Status.NEW]
        saved = TriageSession.from_setting(self.library.setting(TRIAGE), self.library.stored_papers())
        if not ids and (saved is None or saved.done):  # the rule TriageScreen resumes by
            self.notify("No new paper here to triage (mark papers with space to triage them).",
                        severity="warning")
            return
        self.paper_list.clear_marks()
        # triage (and undo there) changes papers: bring the list up to date when it ends
        self.app.push_screen(TriageScreen(self.library, ids), lambda _: self.changed(None))

    # -- importing ---------------------------------------------------------------

    def action_import_files(self) -> None:
        if self._importing:
            self.notify("An import is running", severity="warning")
            return

        def chosen(paths: list[Path] | None) -> None:
            if paths:
                self._importing = True
                self.query_one("#import-status").display = True
                self._import_progress(f"reading {paths[0].name}", 0, 0)
                self.run_import(paths)

        self.app.push_screen(ImportScreen(), chosen)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, paths: list[Path]) -> None:
        """Import in a worker thread (big files take a while); the UI goes on."""

        def progress(what: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._import_progress, what, done, total)

        try:
            reports = self.library.import_files(paths, progress=progress)
        except ReadlistError as error:
            self.app.call_from_thread(self._import_done, [], error)
            return
        self.app.call_from_thread(self._import_done, reports, None)

    def _import_progress(self, what: str, done: int, total: int) -> None:
        self.query_one("#import-label", Static).update(Text(f"Importing: {what} {done}/{total or '?'} "))
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=total or None, progress=done)

    def _import_done(self, reports: list, error: ReadlistError | None) -> None:
        self._importing = False
        self.query_one("#import-status").display = False
        if error is not None:
            self.notify(str(error), title="Import stopped", severity="error", timeout=15)
        for report in reports:
            failed = report.error is not None
            problems = [*report.rejected, *report.warnings]
            details = "".join(f"\n  {problem}" for problem in problems[:5])
            if len(problems) > 5:
                details += f"\n  … and {len(problems) - 5} more (readlist import --dry-run FILE lists them all)"
            self.notify(report.summary() + details, title="Import failed" if failed else "Imported",
                        severity="error" if failed else ("warning" if problems else "information"),
                        timeout=20)
        self.app.show_notices()
        self.changed(None)

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
        ids = self.paper_list.selection or self.paper_list.ids
        which = plural(len(ids), "marked paper" if self.paper_list.selection else "shown paper")

        def done(path: str | None) -> None:
            if not path:
                return
            self.export_path = Path(path)
            entries = list(self.library.entries(ids, with_abstract=format_for(path) == "bibtex"))
            try:
                message = export_to_path(self.library, entries, path)
            except (ReadlistError, OSError) as error:
                self.notify(str(error), title="Not exported", severity="error", timeout=8)
                return
            self.notify(message, title="Exported")

        self.app.push_screen(
            PromptScreen(
                f"Export the {which} to",
                value=str(self.export_path),
                hint=".md notes or folder/ vault (papers with a note or tags) · .bib BibTeX · .json backup of all",
            ),
            done,
        )


def _skips_changed(change: Change) -> bool:
    """True when a paper was skipped or un-skipped (the default view hides skipped papers)."""
    return any(
        (change.before[pid].status == Status.SKIPPED) != (state.status == Status.SKIPPED)
        for pid, state in change.after.items()
    )
