"""vim keys for Textual's own lists and trees: ``j`` ``k`` down / up, ``g`` ``G``
top / bottom, ``ctrl+d`` ``ctrl+u`` half a page; ``Enter`` chooses (Textual's).

Each place gets its own binding ids (``sidebar.down``, ``import.tree_down`` …)
so ``config.toml`` can remap them one by one (:func:`vim_bindings`). These are
widget bindings, active only while the list or tree has focus: an input box
beside it still takes ``j`` as a letter.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DirectoryTree, OptionList


def vim_bindings(prefix: str, *, down: str = "cursor_down", up: str = "cursor_up", top: str = "first",
                 bottom: str = "last", what: str = "entry") -> list[Binding]:
    """The six vim moves as bindings with ids ``<prefix>.down`` … ``<prefix>.half_page_up``.

    Args:
        prefix: the ids' prefix (where the keys work).
        down, up, top, bottom: the actions they run (the half pages run
            ``half_page_down`` / ``half_page_up``).
        what: what moves, for the help texts ("entry", "line").
    """
    return [
        Binding("j", down, "Down", show=False, id=f"{prefix}.down", tooltip=f"Next {what}"),
        Binding("k", up, "Up", show=False, id=f"{prefix}.up", tooltip=f"Previous {what}"),
        Binding("g", top, "Top", show=False, id=f"{prefix}.top", tooltip="To the top"),
        Binding("G", bottom, "Bottom", show=False, id=f"{prefix}.bottom", tooltip="To the bottom"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id=f"{prefix}.half_page_down",
                tooltip="Half a page down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id=f"{prefix}.half_page_up",
                tooltip="Half a page up"),
    ]


def _half_page(height: int) -> int:
    return max(1, height // 2)


class VimOptionList(OptionList):
    """An :class:`~textual.widgets.OptionList` with vim keys (ids ``<vim_prefix>.…``).

    A subclass sets ``BINDINGS = vim_bindings("its-prefix")``.
    """

    BINDINGS = vim_bindings("options")

    def action_half_page_down(self) -> None:
        """Move the highlight half a page down (disabled options skipped, as ``↓`` does)."""
        for _ in range(_half_page(self.scrollable_content_region.height)):
            self.action_cursor_down()

    def action_half_page_up(self) -> None:
        """Move the highlight half a page up."""
        for _ in range(_half_page(self.scrollable_content_region.height)):
            self.action_cursor_up()


class VimDirectoryTree(DirectoryTree):
    """A :class:`~textual.widgets.DirectoryTree` with vim keys (ids ``import.tree_…``)."""

    BINDINGS = vim_bindings("import.tree", top="scroll_home", bottom="scroll_end", what="file or folder")

    def action_scroll_home(self) -> None:
        """The cursor to the first line (and the view with it)."""
        self.cursor_line = 0
        self.scroll_to_line(0)

    def action_scroll_end(self) -> None:
        """The cursor to the last line (and the view with it)."""
        self.cursor_line = self.last_line
        self.scroll_to_line(self.cursor_line)

    def action_half_page_down(self) -> None:
        """The cursor half a page down."""
        self.cursor_line = min(self.last_line, self.cursor_line + _half_page(self.scrollable_content_region.height))
        self.scroll_to_line(self.cursor_line)

    def action_half_page_up(self) -> None:
        """The cursor half a page up."""
        self.cursor_line = max(0, self.cursor_line - _half_page(self.scrollable_content_region.height))
        self.scroll_to_line(self.cursor_line)
