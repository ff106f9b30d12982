"""The main screen: the filter box, the list of papers and the detail pane.

What the list shows (query, sort, skipped papers, counts) is decided by the
store's :class:`~store.view.LibraryView` (``app.view``); this screen lays the
widgets out, binds the keys to actions and coordinates its children: a filter
result re-shows the list, the highlighted paper shows in the detail pane.
Changes of the library reach every widget through
:meth:`ReadlistApp.announce <readlist.tui.app.ReadlistApp.announce>`.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Header, Input, ProgressBar, Static
from textual.worker import get_current_worker

from readlist.store.errors import ReadlistError, printable
from readlist.store.exporters.markdown import citation_line
from readlist.store.exporting import export_to_path, format_for
from readlist.store.importing import FileReport
from readlist.store.library import Library
from readlist.store.links import page_url, pdf_url
from readlist.store.models import Status
from readlist.store.recommend.foryou import is_for_you
from readlist.store.settings import SavedSearch
from readlist.store.tags import normalise_tag
from readlist.store.text import plural
from readlist.store.triage import TriageSession
from readlist.tui.browser import NoBrowser, find_browser, needs_terminal, open_in
from readlist.tui.clipboard import copy_text
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.screens.base import PaperScreen, TagSuggester
from readlist.tui.screens.fetching import FetchActions
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.prompt import PromptScreen
from readlist.tui.screens.similar import SimilarScreen
from readlist.tui.screens.sort_menu import FOR_A_TAG, SortMenu, sort_label
from readlist.tui.screens.stats import StatsScreen
from readlist.tui.screens.triage import TriageScreen
from readlist.tui.widgets.detail_pane import DetailPane
from readlist.tui.widgets.filter_bar import FilterBar
from readlist.tui.widgets.footer import FittingFooter
from readlist.tui.widgets.paper_list import PaperList
from readlist.tui.widgets.sidebar import Sidebar
from readlist.tui.widgets.waiting_line import WaitingLine

#: While typing in the filter, the detail pane follows once typing pauses this long (seconds).
DETAIL_AFTER = 0.15
#: Where ``e`` offers to write the notes, relative to the folder readlist started in.
DEFAULT_EXPORT = Path("readlist-notes.md")
#: Most problems of one imported file listed in its notification.
PROBLEMS_SHOWN = 5


class LibraryScreen(FetchActions, LibraryListener, PaperScreen):
    """Browse, filter, triage and annotate the library.

    Actions apply to the marked papers when there are any, else to the
    highlighted one. Every change goes to the library (and so to disk) at
    once, or, while another readlist holds the lock, in order as soon as it
    frees (the line under the header says so meanwhile; :mod:`tui.saving`);
    a change that cannot be saved is reported and the screen shows what is
    really stored.
    """

    APP_KEYS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Show every key"),
        Binding("u", "app.undo", "Undo", id="app.undo", tooltip="Undo the last change of this session"),
        Binding("q", "app.quit", "Quit", id="app.quit", tooltip="Quit (everything is already saved)"),
    ]
    """The app's ``?``, ``u`` and ``q``, bound here too so that the footer shows
    them among this screen's keys: ``?`` first, ``u`` and ``q`` before the less
    used keys, so that at 80 columns they fit (the footer shows the keys
    in order that fit, :class:`~readlist.tui.widgets.footer.FittingFooter`). Same ids as the app's: ``config.toml``
    remaps both; the help lists them once, under "Everywhere"."""

    BINDINGS = [
        APP_KEYS[0],
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
        Binding("b", "toggle_sidebar", "Sidebar", id="library.sidebar",
                tooltip="Show or hide the saved searches and tags (Enter filters by one)"),
        *APP_KEYS[1:],
        Binding("N", "edit_note_in_editor", "Note in $EDITOR", show=False, id="library.note_editor",
                tooltip="Edit the note in $VISUAL or $EDITOR"),
        Binding("E", "edit_title", "Title", show=False, id="library.title",
                tooltip="Edit the title (empty restores the catalogue's)"),
        Binding("T", "triage", "Triage", id="library.triage",
                tooltip="Triage the new papers shown (or the marked ones), one key per decision"),
        Binding("s", "sort", "Sort", id="library.sort",
                tooltip="Sort by… a menu: added, date, votes, title, status, last change, for you (one key each)"),
        Binding("m", "similar", "More like this", show=False, id="library.similar",
                tooltip="The 20 papers most like this one, with score and shared terms"),
        Binding("ctrl+t", "statistics", "Statistics", show=False, id="library.statistics",
                tooltip="Reading statistics: read per week, statuses, tags, sources, triage pace"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="library.reverse_sort",
                tooltip="Reverse the sort order (papers without a date or votes stay last)"),
        Binding("H", "toggle_skipped", "Skipped", show=False, id="library.show_skipped",
                tooltip="Show or hide skipped papers"),
        *(Binding(str(n), f"saved_search({n})", f"Search {n}", show=False, id=f"library.search{n}",
                  tooltip=f"Filter with saved search {n}") for n in range(1, 10)),
        Binding("F", "fetch", "Fetch", show=False, id="library.fetch",
                tooltip="Fetch the followed sources ([follow] of config.toml): Daily Papers, arXiv"),
        Binding("plus", "add_papers", "Add", show=False, id="library.add",
                tooltip="Add papers by arXiv id, DOI or URL"),
        Binding("i", "import_files", "Import", show=False, id="library.import",
                tooltip="Import papers from files (BibTeX, RIS, CSL-JSON, JSON, Markdown lists, backups)"),
        Binding("o", "open", "Open", id="library.open", tooltip="Open the paper's page in the browser"),
        Binding("O", "open_pdf", "Open PDF", show=False, id="library.open_pdf",
                tooltip="Open the paper's PDF in the browser"),
        Binding("y", "copy", "Copy", show=False, id="library.copy", tooltip="Copy the paper as one Markdown line"),
        Binding("e", "export", "Export", show=False, id="library.export",
                tooltip="Export the shown (or marked) papers: notes .md, vault folder/, .bib, .json"),
        Binding("escape", "escape", "Clear", show=False, id="library.clear",
                tooltip="Clear the marks, else the filter"),
        Binding("J,ctrl+e", "scroll_detail(1)", "Detail down", show=False, id="library.detail_down",
                tooltip="Scroll the detail pane down a line"),
        Binding("K,ctrl+y", "scroll_detail(-1)", "Detail up", show=False, id="library.detail_up",
                tooltip="Scroll the detail pane up a line"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.export_path = DEFAULT_EXPORT.resolve()
        self._shown_query = ""
        self._detail_timer: Timer | None = None
        self._sorting: str | None = None  # the order a worker is preparing, the old one shown meanwhile

    def compose(self) -> ComposeResult:
        view, settings = self.app.view, self.app.settings
        yield Header()
        yield WaitingLine(id="waiting")
        yield FilterBar(view, settings, id="filter")
        yield Static(id="filter-error")
        with Horizontal(id="main"):
            yield Sidebar(view, settings, id="sidebar")
            yield PaperList(view, id="papers")
            yield DetailPane(view, id="detail")
        with Horizontal(id="import-status"):
            yield Static(id="import-label")
            yield ProgressBar(id="import-progress", show_eta=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#filter-error").display = False
        self.query_one(Sidebar).display = False
        self.query_one("#import-status").display = False
        view = self.app.view
        if is_for_you(view.sort) and not view.sort_ready(view.sort):
            # the remembered order is for you: its model trains in a worker, the list shows meanwhile
            self._sorting = view.sort
            view.set_sort("added")
            self._rank_in_background(self._sorting)
        self.paper_list.show(view.shown)
        self.update_counts()
        self.filter_bar.leave_to = self.paper_list
        self.set_focus(self.paper_list)
        if not self.library.abstracts_ready or not self.app.view.abstracts_at_once:
            self.call_after_refresh(self.prepare_abstracts)

    @work(thread=True, exclusive=True, group="abstracts-load")
    def prepare_abstracts(self) -> None:
        """In the background: make a big library's abstracts ready to read, then
        show them; then build their word index if it is missing or stale (so
        searches need not read them all: :meth:`Library.index_abstracts`)."""
        if not self.library.abstracts_ready:
            try:
                self.library.prepare_abstracts()
            except ReadlistError as error:
                self.app.call_from_thread(self.notify, str(error), title="Abstracts", severity="error", timeout=10)
                return
            self.app.call_from_thread(self.app.announce, scope="abstracts")
            self.app.call_from_thread(self.app.show_notices)
        self.library.index_abstracts()

    # -- parts -------------------------------------------------------------------

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter", FilterBar)

    @property
    def sort(self) -> str:
        """The list's sort order (see :mod:`store.sorting`)."""
        return self.app.view.sort

    def targets(self) -> list[str]:
        """The marked papers that are shown, else the highlighted one."""
        selection = self.paper_list.selection
        if selection:
            return selection
        return [self.paper_list.highlighted] if self.paper_list.highlighted else []

    def current(self) -> str | None:
        """The highlighted paper's id; says so when there is none."""
        paper_id = self.paper_list.highlighted
        if paper_id is None:
            self.notify("No paper here: clear the filter with Esc.", severity="warning")
        return paper_id

    def update_counts(self) -> None:
        """Refresh the header: read-only when the library is, shown / total, each status, sort, marks,
        searches running."""
        view = self.app.view
        counts = view.counts()
        parts = [f"{counts.shown} shown / {counts.total}"]
        if self.library.read_only is not None:  # why: in the notice shown at start, and on each refused change
            parts.insert(0, "read-only")
        parts += [f"{counts.statuses[status]} {status}" for status in Status if counts.statuses[status]]
        if view.sort != "added":
            parts.append(f"by {sort_label(view.sort)}")
        if self._sorting is not None:
            parts.append(f"sorting by {sort_label(self._sorting)}…")
        filtering = bool(self.filter_bar.value.strip())
        if counts.hidden and filtering:
            parts.append(f"{counts.hidden} skipped hidden (H shows)")
        if self.arrived is not None:
            parts.append(f"{self.arrived} arrived")
        if marked := len(self.paper_list.marked):
            parts.append(f"{marked} marked")
        if self.paper_list.in_range_mode:
            parts.append("RANGE")
        if filtering and not view.ready:
            parts.append("indexing for typos…" if view.index else "indexing…")
        elif filtering and not view.complete:
            parts.append("searching abstracts…")
        self.sub_title = " · ".join(parts)

    def on_library_changed(self, message: LibraryChanged) -> None:
        self.update_counts()
        if message.scope == "all" and not self.app.view.abstracts_at_once and not self.library.abstracts_indexed:
            self.prepare_abstracts()  # papers came in (here, or from another readlist): index them again
        if message.scope in ("state", "all") and is_for_you(self.sort) and self._sorting is None:
            self._rank_in_background(self.sort, retrain=True)  # the reader's decisions changed: learn from them

    # -- events ------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, event: PaperList.Highlighted) -> None:
        """Show the highlighted paper: at once when the reader moved, when
        typing pauses when the filter moved the cursor (redrawing the pane on
        every keystroke would slow typing down), but at once again for the
        complete answer a big library's abstract search gives after the fast
        one (nothing more is coming for that query)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        detail = self.query_one(DetailPane)
        view = self.app.view
        if self.focused is self.filter_bar and not (view.complete and not view.abstracts_at_once):
            self._detail_timer = self.set_timer(DETAIL_AFTER, lambda: detail.show_paper(event.paper_id))
        else:
            detail.show_paper(event.paper_id)

    @on(PaperList.MarksChanged)
    def _marks_changed(self) -> None:
        self.update_counts()

    @on(FilterBar.Results)
    def _filter_results(self, event: FilterBar.Results) -> None:
        """Show the filter's answer (already in the view). A new query puts the
        cursor on the best match; the complete answer of the same query, or
        clearing the filter, keep it on the paper it was on."""
        if event.query != self.filter_bar.value:
            return  # an older answer
        same_query = event.query == self._shown_query
        keep = self.paper_list.highlighted if (same_query or not event.query.strip()) else None
        self._shown_query = event.query
        self.paper_list.show(self.app.view.shown, keep=keep)
        self.update_counts()
        if not self.paper_list.ids:
            self.query_one(DetailPane).show_paper(None)  # "still searching" or "no paper matches"

    @on(FilterBar.Invalid)
    def _filter_invalid(self, event: FilterBar.Invalid) -> None:
        """Say what is wrong with the query under the box; the list keeps the last good result."""
        line = self.query_one("#filter-error", Static)
        line.display = event.error is not None
        if event.error is not None:
            line.update(Text(f"✗ {event.error} — showing the last good result"))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.filter_bar.remember()  # the box moved the focus to the list itself (FilterBar.leave_to)

    @on(FilterBar.SaveRequested)
    def _save_search(self, event: FilterBar.SaveRequested) -> None:
        def named(name: str | None) -> None:
            if not name or not name.strip():
                return
            def saved(number: int) -> None:
                key = f" (key {number})" if number <= 9 else ""
                self.notify(f"{name.strip()}: {event.query}{key}", title="Search saved")
                self.app.announce(scope="settings")

            self.app.saver.save(lambda: self.app.settings.save_search(name, event.query), saved,
                                what=f"Saved search {name.strip()}: {event.query}")

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

    def action_scroll_detail(self, lines: int) -> None:
        self.query_one(DetailPane).scroll_lines(lines)

    def action_toggle_read(self) -> None:
        self.toggle_read()

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
        """Open the sort menu; the order chosen is applied (the current one chosen again keeps its direction)."""
        current = self.sort

        def chosen(name: str | None) -> None:
            if name == FOR_A_TAG:
                self._ask_for_you_tag()
            elif name is not None and name != current.removeprefix("-"):
                self.apply_sort(name)

        self.app.push_screen(SortMenu(current), chosen)

    def _ask_for_you_tag(self) -> None:
        """Ask for the tag of ``for-you:TAG``, then sort by it."""
        def answered(tag: str | None) -> None:
            tag = normalise_tag(tag or "")
            if tag:
                self.apply_sort(f"{FOR_A_TAG}{tag}")

        tags = self.library.tag_counts()
        self.app.push_screen(PromptScreen("For you, by the tag", hint="new papers most like the ones with this tag"
                                          + (f" · e.g. {', '.join(t for t, _ in tags.most_common(3))}" if tags else ""),
                                          suggester=TagSuggester(list(tags))), answered)

    def action_reverse_sort(self) -> None:
        """Reverse the current order (``date`` ↔ ``-date``)."""
        order = self._sorting or self.sort
        self.apply_sort(order[1:] if order.startswith("-") else f"-{order}")

    def apply_sort(self, order: str) -> None:
        """Sort the list by ``order`` and remember it. When its ranking is not
        built yet on a big library, a worker builds it and the old order stays
        shown (the header says ``sorting by …``) until it is ready."""
        view = self.app.view
        if view.sort_ready(order) or (view.abstracts_at_once and not is_for_you(order)):
            self._sorting = None
            self._show_sort(order)
        else:
            self._sorting = order
            self.update_counts()
            self._rank_in_background(order)

    @work(thread=True, exclusive=True, group="sort")
    def _rank_in_background(self, order: str, *, retrain: bool = False) -> None:
        """Rank the library by ``order`` in a worker; then show it (or, to ``retrain``
        the for-you model after decisions changed, rank the list again in place)."""
        built = self.app.view.build_ranking(order)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._retrained if retrain else self._ranked, order, built)

    def _ranked(self, order: str, built) -> None:
        if self._sorting != order:
            return  # another order was asked for meanwhile
        self._sorting = None
        self.app.view.use_ranking(*built)  # when papers came meanwhile, set_sort ranks them again itself
        self._show_sort(order)

    def _retrained(self, order: str, built) -> None:
        view = self.app.view
        if view.sort != order or self._sorting is not None or not view.use_ranking(*built):
            return  # another order meanwhile, or papers came: the next change retrains
        self.paper_list.show(view.shown, keep=self.paper_list.highlighted)
        self.query_one(DetailPane).show_paper(self.paper_list.highlighted)

    def _show_sort(self, order: str) -> None:
        view = self.app.view
        view.set_sort(order)
        self.paper_list.show(view.shown, keep=self.paper_list.highlighted)
        self.update_counts()
        self.query_one(DetailPane).show_paper(self.paper_list.highlighted)
        if (model := view.for_you()) is not None:
            self.notify(model.describe(), title=f"Sorted {sort_label(order)}",
                        severity="information" if model.trained else "warning", timeout=8)
        else:
            self.notify(f"Sorted by {sort_label(order)}" if order != "added"
                        else "Sorted as added (best matches first)")
        self.app.saver.save(lambda: self.app.settings.set_sort(order), what=f"Sort by {order}",
                            title="Sort not saved")

    def action_toggle_skipped(self) -> None:
        view = self.app.view
        view.set_show_skipped(not view.show_skipped)
        self.paper_list.show(view.shown, keep=self.paper_list.highlighted)
        self.update_counts()
        self.notify("Showing skipped papers" if view.show_skipped else "Hiding skipped papers")

    # -- more like this, statistics ----------------------------------------------

    def action_similar(self) -> None:
        """Show the papers most like the highlighted one; the one chosen is highlighted in the list."""
        if (paper_id := self.current()) is not None:
            self.app.push_screen(SimilarScreen(self.library, paper_id), self.go_to)

    def go_to(self, paper_id: str | None) -> None:
        """Highlight ``paper_id`` in the list (when the filter or the skip rule hides it, say so)."""
        if paper_id is None:
            return
        if paper_id not in set(self.paper_list.ids):
            self.notify(f"“{self.library.title_of(paper_id)}” is not in the list shown: Esc clears the filter, "
                        "H shows skipped papers", severity="warning", markup=False)
            return
        self.paper_list.show(self.app.view.shown, keep=paper_id)
        self.set_focus(self.paper_list)

    def action_statistics(self) -> None:
        self.app.push_screen(StatsScreen(self.library))

    # -- saved searches and the sidebar -----------------------------------------

    def saved_searches(self) -> list[SavedSearch]:
        """The saved searches, in order (the palette offers them)."""
        return self.app.settings.saved_searches()

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
        self.use_query(searches[number - 1].query)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        sidebar.display = not sidebar.display
        if sidebar.display:
            sidebar.recount()
            self.set_focus(sidebar)
        else:
            self.set_focus(self.paper_list)

    # -- triage ------------------------------------------------------------------

    def action_triage(self) -> None:
        selection = self.paper_list.selection
        if selection:
            ids = selection
        else:
            states = self.library.touched()
            ids = [pid for pid in self.paper_list.ids if (s := states.get(pid)) is None or s.status == Status.NEW]
        saved = self.app.settings.triage()
        if not ids and saved is None:  # nothing new, and no session to resume
            self.notify("No new paper here to triage (mark papers with space to triage them).",
                        severity="warning")
            return
        self.paper_list.clear_marks()
        # an unfinished session comes first
        session, resumed = (saved, True) if saved is not None else (TriageSession(ids), False)
        self.app.push_screen(TriageScreen(self.library, session, resumed=resumed))

    # -- importing ---------------------------------------------------------------

    def action_import_files(self) -> None:
        if self.app.import_running():
            self.notify("An import is running", severity="warning")
            return

        def chosen(paths: list[Path] | None) -> None:
            if paths:
                self.query_one("#import-status").display = True
                self._import_progress(f"reading {printable(paths[0].name)}", 0, 0)
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

    def _import_done(self, reports: list[FileReport], error: ReadlistError | None) -> None:
        self.query_one("#import-status").display = False
        if error is not None:
            self.notify(str(error), title="Import stopped", severity="error", timeout=15, markup=False)
        for report in reports:
            failed = report.error is not None
            problems = [*report.rejected, *report.warnings]
            details = "".join(f"\n  {problem}" for problem in problems[:PROBLEMS_SHOWN])
            if len(problems) > PROBLEMS_SHOWN:
                details += (f"\n  … and {len(problems) - PROBLEMS_SHOWN} more "
                            "(readlist import --dry-run FILE lists them all)")
            self.notify(report.summary() + details, title="Import failed" if failed else "Imported",
                        severity="error" if failed else ("warning" if problems else "information"),
                        timeout=20, markup=False)  # file names and records are text, never markup
        self.app.show_notices()
        self.app.announce()

    # -- opening in the browser --------------------------------------------------

    def action_open(self) -> None:
        self.open_paper(pdf=False)

    def action_open_pdf(self) -> None:
        self.open_paper(pdf=True)

    def open_paper(self, *, pdf: bool) -> None:
        """Open the highlighted paper's page (see :func:`store.links.page_url`), or its
        PDF, in the browser (:mod:`tui.browser`); where none starts, show the URL and
        copy it as ``y`` copies. A browser on the terminal (``$BROWSER``, lynx ...)
        gets the terminal until it exits; others start in the background."""
        paper_id = self.current()
        if paper_id is None:
            return
        paper = self.library.paper(paper_id, with_abstract=False)
        url = pdf_url(paper) if pdf else page_url(paper)
        if not url:
            known_page = pdf and page_url(paper)
            self.notify("No PDF known for this paper; o opens its page" if known_page
                        else "No link known for this paper", severity="warning")
            return
        try:
            browser = find_browser()
        except NoBrowser:
            self.show_url(url, "No web browser here")
            return
        if not needs_terminal(browser):
            self.open_in_background(browser, url)
            return
        try:
            with self.app.suspend():
                opened = open_in(browser, url)
        except SuspendNotSupported:  # no terminal to hand over (tests, the web): run it beside the app
            self.open_in_background(browser, url)
            return
        self.opened(url, opened)

    @work(thread=True, group="browser")
    def open_in_background(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        """Start the browser in a worker thread: a launcher may take seconds."""
        opened = open_in(browser, url)
        self.app.call_from_thread(self.opened, url, opened)

    def opened(self, url: str, opened: bool) -> None:
        """Say the browser has the URL, or show and copy it when the browser failed."""
        if opened:
            self.notify(url, title="Opened in the browser", markup=False)
        else:
            self.show_url(url, "The browser did not start")

    def show_url(self, url: str, why: str) -> None:
        """Show ``url`` in a notification and copy it (as ``y`` does), saying ``why``."""
        try:
            where = copy_text(url, self.app.copy_to_clipboard)
        except ReadlistError as error:
            self.notify(f"{url}\nNot copied: {error}", title=why, severity="warning", timeout=20, markup=False)
            return
        self.notify(f"{url}\n{where}", title=why, severity="warning", timeout=20, markup=False)

    # -- copying and exporting ---------------------------------------------------

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
                self.notify(str(error), title="Not exported", severity="error", timeout=8, markup=False)
                return
            self.notify(message, title="Exported", markup=False)

        self.app.push_screen(
            PromptScreen(
                f"Export the {which} to",
                value=str(self.export_path),
                hint=".md notes or folder/ vault (papers with a note or tags) · .bib BibTeX · .json backup of all",
            ),
            done,
        )
