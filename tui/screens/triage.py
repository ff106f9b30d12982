"""Triage: one paper at a time, one key per decision.

The reader sees the title large, the metadata and the full abstract, with a
progress bar, and decides with one key: queue (``a``/``l``), skip (``x``),
read now (``r``), or a priority (``1``-``3``, which also queues). Each
decision is saved at once and shows the next paper; ``k`` goes back, ``u``
undoes the last decision (and shows that paper again), ``q`` stops. The
session is saved after every step: ``T`` resumes it, also after a restart.
An end screen sums up what was decided.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, ProgressBar, Static

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.triage import TriageSession
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.screens.base import PaperScreen
from readlist.tui.screens.once import DismissOnce
from readlist.tui.widgets.detail_pane import meta_text
from readlist.tui.widgets.footer import FittingFooter
from readlist.tui.widgets.waiting_line import WaitingLine


class TriageScreen(DismissOnce, LibraryListener, PaperScreen):
    """Triage the papers of ``session``, one at a time.

    Args:
        library: the library.
        session: the papers and the decisions so far (kept in the library's
            settings after every step).
        resumed: the session was saved before (the screen says so).
    """

    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="app.help", tooltip="Show every key"),
        Binding("a,l", "decide('to-read')", "Queue", id="triage.queue", tooltip="Queue to read, next paper"),
        Binding("x", "decide('skipped')", "Skip", id="triage.skip", tooltip="Skip (hidden, never deleted), next"),
        Binding("r", "decide('read')", "Read", id="triage.read", tooltip="Mark read, next paper"),
        Binding("1", "decide('to-read', 1)", "P1", id="triage.priority1", tooltip="Queue with priority 1, next"),
        Binding("2", "decide('to-read', 2)", "P2", id="triage.priority2", tooltip="Queue with priority 2, next"),
        Binding("3", "decide('to-read', 3)", "P3", id="triage.priority3", tooltip="Queue with priority 3, next"),
        Binding("t", "tags", "Tags", id="triage.tags", tooltip="Edit the tags (stay on this paper)"),
        Binding("n", "note", "Note", id="triage.note", tooltip="Write a note (stay on this paper)"),
        Binding("N", "note_in_editor", "Note in $EDITOR", show=False, id="triage.note_editor",
                tooltip="Edit the note in $VISUAL or $EDITOR"),
        Binding("k,left", "back", "Back", id="triage.back", tooltip="Back to the previous paper"),
        Binding("j,right", "forward", "Later", show=False, id="triage.later",
                tooltip="Next paper without deciding"),
        Binding("u", "undo", "Undo", id="triage.undo", tooltip="Undo the last decision and show that paper"),
        Binding("q,escape", "quit_triage", "Stop", id="triage.quit", tooltip="Stop; T resumes where you stopped"),
        Binding("J,ctrl+e", "scroll_abstract(1)", "Abstract down", show=False, id="triage.abstract_down",
                tooltip="Scroll the abstract down a line"),
        Binding("K,ctrl+y", "scroll_abstract(-1)", "Abstract up", show=False, id="triage.abstract_up",
                tooltip="Scroll the abstract up a line"),
        Binding("ctrl+d", "scroll_abstract_pages(0.5)", "Half page down", show=False,
                id="triage.half_page_down", tooltip="Scroll the abstract down half a page"),
        Binding("ctrl+u", "scroll_abstract_pages(-0.5)", "Half page up", show=False,
                id="triage.half_page_up", tooltip="Scroll the abstract up half a page"),
        Binding("D", "drop", "Drop session", show=False, id="triage.drop",
                tooltip="Stop and forget this session (decisions stay); T then starts a new one"),
    ]

    def __init__(self, library: Library, session: TriageSession, *, resumed: bool = False) -> None:
        super().__init__(library)
        self.session = session
        self.resumed = resumed

    def compose(self) -> ComposeResult:
        yield Header()
        yield WaitingLine(id="waiting")
        with Vertical(id="triage"):
            yield Static(id="triage-progress-label")
            yield ProgressBar(total=max(1, len(self.session.ids)), show_eta=False, id="triage-progress")
            yield Static(id="triage-title")
            yield Static(id="triage-meta")
            with VerticalScroll(id="triage-body"):
                yield Static(id="triage-abstract")
            yield Static(id="triage-summary")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.title = "readlist — triage"
        if self.resumed:
            self.notify(f"Resuming triage at {self.session.position + 1} of {len(self.session.ids)} "
                        "(D drops it to start anew)")
        self.show_current()

    # -- PaperScreen -------------------------------------------------------------

    def targets(self) -> list[str]:
        current = self.session.current
        return [current] if current else []

    def on_library_changed(self, message: LibraryChanged) -> None:
        if message.scope != "settings":
            self.show_current()

    # -- showing -----------------------------------------------------------------

    def show_current(self) -> None:
        """Show the current paper, or the summary once every paper was seen."""
        session = self.session
        total = len(session.ids)
        self.query_one(ProgressBar).update(total=max(1, total), progress=min(session.position, total))
        label = self.query_one("#triage-progress-label", Static)
        paper_id = session.current
        summary = self.query_one("#triage-summary", Static)
        if paper_id is None:
            label.update(Text(f"{total} / {total} · done", style="bold"))
            self.sub_title = "done"
            self.query_one("#triage-title", Static).update(Text("Triage done", style="bold"))
            self.query_one("#triage-meta", Static).update("")
            self.query_one("#triage-abstract", Static).update("")
            counts = session.summary()
            lines = [f"{count:4}  {decision}" for decision, count in counts.most_common()]
            summary.update(Text("What you decided\n\n" + "\n".join(lines) + "\n\nq or Esc to go back"))
            summary.display = True
            self.query_one("#triage-body").display = False
            return
        summary.display = False
        self.query_one("#triage-body").display = True
        decided = len(session.decisions)
        self.sub_title = f"{session.position + 1} / {total}"
        label.update(Text(f"{session.position + 1} / {total} · {decided} decided", style="bold"))
        entry = self.library.entry(paper_id, with_abstract=self.library.abstracts_ready)
        self.query_one("#triage-title", Static).update(Text(entry.title))
        details = meta_text(entry)
        if entry.tags:
            details += "\nTags: " + " ".join(f"#{tag}" for tag in entry.tags)
        if entry.note.strip():
            details += "\nNote: " + entry.note.strip()
        if paper_id in session.decisions:
            details += f"\nDecided: {session.decisions[paper_id]}"
        self.query_one("#triage-meta", Static).update(Text(details))
        abstract = entry.paper.abstract if self.library.abstracts_ready else "(loading…)"
        self.query_one("#triage-abstract", Static).update(Text(abstract or "(no abstract)"))
        self.query_one("#triage-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    def save(self) -> None:
        """Keep the session in the library (or forget it once done), after the
        changes waiting to be saved; what is stored then is the session as it is
        at that moment."""
        self.app.saver.save(lambda: self.app.settings.set_triage(self.session), what="the triage position",
                            title="Triage position not saved")

    # -- actions -----------------------------------------------------------------

    def action_decide(self, status: str, priority: int | None = None) -> None:
        paper_id = self.session.current
        if paper_id is None:
            return
        decision = status + (f" P{priority}" if priority else "")
        outcome = self.attempt(lambda: self.library.decide(paper_id, Status(status), priority),
                               f"{decision}: {self.which([paper_id])}",
                               undone=lambda: self._not_decided(paper_id))
        if outcome == "failed" and self.library.state(paper_id).status != Status(status):
            return  # not saved: stay on the paper
        self.session.decide(decision)  # queued: go on at once, it is saved in order
        self.save()
        self.show_current()

    def action_back(self) -> None:
        self.session.back()
        self.save()
        self.show_current()

    def action_forward(self) -> None:
        self.session.forward()
        self.save()
        self.show_current()

    def _not_decided(self, paper_id: str) -> None:
        """A queued decision could not be saved: the paper is undecided again (reported by the saver)."""
        self.session.revisit(paper_id)
        self.save()
        if self.is_attached:
            self.show_current()

    def action_scroll_abstract(self, lines: int) -> None:
        """Scroll the abstract by ``lines`` lines (negative: up)."""
        # immediate: keys arriving together each scroll from where the last one left it
        self.query_one("#triage-body", VerticalScroll).scroll_relative(y=lines, animate=False, immediate=True)

    def action_scroll_abstract_pages(self, pages: float) -> None:
        """Scroll the abstract by ``pages`` of its height (negative: up), at least a line."""
        body = self.query_one("#triage-body", VerticalScroll)
        lines = int(body.scrollable_content_region.height * pages) or (1 if pages > 0 else -1)
        body.scroll_relative(y=lines, animate=False, immediate=True)

    def action_undo(self) -> None:
        def done(result) -> None:
            if result is None:
                self.notify("Nothing to undo", severity="warning")
                return
            change, conflicts = result
            for paper_id in change.ids:
                self.session.revisit(paper_id)
            self.save()
            self.app.notify_undo(change, conflicts, undone=True)
            self.app.announce(change)

        self.app.saver.save(self.library.undo, done, what="undo", title="Not undone")

    def action_tags(self) -> None:
        if self.session.current:
            self.edit_tags()

    def action_note(self) -> None:
        if self.session.current:
            self.edit_note(self.session.current)

    def action_note_in_editor(self) -> None:
        if self.session.current:
            self.edit_note_in_editor(self.session.current)

    def action_quit_triage(self) -> None:
        self.save()
        self.dismiss(None)

    def action_drop(self) -> None:
        self.app.saver.save(lambda: self.app.settings.set_triage(None), what="dropping the triage session",
                            title="Not dropped")
        self.dismiss(None)
