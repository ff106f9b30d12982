"""How a change of the library reaches every widget that shows it.

A change made anywhere (a key, a bulk action, undo and redo, a triage
decision, an import finishing, another process's write read in from disk) is
announced once, with :meth:`ReadlistApp.announce <readlist.tui.app.ReadlistApp.announce>`:
the app first brings the store's :class:`~store.view.LibraryView` up to date,
then posts one :class:`LibraryChanged` to every :class:`LibraryListener` on
every screen of the stack. Each listener updates itself from the view (the list
re-shows what the view shows, the detail pane redraws its paper, the sidebar
recounts, the header re-reads the counts); no screen calls its widgets by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

from readlist.store.changes import Change

#: What a change touched: ``state`` the reader's state of the papers of the change;
#: ``all`` anything (papers added, another process's write, a failed write);
#: ``settings`` only settings (saved searches); ``abstracts`` the abstracts finished loading.
Scope = Literal["state", "all", "settings", "abstracts"]


@dataclass
class LibraryChanged(Message, bubble=False):
    """The library changed; the view (``app.view``) is already up to date.

    Attributes:
        change: the change of the reader's state, when one was made (``scope`` ``state``).
        scope: what may have changed (see :data:`Scope`).
    """

    change: Change | None = None
    scope: Scope = "all"


class LibraryListener:
    """A widget or screen that shows the library and handles :class:`LibraryChanged`
    (in ``on_library_changed``), updating itself from ``app.view``. A mixin: the
    app posts the message to every node that is one. It defines no handler of its
    own, since Textual calls the handler of every class in a widget's MRO."""
