"""Text boxes whose keys apply in the order they were typed.

In Textual 8.2.8 an ``Input`` or ``TextArea`` inserts a printable character in
its own key handler, at once, but its bound keys (backspace, left/right,
home/end, ctrl+u, ctrl+w ...) bubble up, message queue by message queue, to
the app, which only then runs the binding's action. When keys arrive together
(fast typing, a paste, ssh or tmux sending several at once, a busy app) the
characters typed after an edit key overtake it: ``abc``, backspace, ``x``,
left, ``y`` gives ``abcx`` instead of ``abyx``, and ctrl+u followed by text
deletes the text (https://github.com/Textualize/textual/issues/6605).

:class:`OrderedKeys` runs the widget's own bindings in its key handler, in
order with the characters, as the unmerged upstream fix does
(https://github.com/Textualize/textual/pull/6631). What runs is what the app
would have run: the widget is the first namespace of the app's binding chain
(``App._check_bindings``), and the bindings are taken as the app takes them,
with the reader's keymap (``App.set_keymap``) applied. Priority bindings
(``priority=True``, such as ``/`` and the note editor's ``ctrl+s``) are left
alone: the app runs them before the widget ever sees the key. A key none of
the widget's bindings takes (or whose action is disabled by ``check_action``)
goes on as before, to the widget's own handling and then up to the screen and
the app, so bindings of the screen and app still work from inside the box.

Every text box of readlist is one of these: :class:`OrderedInput` and
:class:`OrderedTextArea` (Textual's command palette keeps its own ``Input``).
"""

from __future__ import annotations

from textual import events
from textual.binding import BindingsMap
from textual.widgets import Input, TextArea


class OrderedKeys:
    """Mixin for a text widget (``Input``, ``TextArea``), listed before it:
    ``class Box(OrderedKeys, Input)``. Its own bindings run as its keys arrive.

    Textual calls the ``_on_key`` of every class in the widget's MRO, this one
    first; it does not call ``super()._on_key`` for that reason.
    """

    def types_itself(self, event: events.Key) -> bool:
        """True for a key the widget's own key handler inserts (a printable
        character, or another key it consumes); bindings never get those."""
        return event.is_printable or self.check_consume_key(event.key, event.character)

    def own_bindings(self) -> BindingsMap:
        """The widget's bindings as the app would look them up: with the app's keymap applied."""
        bindings = self._bindings.copy()
        keymap = self.app._keymap  # what App.set_keymap set; Screen._binding_chain applies it the same way
        if keymap:
            bindings.apply_keymap(keymap)
        return bindings

    async def _on_key(self, event: events.Key) -> None:
        """Run the widget's own (non-priority) binding of the key now, or leave
        the key to the widget's handler (next in the MRO) and the app."""
        if self.types_itself(event):
            return
        for binding in self.own_bindings().key_to_bindings.get(event.key, ()):
            # App.run_action checks check_action, and says whether an action ran
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # the base handlers would see a key already handled
                self._restart_blink()  # what the base handler does for every key
                return


class OrderedInput(OrderedKeys, Input):
    """An ``Input`` whose editing keys apply in the order typed (see the module)."""


class OrderedTextArea(OrderedKeys, TextArea):
    """A ``TextArea`` whose editing keys apply in the order typed (see the module).

    Besides printable characters it inserts ``enter`` itself, and ``tab`` (and
    handles ``escape``) when its ``tab_behavior`` is ``"indent"``, as
    ``TextArea._on_key`` does.
    """

    def types_itself(self, event: events.Key) -> bool:
        if self.read_only:
            return False
        return (super().types_itself(event) or event.key == "enter"
                or (self.tab_behavior == "indent" and event.key in ("tab", "escape")))
