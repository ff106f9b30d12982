"""``m``: the papers most like one, with score and the terms they share.

The vectors (:mod:`store.recommend.vectors`) are built in a worker thread the
first time (the screen says ``finding similar papers…`` meanwhile); once built,
finding the neighbours of a paper takes milliseconds. ``Enter`` goes to the
paper in the library list; ``a``, ``x``, ``r``, ``t`` queue, skip, mark read
and tag it as they do in the list. A change of tags or titles changes the
vectors: the list is worked out again.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from readlist.store.library import Library
from readlist.store.models import STATUS_MARKS
from readlist.store.recommend.similar import NEIGHBOURS, Neighbour
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.screens.base import PaperScreen
from readlist.tui.screens.once import DismissOnce
from readlist.tui.widgets.vim import VimOptionList, vim_bindings
from readlist.tui.widgets.waiting_line import WaitingLine


class SimilarOptions(VimOptionList):
    """The similar papers, with vim keys (ids ``similar.…``)."""

    BINDINGS = vim_bindings("similar", what="paper")


class SimilarScreen(DismissOnce, LibraryListener, PaperScreen):
    """The :data:`~store.recommend.similar.NEIGHBOURS` papers most like ``paper_id``.

    Dismisses with the id of the paper to go to (``Enter``), or ``None``.

    Args:
        library: the library.
        paper_id: the paper whose neighbours are shown.
    """

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="similar.close", tooltip="Back to the list"),
        Binding("a", "status('to-read')", "Queue", id="similar.queue", tooltip="Queue the paper to read"),
        Binding("x", "status('skipped')", "Skip", id="similar.skip", tooltip="Skip the paper: hidden, never deleted"),
        Binding("r", "toggle_read", "Read", id="similar.read", tooltip="Mark read, or back to the status before"),
        Binding("t", "edit_tags", "Tags", id="similar.tags", tooltip="Edit the paper's tags"),
    ]

    def __init__(self, library: Library, paper_id: str) -> None:
        super().__init__(library)
        self.paper_id = paper_id
        self.neighbours: list[Neighbour] | None = None
        """The similar papers, once found."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield WaitingLine(id="waiting")
        yield Static(id="similar-title")
        yield Static(Text("finding similar papers…", style="dim"), id="similar-status")
        yield SimilarOptions(id="similar-options")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "readlist — more like this"
        self.query_one("#similar-title", Static).update(
            Text.assemble(("More like ", "bold"), (f"“{self.library.title_of(self.paper_id)}”", "bold")))
        self.query_one(SimilarOptions).focus()
        self.find()

    @work(thread=True, exclusive=True, group="similar")
    def find(self) -> None:
        """Find the neighbours in a worker (building the vectors first if needed)."""
        from readlist.store.recommend.similar import similar
        from readlist.store.recommend.vectors import vectors_for

        worker = get_current_worker()
        vectors = vectors_for(self.library, cancelled=lambda: worker.is_cancelled)
        if vectors is None or worker.is_cancelled or self.paper_id not in vectors.row_of:
            return
        neighbours = similar(vectors, self.paper_id, NEIGHBOURS)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_neighbours, neighbours)

    def show_neighbours(self, neighbours: list[Neighbour]) -> None:
        """List ``neighbours``, the highlight staying on the paper it was on."""
        self.neighbours = neighbours
        status = self.query_one("#similar-status", Static)
        status.update(Text("no paper shares a word with this one" if not neighbours else
                           "score: cosine similarity (0-1) · the shared words that count most", style="dim"))
        self.redraw()

    def redraw(self) -> None:
        """Draw the rows again (a status or title changed)."""
        if self.neighbours is None:
            return
        options = self.query_one(SimilarOptions)
        kept = self.highlighted_id()
        options.clear_options()
        options.add_options([self._option(n) for n in self.neighbours])
        ids = [n.id for n in self.neighbours]
        if ids:
            options.highlighted = ids.index(kept) if kept in ids else 0

    def _option(self, neighbour: Neighbour) -> Option:
        state = self.library.state(neighbour.id)
        prompt = Text.assemble((f"{neighbour.score:.2f} ", "bold"), f"{STATUS_MARKS[state.status]} ",
                               self.library.title_of(neighbour.id), "\n      ",
                               (" · ".join(neighbour.terms), "dim"))
        return Option(prompt, id=neighbour.id)

    def highlighted_id(self) -> str | None:
        """The id of the highlighted paper, or ``None``."""
        options = self.query_one(SimilarOptions)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    def targets(self) -> list[str]:
        """The highlighted paper."""
        paper_id = self.highlighted_id()
        return [paper_id] if paper_id else []

    def on_library_changed(self, message: LibraryChanged) -> None:
        from readlist.store.recommend.vectors import cached_vectors

        if message.scope in ("state", "all"):
            self.redraw()
            if self.neighbours is not None and cached_vectors(self.library) is None:
                self.find()  # a tag or title changed the vectors

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_status(self, status: str) -> None:
        from readlist.store.models import Status

        self.set_status(Status(status))

    def action_toggle_read(self) -> None:
        self.toggle_read()

    def action_edit_tags(self) -> None:
        self.edit_tags()

    def action_close(self) -> None:
        self.dismiss(None)
