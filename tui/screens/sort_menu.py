"""The ``s`` menu: the list's sort orders, one key each; dismisses with the order chosen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from readlist.store.recommend.foryou import tag_of
from readlist.store.sorting import SORT_HELP, SORTS
from readlist.tui.screens.once import DismissOnce
from readlist.tui.widgets.vim import VimOptionList, vim_bindings

#: The key choosing each order in the menu (mnemonic: its first letter, ``c`` for last change).
SORT_KEYS = {"added": "a", "date": "d", "votes": "v", "title": "t", "status": "s", "changed": "c",
             "for-you": "f"}
#: How each order is named in the menu and the header.
SORT_NAMES = {"added": "added", "date": "date", "votes": "votes", "title": "title", "status": "status",
              "changed": "last change", "for-you": "for you"}
#: What the menu dismisses with for "for you, by a tag" (the caller asks which tag).
FOR_A_TAG = "for-you:"

assert set(SORT_KEYS) == set(SORTS) and len(set(SORT_KEYS.values())) == len(SORTS)


def sort_label(order: str) -> str:
    """``"date ↓"`` for ``date``, ``"date ↑ (reversed)"`` for ``-date``, ``"for you #rl ↓"``
    for ``for-you:rl``: how the header names an order."""
    name = order.removeprefix("-")
    tag = tag_of(name)
    shown = f"for you #{tag}" if tag else SORT_NAMES.get(name, name)
    return f"{shown} {'↑ (reversed)' if order.startswith('-') else '↓'}"


class SortOptions(VimOptionList):
    """The menu's list of orders, with vim keys (ids ``sort.…``)."""

    BINDINGS = vim_bindings("sort", what="order")


class SortMenu(DismissOnce, ModalScreen[str | None]):
    """The sort orders, the current one marked; a letter or ``Enter`` chooses, ``Esc`` cancels.

    Dismisses with the chosen order's name (of :data:`store.sorting.SORTS`),
    :data:`FOR_A_TAG` for "for you, by a tag" (the caller asks for the tag), or
    ``None``. Choosing the current order keeps its direction (the caller decides).

    Args:
        current: the list's order now (maybe ``-``-prefixed).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="sort.cancel", tooltip="Close the menu, keep the order"),
        *(Binding(key, f"choose('{name}')", f"By {SORT_NAMES[name]}", show=False, id=f"sort.by_{name}",
                  tooltip=f"Sort by {SORT_NAMES[name]}: {SORT_HELP[name]}") for name, key in SORT_KEYS.items()),
        Binding("F", f"choose('{FOR_A_TAG}')", "For you, by a tag", show=False, id="sort.by_for_you_tag",
                tooltip="New papers most like the ones you gave a tag (asks which)"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current.removeprefix("-")
        options = []
        for name in SORTS:
            mark = "●" if name == current else " "
            direction = (" ↑" if self.current.startswith("-") else " ↓") if name == current else ""
            options.append(Option(Text.assemble((f"{mark} {self.app.keys_of(self._binding(name))}  ", "bold"),
                                                SORT_NAMES[name] + direction, (f"  {SORT_HELP[name]}", "dim")),
                                  id=name))
        tagged = tag_of(self.current)
        options.append(Option(Text.assemble((f"{'●' if tagged else ' '} {self.app.keys_of(self.BINDINGS[-1])}  ",
                                             "bold"), f"for you #{tagged}" if tagged else "for you, by a tag…",
                                            ("  new papers most like those with the tag", "dim")), id=FOR_A_TAG))
        with Vertical(classes="dialog", id="sort-dialog"):
            yield Static(Text("Sort by"), classes="dialog-title")
            yield SortOptions(*options, id="sort-options")
            yield Static(Text("a letter or Enter chooses · S in the list reverses · Esc cancels"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(SortOptions)
        name = self.current.removeprefix("-")
        options.highlighted = SORTS.index(name) if name in SORTS else (len(SORTS) if tag_of(name) else 0)
        options.focus()

    def _binding(self, name: str) -> Binding:
        return next(b for b in self.BINDINGS if b.id == f"sort.by_{name}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option.id or "added")

    def action_choose(self, name: str) -> None:
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
