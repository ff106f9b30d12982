"""The list of papers: a Line-API widget that renders only the rows on screen.

A ``DataTable`` or ``ListView`` builds a widget or a row object per paper,
which takes seconds at tens of thousands of papers. :class:`PaperList` keeps
only the list of shown paper ids and draws each visible row on demand in
:meth:`render_line` (the Line API, https://textual.textualize.io/guide/widgets/#line-api),
so showing, filtering or scrolling costs the same at 100 or 100,000 papers.
"""

from __future__ import annotations

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

from store.library import Library
from store.models import Entry

#: Width of the read mark, date and votes columns, in cells.
MARK_WIDTH, DATE_WIDTH, VOTES_WIDTH = 3, 13, 5
#: Widest the tags column gets, in cells.
MAX_TAGS_WIDTH = 24


class PaperList(ScrollView, can_focus=True):
    """The shown papers, one row each: read mark, title, tags, date, votes.

    Give it the ids to show with :meth:`show`; it reads each visible row's
    entry from the library when drawing, so changes show on the next refresh.
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "Top", show=False, id="list.top"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom"),
        Binding("ctrl+d,pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("ctrl+u,pageup", "page_up", "Page up", show=False, id="list.page_up"),
    ]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--read",
        "paper-list--unread-mark",
        "paper-list--derived",
        "paper-list--tags",
        "paper-list--meta",
    }

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row in the shown ids."""

    class Highlighted(Message):
        """The highlighted paper changed (``paper_id`` is ``None`` when nothing is shown)."""

        def __init__(self, paper_id: str | None) -> None:
            self.paper_id = paper_id
            super().__init__()

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._library = library
        self._ids: list[str] = []

    # -- content -----------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        """The ids shown, in order (do not modify)."""
        return self._ids

    @property
    def highlighted(self) -> str | None:
        """The id of the highlighted paper, or ``None`` when the list is empty."""
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    def show(self, ids: list[str], *, keep: str | None = None) -> None:
        """Show these papers; the cursor stays on ``keep`` if shown, else goes to the top."""
        self._ids = ids
        self.virtual_size = Size(0, len(ids))
        index = ids.index(keep) if keep is not None and keep in ids else 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = index
        self.refresh()

    # -- cursor ------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, value: int) -> None:
        self._scroll_cursor_into_view()
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
        entry = self._library.entry(self._ids[row], with_abstract=False)
        segments = self._row_segments(entry, width, base)
        if row == self.cursor:
            cursor = self.get_component_rich_style("paper-list--cursor")
            if not self.has_focus:
                cursor = Style(bgcolor=cursor.bgcolor, dim=False)
            segments = list(Segment.apply_style(segments, post_style=cursor))
        return Strip(segments).adjust_cell_length(width, base)

    def _row_segments(self, entry: Entry, width: int, base: Style) -> list[Segment]:
        style = self.get_component_rich_style
        paper = entry.paper
        tags = " ".join(f"#{tag}" for tag in entry.tags)
        tags_width = min(cell_len(tags), MAX_TAGS_WIDTH, max(0, width // 4))
        votes = f"▲{paper.votes}" if paper.votes is not None else ""
        title_width = max(8, width - MARK_WIDTH - DATE_WIDTH - VOTES_WIDTH - tags_width - 2)
        title_style = style("paper-list--derived") if entry.title_is_derived else Style()
        if entry.read:
            mark, mark_style = " ✓ ", style("paper-list--read")
            title_style += style("paper-list--read")
        else:
            mark, mark_style = " • ", style("paper-list--unread-mark")
        segments = [
            Segment(mark, base + mark_style),
            Segment(set_cell_size(_fit(entry.title, title_width), title_width), base + title_style),
        ]
        if tags_width:
            tags_cell = " " + set_cell_size(_fit(tags, tags_width), tags_width) + " "
            segments.append(Segment(tags_cell, base + style("paper-list--tags")))
        meta = set_cell_size(paper.date, DATE_WIDTH) + votes.rjust(VOTES_WIDTH)
        segments.append(Segment(" " + meta, base + style("paper-list--meta")))
        return segments


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when too long."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)) + "…"
