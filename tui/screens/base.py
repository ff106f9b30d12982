"""What every screen that shows papers can do to them: the shared actions.

:class:`PaperScreen` holds the flows the library and triage screens share:
changing statuses and priorities (asking first when many papers change),
editing tags, notes (in the app or in ``$EDITOR``) and titles. Every change
goes to the library (and so to disk) through the app's saver (:mod:`tui.saving`):
at once, or, while another readlist holds the library's lock, queued in the
order typed and saved by a worker thread when the lock frees. Each saved change
is announced with :meth:`ReadlistApp.announce <readlist.tui.app.ReadlistApp.announce>`,
which updates every widget that shows it. A subclass says which papers an
action targets with :meth:`targets`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.screen import Screen
from textual.suggester import Suggester

from readlist.store.changes import Change
from readlist.store.errors import ReadlistError
from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.tags import describe_tags
from readlist.store.text import plural, trim_note
from readlist.tui.editor import edit_text
from readlist.tui.saving import Outcome
from readlist.tui.screens.confirm import ConfirmScreen
from readlist.tui.screens.edit_note import NoteEditorScreen
from readlist.tui.screens.prompt import PromptScreen

#: A change of more papers than this asks for confirmation first.
CONFIRM_ABOVE = 5

_LAST_WORD = re.compile(r"[^\s,]*$")


class TagSuggester(Suggester):
    """Completes the tag being typed (after ``+``, ``-``, a comma or a space)
    from the library's existing tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = sorted(tags)

    async def get_suggestion(self, value: str) -> str | None:
        word = _LAST_WORD.search(value).group()
        prefix = word.lstrip("+-#").casefold()
        if not prefix:
            return None
        for tag in self.tags:
            if tag.startswith(prefix) and tag != prefix:
                return value + tag[len(prefix):]
        return None


class PaperScreen(Screen[None]):
    """A screen showing papers of ``library`` that the reader can change."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    # -- to override -------------------------------------------------------------

    def targets(self) -> list[str]:
        """The papers an action applies to (the current one, or a selection)."""
        raise NotImplementedError

    # -- changing ----------------------------------------------------------------

    def attempt(self, make_change: Callable[[], Change], what: str, *,
                then: Callable[[Change], None] | None = None,
                undone: Callable[[], None] | None = None) -> Outcome:
        """Save a library change and announce it; never blocks on the lock, never crashes.

        Args:
            make_change: the library call; runs now, or later in the saving
                worker when another readlist holds the lock (:mod:`tui.saving`).
            what: the change in a few words (the report names it if it is not saved).
            then: called with the change once it is saved and announced.
            undone: called if a queued change could not be saved in the end.

        Returns:
            ``"saved"``, ``"queued"`` or ``"failed"`` (reported, and the screen
            shows what is really stored).
        """
        def done(change: Change) -> None:
            self.app.announce(change)
            if then is not None:
                then(change)

        return self.app.saver.save(make_change, done, what=what, undone=undone)

    def which(self, ids: list[str]) -> str:
        """The papers ``ids`` in a few words: the title of one, or how many."""
        return f"“{self.library.title_of(ids[0])}”" if len(ids) == 1 else plural(len(ids), "paper")

    def apply(self, ids: list[str], make_change: Callable[[list[str]], Change], what: str) -> None:
        """Change ``ids`` now, or after a yes when they are more than :data:`CONFIRM_ABOVE`."""
        if not ids:
            self.notify("No paper here: clear the filter with Esc.", severity="warning")
            return
        if len(ids) <= CONFIRM_ABOVE:
            self.attempt(lambda: make_change(ids), f"{what} {self.which(ids)}")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: make_change(ids), f"{what} {self.which(ids)}",
                             then=lambda change: self.notify(f"{change.description} (u undoes it)", title="Done"))

        self.app.push_screen(ConfirmScreen(f"{what} {plural(len(ids), 'paper')}?"), answered)

    def toggle_read(self) -> None:
        """Mark the target papers read; one paper that is read goes back to its status before."""
        ids = self.targets()
        if len(ids) == 1:
            self.attempt(lambda: self.library.toggle_read(ids[0]), f"Read/unread {self.which(ids)}")
        else:
            self.apply(ids, lambda ids: self.library.set_status(ids, Status.READ), "Mark as read")

    def set_status(self, status: Status) -> None:
        """Give the target papers ``status``."""
        self.apply(self.targets(), lambda ids: self.library.set_status(ids, status), f"Mark as {status}")

    def cycle_priority(self) -> None:
        """Next priority for the target papers: none, 1, 2, 3, none ... The next one
        is worked out when the change is saved, so ``p p`` typed while changes wait
        for the lock still goes two steps."""
        ids = self.targets()
        if ids:
            priority = (self.library.state(ids[0]).priority + 1) % 4  # for the question only

            def change(ids: list[str]) -> Change:
                return self.library.set_priority(ids, (self.library.state(ids[0]).priority + 1) % 4)

            self.apply(ids, change, f"Set priority {priority} on")

    def edit_tags(self) -> None:
        """Ask for a tag edit and apply it to the target papers."""
        ids = self.targets()
        if not ids:
            self.notify("No paper here: clear the filter with Esc.", severity="warning")
            return
        if len(ids) == 1:
            title = f"Tags of {self.library.title_of(ids[0])}"
            value = describe_tags(self.library.state(ids[0]).tags)
        else:
            title, value = f"Tags of {plural(len(ids), 'marked paper')}: +tag adds, -tag removes", ""

        def done(edit: str | None) -> None:
            if edit is not None and (len(ids) == 1 or edit.strip()):
                self.apply(ids, lambda ids: self.library.edit_tags(ids, edit), "Change the tags of")

        self.app.push_screen(
            PromptScreen(
                title, value=value, hint="rl, video = these tags · +rl -video = add/remove",
                suggester=TagSuggester(list(self.library.tag_counts())),
            ),
            done,
        )

    def edit_note(self, paper_id: str) -> None:
        """Open the note editor on a paper's note."""
        entry = self.library.entry(paper_id, with_abstract=False)

        def done(note: str | None) -> None:
            if note is not None:
                trimmed = trim_note(note)
                self.attempt(lambda: self.library.set_note(paper_id, trimmed), f"Note on {self.which([paper_id])}")

        self.app.push_screen(NoteEditorScreen(entry.title, entry.note), done)

    def edit_note_in_editor(self, paper_id: str) -> None:
        """Edit a paper's note in ``$VISUAL``/``$EDITOR`` (else ``vi``, else ``nano``)."""
        try:
            note = edit_text(self.app, self.library.state(paper_id).note)
        except ReadlistError as error:
            self.notify(str(error), title="Note not changed", severity="error", timeout=8)
            return
        finally:
            self.refresh()
        self.attempt(lambda: self.library.set_note(paper_id, note), f"Note on {self.which([paper_id])}")

    def edit_title(self, paper_id: str) -> None:
        """Ask for the reader's own title of a paper."""
        paper = self.library.paper(paper_id, with_abstract=False)

        def done(title: str | None) -> None:
            if title is not None:
                self.attempt(lambda: self.library.set_title(paper_id, title), f"Title of {self.which([paper_id])}")

        self.app.push_screen(
            PromptScreen("Title", value=self.library.title_of(paper_id),
                         hint=f"empty = the catalogue's: {paper.title}"),
            done,
        )
