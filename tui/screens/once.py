"""Screens that are dismissed at most once.

Keys typed ahead (a fast typist, a paste, keys queued while the app was busy)
can reach a dialog after it has answered: a second ``Enter`` posts a second
``Input.Submitted`` before the first one popped the dialog. Dismissing again
would run the result callback twice and pop the screen *under* the dialog
(``ScreenStackError: Can't pop screen`` when that is the last one).
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete


class DismissOnce:
    """A mixin for a screen (put it first): :meth:`dismiss` acts once, and only
    while the screen is on top. Not a ``Screen`` itself, so the screen's CSS type
    names (``ModalScreen`` ...) stay as they were."""

    _dismissed = False

    def dismiss(self, result=None) -> AwaitComplete:
        """Dismiss with ``result`` (see :meth:`textual.screen.Screen.dismiss`); a later
        call, or one while another screen is on top, does nothing."""
        if self._dismissed or not self.is_attached or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]
