"""The list of papers: a Line-API widget that renders only the rows on screen.

A ``DataTable`` or ``ListView`` builds a widget or a row object per paper,
which takes seconds at tens of thousands of papers. :class:`PaperList` keeps
only the list of shown paper ids and draws each visible row on demand in
:meth:`render_line` (the Line API, https://textual.textualize.io/guide/widgets/#line-api),
so showing, filtering or scrolling costs the same at 100 or 100,000 papers.

It also holds the reader's selection: papers marked with ``space``, a range
marked with ``v`` (vim's visual mode: the range follows the cursor until
``v`` again), all shown papers with ``A``; ``Esc`` clears it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from readlist.store.library import Library
from readlist.store.models import STATUS_MARKS, Entry, Status
from readlist.store.view import LibraryView
from readlist.tui.messages import LibraryChanged, LibraryListener

#: Width of the selection and status-and-note columns, and the widest the
#: priority and date columns get, in cells.
SELECT_WIDTH, MARK_WIDTH, PRIORITY_WIDTH, DATE_WIDTH = 1, 3, 3, 13
#: Widest the tags column gets, in cells.
MAX_TAGS_WIDTH = 24
#: Cells the title keeps before a row's tags are shown in full; with less
#: room they shrink to their count (``#3``), and go when even that does not fit.
MIN_TITLE_WIDTH = 40
#: Shown after the status mark of a paper that has a note.
NOTE_MARK = "✎"


@dataclass(frozen=True)
class Columns:
    """How wide the optional columns are for the papers shown (0: no paper has one,
    the column takes no room).

    Attributes:
        priority: the priority column (``P1``).
        date: the date column, as wide as the longest date shown (at most :data:`DATE_WIDTH`).
        votes: the votes column, as wide as the most votes shown (``▲12``).
    """

    priority: int = 0
    date: int = 0
    votes: int = 0


def shown_columns(ids: list[str], library: Library) -> Columns:
    """The widths of the optional columns for the papers ``ids`` (see :class:`Columns`):
    the list asks for the rows on screen, so a column shows once a paper on
    screen has one. Reads the stored documents, not :class:`Paper` objects."""
    docs, states = library.stored_papers(), library.touched()
    priority = any(states[pid].priority for pid in ids if pid in states) if states else False
    date, votes = 0, None
    for pid in ids:
        doc = docs.get(pid)
        if doc is None:
            continue
        if (value := doc.get("date")) and (length := cell_len(value)) > date:
            date = min(length, DATE_WIDTH)
        if (count := doc.get("votes")) is not None and (votes is None or count > votes):
            votes = count
    return Columns(priority=PRIORITY_WIDTH if priority else 0, date=date,
                   votes=cell_len(f"▲{votes}") if votes is not None else 0)


class PaperList(LibraryListener, ScrollView, can_focus=True):
    """The shown papers, one row each: selection, status, note mark, priority, title, tags, date, votes.

    A column no paper on screen has (priority, date, votes) takes no room, and the
    title gets the rest; a row's tags shrink to their count (``#3``) when the
    title would have less than :data:`MIN_TITLE_WIDTH` cells.

    Give it the ids to show with :meth:`show` (what the view shows); it reads
    each visible row's entry from the library when drawing, so changes show on
    the next refresh, and after a change it shows the view's papers again when
    they are others or in another order.

    Args:
        view: the view whose papers it shows.
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "Top", show=False, id="list.top"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom"),
        Binding("ctrl+d,pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("ctrl+u,pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("space", "toggle_mark", "Mark", show=False, id="list.mark",
                tooltip="Mark or unmark the paper (bulk actions act on marked papers)"),
        Binding("v", "visual", "Range", show=False, id="list.range",
                tooltip="Start marking a range that follows the cursor; v again to stop"),
        Binding("A", "mark_all", "Mark all", show=False, id="list.mark_all", tooltip="Mark every shown paper"),
    ]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--marked",
        "paper-list--derived",
        "paper-list--tags",
        "paper-list--meta",
        "paper-list--note",
        "paper-list--priority",
        "paper-list--match",
        *(f"paper-list--{status.value}" for status in Status),
    }

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row in the shown ids."""

    class Highlighted(Message):
        """The highlighted paper changed (``paper_id`` is ``None`` when nothing is shown)."""

        def __init__(self, paper_id: str | None) -> None:
            self.paper_id = paper_id
            super().__init__()

    class MarksChanged(Message):
        """The set of marked papers changed."""

    def __init__(self, view: LibraryView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view = view
        self._library = view.library
        self._ids: list[str] = []
        self.marked: set[str] = set()
        """Ids of the papers the reader marked (they may be filtered out of view)."""
        self._anchor: int | None = None
        self._range: set[str] = set()
        self._match_words: frozenset[str] = frozenset()
        self._match_pattern: re.Pattern[str] | None = None
        self._columns = Columns()
        self._columns_of: tuple[list[str], int, int, int] | None = None

    @property
    def columns(self) -> Columns:
        """The widths of the optional columns for the rows on screen (recomputed
        when those rows or the library change)."""
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        key = (self._ids, self._library.generation, top, height)
        cached = self._columns_of
        if cached is None or cached[0] is not key[0] or cached[1:] != key[1:]:
            self._columns = shown_columns(self._ids[top:top + height], self._library)
            self._columns_of = key
        return self._columns

    @property
    def match_words(self) -> frozenset[str]:
        """Words the filter matched (the view's): shown highlighted in titles."""
        return self._view.words

    @property
    def match_pattern(self) -> re.Pattern[str] | None:
        """What the filter matched (the view's words), to highlight in titles."""
        if self._view.words is not self._match_words:
            self._match_words = self._view.words
            self._match_pattern = words_pattern(self._match_words)
        return self._match_pattern

    def on_library_changed(self, message: LibraryChanged) -> None:
        """Show the view's papers again if they changed, else redraw the rows
        (the cursor stays on its paper, or on its row if that paper left)."""
        if message.scope == "settings":
            return
        if self._view.shown is not self._ids:
            self.show(self._view.shown, keep=self.highlighted, keep_row=True)
        else:
            self.refresh()

    # -- content -----------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        """The ids shown, in order (do not modify)."""
        return self._ids

    @property
    def highlighted(self) -> str | None:
        """The id of the highlighted paper, or ``None`` when the list is empty."""
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    def show(self, ids: list[str], *, keep: str | None = None, keep_row: bool = False) -> None:
        """Show these papers. The cursor stays on ``keep`` if shown; else on the
        same row with ``keep_row`` (the next paper moves up), else at the top."""
        row, top = self.cursor, round(self.scroll_y)
        self._ids = ids
        self._anchor = None
        self.virtual_size = Size(0, len(ids))
        kept = keep is not None and keep in ids
        index = ids.index(keep) if kept else row if keep_row else 0
        staying = kept or keep_row
        self.scroll_to(y=top if staying else 0, animate=False, immediate=True)  # the rows around stay put
        self.cursor = index
        self.refresh()

    # -- selection ---------------------------------------------------------------

    @property
    def selection(self) -> list[str]:
        """The marked papers that are shown, in list order."""
        if not self.marked:
            return []
        return [paper_id for paper_id in self._ids if paper_id in self.marked]

    def clear_marks(self) -> bool:
        """Unmark everything (and leave range mode); True if anything was marked."""
        had = bool(self.marked) or self._anchor is not None
        self.marked.clear()
        self._anchor, self._range = None, set()
        self.refresh()
        self.post_message(self.MarksChanged())
        return had

    @property
    def in_range_mode(self) -> bool:
        """True while ``v`` range marking follows the cursor."""
        return self._anchor is not None

    def action_toggle_mark(self) -> None:
        paper_id = self.highlighted
        if paper_id is None:
            return
        self.marked.symmetric_difference_update({paper_id})
        self.post_message(self.MarksChanged())
        self.cursor += 1

    def action_visual(self) -> None:
        if self._anchor is None:
            self._anchor, self._range = self.cursor, set()
            self._extend_range()
        else:
            self._anchor, self._range = None, set()
            self.refresh()

    def action_mark_all(self) -> None:
        self.marked.update(self._ids)
        self.refresh()
        self.post_message(self.MarksChanged())

    def _extend_range(self) -> None:
        """Mark the rows between the anchor and the cursor (range mode)."""
        if self._anchor is None or not self._ids:
            return
        low, high = sorted((self._anchor, self.cursor))
        rows = set(self._ids[low:high + 1])
        self.marked.difference_update(self._range - rows)  # the range shrank
        self.marked.update(rows)
        self._range = rows
        self.post_message(self.MarksChanged())

    # -- cursor ------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, value: int) -> None:
        self._scroll_cursor_into_view()
        self._extend_range()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self._ids))
        self._scroll_cursor_into_view()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._ids) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: events.Click) -> None:
        row = event.y + round(self.scroll_y)
        if 0 <= row < len(self._ids):
            self.cursor = row

    # -- drawing -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Draw row ``y`` of the visible area."""
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_y)
        base = self.rich_style
        if row >= len(self._ids):
            return Strip.blank(width, base)
        paper_id = self._ids[row]
        if paper_id not in self._library:  # gone since it was shown (another process); the next change re-shows
            return Strip.blank(width, base)
        entry = self._library.entry(paper_id, with_abstract=False)
        marked = paper_id in self.marked
        if marked:
            base = base + self.get_component_rich_style("paper-list--marked")
        segments = self._row_segments(entry, width, base, marked)
        if row == self.cursor:
            cursor = self.get_component_rich_style("paper-list--cursor")
            if not self.has_focus:
                cursor = Style(bgcolor=cursor.bgcolor, dim=False)
            segments = list(Segment.apply_style(segments, post_style=cursor))
        return Strip(segments).adjust_cell_length(width, base)

    def _row_segments(self, entry: Entry, width: int, base: Style, marked: bool) -> list[Segment]:
        style = self.get_component_rich_style
        paper, status = entry.paper, entry.status
        columns = self.columns
        fixed = SELECT_WIDTH + MARK_WIDTH + columns.priority
        fixed += (columns.date + 1 if columns.date else 0) + (columns.votes + 1 if columns.votes else 0)
        rest = max(0, width - fixed)
        tags = row_tags(entry.tags, rest)
        title_width = max(0, rest - (cell_len(tags) + 1 if tags else 0))
        status_style = style(f"paper-list--{status.value}")
        title_style = style("paper-list--derived") if entry.title_is_derived else Style()
        if status in (Status.READ, Status.SKIPPED):
            title_style += status_style
        note = NOTE_MARK if entry.note.strip() else " "
        title = set_cell_size(_fit(entry.title, title_width), title_width)
        segments = [
            Segment("▌" if marked else " ", base + style("paper-list--marked")),
            Segment(STATUS_MARKS[status], base + status_style),
            Segment(note + " ", base + style("paper-list--note")),
        ]
        if columns.priority:
            priority = f"P{entry.state.priority}" if entry.state.priority else ""
            segments.append(Segment(priority.ljust(columns.priority), base + style("paper-list--priority")))
        segments += highlighted(title, self.match_pattern, base + title_style, style("paper-list--match"))
        if tags:
            segments.append(Segment(" " + tags, base + style("paper-list--tags")))
        meta = ""
        if columns.date:
            meta += " " + set_cell_size(paper.date, columns.date)
        if columns.votes:
            meta += " " + (f"▲{paper.votes}" if paper.votes is not None else "").rjust(columns.votes)
        if meta:
            segments.append(Segment(meta, base + style("paper-list--meta")))
        return segments


def row_tags(tags: tuple[str, ...] | list[str], room: int) -> str:
    """A row's tags for ``room`` cells of title and tags: ``"#rl #video"`` when the
    title keeps :data:`MIN_TITLE_WIDTH` cells (cut to :data:`MAX_TAGS_WIDTH`),
    else their count ``"#2"``, else ``""`` (also when there are none)."""
    if not tags:
        return ""
    full = " ".join(f"#{tag}" for tag in tags)
    spare = room - MIN_TITLE_WIDTH - 1  # the space before the tags
    if min(cell_len(full), MAX_TAGS_WIDTH) <= spare:
        return _fit(full, MAX_TAGS_WIDTH)
    count = f"#{len(tags)}"
    return count if cell_len(count) + 1 < room else ""


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when too long."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…"


def words_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern finding any of ``words`` (longest first), or ``None``."""
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def highlighted(text: str, pattern: re.Pattern[str] | None, style: Style, match: Style) -> list[Segment]:
    """``text`` as segments, the parts ``pattern`` finds in ``style + match``."""
    if pattern is None:
        return [Segment(text, style)]
    segments, last = [], 0
    for found in pattern.finditer(text):
        if found.start() > last:
            segments.append(Segment(text[last:found.start()], style))
        segments.append(Segment(found.group(), style + match))
        last = found.end()
    if last < len(text):
        segments.append(Segment(text[last:], style))
    return segments
