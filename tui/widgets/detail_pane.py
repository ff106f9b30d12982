"""The detail pane: everything about the highlighted paper."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from readlist.store.bundled import seed_names
from readlist.store.models import Entry, Paper, Status
from readlist.store.text import authors_text
from readlist.store.view import LibraryView
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.widgets.paper_list import words_pattern

#: How many author names the detail pane lists before "…".
AUTHORS_SHOWN = 6


class DetailPane(LibraryListener, VerticalScroll, can_focus=False):
    """Title, metadata, tags, keywords, note and full abstract of one paper.

    All text but the note is shown literally (as :class:`rich.text.Text`),
    never parsed as markup, so a title like ``Uni$\\textbf{F}^2$ace`` or
    ``[draft]`` shows as is. The note is the reader's Markdown, shown as
    Markdown (Textual's :class:`~textual.widgets.Markdown`). The list scrolls
    the pane with ``J``/``K`` (:meth:`scroll_lines`).

    Args:
        view: the view whose highlighted paper it shows (its words are highlighted).
    """

    COMPONENT_CLASSES = {"detail-pane--match"}

    def __init__(self, view: LibraryView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        self.paper_id: str | None = None
        """The paper shown, or ``None``."""
        self._note_shown: str | None = None

    def show_paper(self, paper_id: str | None) -> None:
        """Show the paper ``paper_id`` as the library holds it now (``None``: no
        paper is highlighted, and the pane says why)."""
        library = self.view.library
        moved = paper_id != self.paper_id
        self.paper_id = paper_id
        entry = None
        if paper_id is not None and paper_id in library:
            entry = library.entry(paper_id, with_abstract=library.abstracts_ready)
        empty = "No match yet: still searching…" if not self.view.complete else "No paper matches the filter."
        self.show(entry, abstract_pending=not library.abstracts_ready, words=self.view.words, empty=empty)
        if moved:
            self.scroll_home(animate=False, immediate=True)

    def on_library_changed(self, message: LibraryChanged) -> None:
        """Redraw the paper shown (its state or abstract may have changed)."""
        if message.scope != "settings":
            self.show_paper(self.paper_id)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-meta")
        yield Static(id="detail-why")
        yield Static(id="detail-tags")
        yield Static(id="detail-keywords")
        yield Static(id="detail-no-note")
        yield Markdown(id="detail-note", open_links=False)
        yield Static(id="detail-abstract")

    def show(self, entry: Entry | None, *, abstract_pending: bool = False,
             words: frozenset[str] = frozenset(), empty: str = "No paper matches the filter.") -> None:
        """Show ``entry``, or the hint ``empty`` when no paper is highlighted.

        With ``abstract_pending`` the abstract is still being loaded (big
        libraries load abstracts after start-up) and says so. ``words`` (what
        the filter matched) are highlighted in the title and abstract.
        """
        title = self.query_one("#detail-title", Static)
        meta = self.query_one("#detail-meta", Static)
        tags = self.query_one("#detail-tags", Static)
        keywords = self.query_one("#detail-keywords", Static)
        no_note = self.query_one("#detail-no-note", Static)
        note = self.query_one("#detail-note", Markdown)
        abstract = self.query_one("#detail-abstract", Static)
        if entry is None:
            title.update(Text(empty))
            self.query_one("#detail-why", Static).display = False
            for widget in (meta, tags, keywords, no_note, abstract):
                widget.update("")
            keywords.display = no_note.display = note.display = False
            self.show_note("")
            return
        pattern = words_pattern(words)
        match = self.get_component_rich_style("detail-pane--match")

        def marked(text: Text) -> Text:
            if pattern is not None:
                text.highlight_regex(pattern, style=match)
            return text

        heading = marked(Text(entry.title))
        if entry.title_is_derived:
            heading.append("  (title derived from the abstract; E to edit)", style="dim italic")
        title.update(heading)
        meta.update(Text(meta_text(entry)))
        why = self.query_one("#detail-why", Static)
        reason = self.why(entry)
        why.display = reason is not None
        why.update(reason or "")
        tags.update(Text("Tags: " + (" ".join(f"#{t}" for t in entry.tags) or "none (t to add)")))
        keywords.display = bool(entry.paper.keywords)
        keywords.update(Text("Keywords: " + ", ".join(entry.paper.keywords)))
        has_note = bool(entry.note.strip())
        note.display, no_note.display = has_note, not has_note
        no_note.update(Text("No note yet (n to write one).", style="dim"))
        self.show_note(entry.note if has_note else "")
        if abstract_pending:
            abstract.update(Text.assemble(("Abstract\n", "bold"), ("loading…", "dim")))
        else:
            abstract.update(marked(Text.assemble(("Abstract\n", "bold"), entry.paper.abstract or "(none)")))


    def why(self, entry: Entry) -> Text | None:
        """Why a new paper ranks where it does when the list is sorted for you
        (its score and the words that count most), else ``None``."""
        model = self.view.for_you()
        if model is None or entry.status != Status.NEW:
            return None
        if not model.trained:
            return Text(f"For you: {model.describe()}", style="dim")
        score = model.score(entry.id)
        reasons = model.reasons(entry.id)
        text = Text.assemble(("For you", "bold"), f": score {score:+.2f}" if score is not None else "")
        if reasons:
            text.append(" · because of ")
            text.append(", ".join(reasons), style="bold")
        text.append(f" ({model.describe()})", style="dim")
        return text

    def show_note(self, note: str) -> None:
        """Show ``note`` (Markdown) in the note box, unless it shows it already
        (re-parsing the same note on every redraw would flicker)."""
        if note != self._note_shown:
            self._note_shown = note
            self.query_one("#detail-note", Markdown).update(note)

    def scroll_lines(self, lines: int) -> None:
        """Scroll the pane ``lines`` down (up when negative), at once."""
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)


def meta_text(entry: Entry) -> str:
    """The paper's metadata, one item per line group.

    ``"to-read P1 · Oct 13 · HKUST · 9 authors · ▲3"`` (``12+ authors`` when the
    source's list ended in "et al."), then when known the
    authors (``"A. Vaswani, N. Shazeer, … (8 authors)"``), the venue, the
    link or DOI, and where and when the paper came in (:func:`origin_text`).
    """
    paper = entry.paper
    parts = [str(entry.status) + (f" P{entry.state.priority}" if entry.state.priority else "")]
    parts += [p for p in (paper.date, paper.org) if p]
    count = paper.authors_count or len(paper.authors)
    if count:
        parts.append(authors_text(count, paper.et_al))
    if paper.votes is not None:
        parts.append(f"▲{paper.votes}")
    lines = [" · ".join(parts)]
    if paper.authors:
        shown = ", ".join(paper.authors[:AUTHORS_SHOWN])
        lines.append(shown + (", …" if len(paper.authors) > AUTHORS_SHOWN else ""))
    if paper.venue:
        lines.append(paper.venue)
    if paper.link:
        lines.append(paper.link)
    if origin := origin_text(paper):
        lines.append(origin)
    return "\n".join(lines)


def origin_text(paper: Paper) -> str:
    """Where the paper came from and when it arrived: ``"from refs.bib (bibtex), added 2026-11-22"``,
    or ``"from the bundled catalogue"``."""
    if paper.source in seed_names():
        return "from the bundled catalogue"  # added when the library was made: nothing to tell
    if paper.source:
        where = f"from {paper.source}" + (f" ({paper.source_format})" if paper.source_format else "")
    else:
        where = ""
    day = f"added {paper.added[:10]}" if paper.added else ""
    return ", ".join(part for part in (where, day) if part)
