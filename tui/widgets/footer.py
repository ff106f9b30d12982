"""A footer that shows only the keys that fit, instead of cutting the last one.

Textual's :class:`~textual.widgets.Footer` lays its keys out in binding order
and clips whatever passes the right edge (at 80 columns ``T Tr``). This footer
yields keys in the same order while they fit on one line and drops the rest,
so the bindings listed first (``?`` for help is first on every screen) are
always shown whole; ``^p Commands`` joins them from :data:`PALETTE_WIDTH`
columns on. It composes again whenever its width changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Columns kept free for the docked ``^p Commands`` key when it is shown.
COMMAND_PALETTE_CELLS = 14
#: The footer shows ``^p Commands`` from this many columns on (below, the keys need the room).
PALETTE_WIDTH = 120


def key_cells(key: FooterKey, *, compact: bool) -> int:
    """Columns one footer key takes without its margin, as Textual's footer CSS lays it out.

    Compact: key, a space, the description. Otherwise padded: `` key desc ``.
    """
    cells = cell_len(key.key_display)
    if key.description:
        cells += 1 + cell_len(key.description)
    return cells if compact else cells + 2


class FittingFooter(Footer):
    """A :class:`~textual.widgets.Footer` that shows the leading keys that fit its width."""

    def compose(self) -> ComposeResult:
        width = self.size.width or self.app.size.width
        room = width - (COMMAND_PALETTE_CELLS if self.show_command_palette else 0)
        margin = 1 if self.compact else 0  # Footer.-compact FooterKey { margin-right: 1 }
        used = 0
        fits = True
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "-command-palette" not in widget.classes:
                used += (margin if used else 0) + key_cells(widget, compact=self.compact)
                fits = fits and used <= room
                if not fits:
                    continue
            yield widget

    _composed_width = 0

    def on_resize(self, event: events.Resize) -> None:
        """Compose again when the width changed (more or fewer keys fit)."""
        if event.size.width != self._composed_width:
            self._composed_width = event.size.width
            self.show_command_palette = event.size.width >= PALETTE_WIDTH
            self.refresh(recompose=True)
