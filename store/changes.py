"""Changes to the reader's state, and the undo/redo history of a session.

Every change the library makes to the reader's state (a status, tags, a note,
a title, or the same change on many papers at once) is one :class:`Change`:
the states of the papers before and after it. :class:`UndoHistory` keeps the
changes of a session in order; undoing writes the *before* states back,
redoing the *after* states, each as one change on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from readlist.store.models import ReaderState

#: Most changes an undo history keeps (the oldest are forgotten).
MAX_UNDO = 500


@dataclass(frozen=True)
class Change:
    """One change of the reader's state, on one or many papers.

    Attributes:
        description: what was done, for the reader ("marked read “Title”").
        before: the states of the changed papers before the change, by id.
        after: their states after it, by id (only papers that really changed).
    """

    description: str
    before: dict[str, ReaderState] = field(default_factory=dict)
    after: dict[str, ReaderState] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        """The ids of the papers changed."""
        return list(self.after)

    def __bool__(self) -> bool:
        return bool(self.after)

    def reversed(self) -> Change:
        """The change that undoes this one."""
        return Change(self.description, before=self.after, after=self.before)

    def to_doc(self) -> dict[str, Any]:
        """The change as JSON-ready data (:meth:`from_doc` reads it back)."""
        return {"description": self.description,
                "before": {pid: state.to_doc() for pid, state in self.before.items()},
                "after": {pid: state.to_doc() for pid, state in self.after.items()}}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Change:
        """A change as :meth:`to_doc` wrote it.

        Raises:
            ValueError: ``doc`` does not have that shape.
        """
        try:
            return cls(str(doc["description"]),
                       {pid: ReaderState.from_doc(d) for pid, d in doc["before"].items()},
                       {pid: ReaderState.from_doc(d) for pid, d in doc["after"].items()})
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a change: {error}") from None


@dataclass
class UndoHistory:
    """The changes of a session, for undo (newest last) and redo."""

    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def record(self, change: Change) -> None:
        """Remember a new change; it makes what was undone unredoable."""
        if change:
            self.done.append(change)
            del self.done[:-MAX_UNDO]
            self.undone.clear()

    def to_undo(self) -> Change | None:
        """The change :meth:`undo` would revert, or ``None``."""
        return self.done[-1] if self.done else None

    def to_redo(self) -> Change | None:
        """The change :meth:`redo` would apply again, or ``None``."""
        return self.undone[-1] if self.undone else None

    def undone_now(self) -> None:
        """Move the newest change to the redo stack (after it was reverted)."""
        self.undone.append(self.done.pop())

    def redone_now(self) -> None:
        """Move the newest undone change back to the undo stack (after it was reapplied)."""
        self.done.append(self.undone.pop())
