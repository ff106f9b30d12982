"""The command line's changes to the reader's state: tag, mark, priority, note.

::

    readlist tag QUERY... +a -b        add tag a, remove tag b, on every paper QUERY lists
    readlist mark STATUS QUERY...      new, to-read, reading, read or skipped
    readlist priority N QUERY...       1 (most urgent) to 3, or 0 / none
    readlist note ID [TEXT... | -]     set a paper's note (- reads it from stdin); no text prints it

QUERY picks the papers ``readlist list QUERY`` lists (skipped ones too only with
``status:skipped``, as there). Each change is one change of the library, kept
where the TUI finds it, so ``u`` there undoes it (:meth:`Settings.share_change
<readlist.store.settings.Settings.share_change>`). Each prints how many papers
changed; a query that matches nothing exits 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable

from readlist.store.changes import Change
from readlist.store.library import Library
from readlist.store.models import PRIORITIES, Status
from readlist.store.settings import Settings
from readlist.store.text import plural
from readlist.store.view import LibraryView

#: A tag edit on the command line: ``+tag`` or ``-tag`` (no colon: ``-status:read`` is a query term).
_TAG_EDIT = re.compile(r"^[+-][^\s:+-][^\s:]*$")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``tag``, ``mark``, ``priority`` and ``note`` to the ``readlist`` command."""
    tag = commands.add_parser("tag", help="add (+tag) and remove (-tag) tags on the papers a query lists",
                              description="The words starting with + or - at the end are the tag edits; "
                                          "the words before them are the query.")
    tag.add_argument("words", nargs="+", metavar="QUERY... +TAG -TAG")
    mark = commands.add_parser("mark", help="give the papers a query lists a status")
    mark.add_argument("status", choices=[str(s) for s in Status], metavar="STATUS",
                      help=", ".join(str(s) for s in Status))
    mark.add_argument("query", nargs="+")
    priority = commands.add_parser("priority", help="give the papers a query lists a priority (1-3, 0 for none)")
    priority.add_argument("priority", type=_priority, metavar="N")
    priority.add_argument("query", nargs="+")
    for command in (tag, mark, priority):
        command.add_argument("-n", "--dry-run", action="store_true",
                             help="list the papers it would change; change none")
    note = commands.add_parser("note", help="set a paper's note (- reads it from stdin); without text, print it")
    note.add_argument("paper", metavar="ID", help="its id (or the start of it), arXiv id or DOI")
    note.add_argument("text", nargs="*", help="the note; - reads it from stdin")


def run(library: Library, args: argparse.Namespace) -> int | None:
    """Run ``tag``, ``mark``, ``priority`` or ``note`` if that is the command; ``None`` otherwise."""
    if args.command == "tag":
        edits = []
        words = list(args.words)
        while words and _TAG_EDIT.match(words[-1]):
            edits.insert(0, words.pop())
        if not edits:
            print("readlist: tag needs tag edits at the end: readlist tag QUERY +tag -other", file=sys.stderr)
            return 2
        if not words:
            print("readlist: tag needs a query before the edits (the papers to tag)", file=sys.stderr)
            return 2
        return _apply(library, words, lambda ids: library.edit_tags(ids, " ".join(edits)), "tagged", args.dry_run)
    if args.command == "mark":
        return _apply(library, args.query, lambda ids: library.set_status(ids, Status(args.status)),
                      f"marked {args.status}", args.dry_run)
    if args.command == "priority":
        return _apply(library, args.query, lambda ids: library.set_priority(ids, args.priority),
                      f"gave priority {args.priority or 'none'} to", args.dry_run)
    if args.command == "note":
        return _note(library, args)
    return None


def _apply(library: Library, query: list[str], make_change: Callable[[list[str]], Change], verb: str,
           dry_run: bool) -> int:
    """Change the papers ``query`` lists (its words finished: no word is taken as being
    typed), or with ``dry_run`` list them; say how many changed."""
    view = LibraryView(library, once=True)
    view.set_query(" ".join(query) + " ")
    ids = view.shown
    if not ids:
        print(f"readlist: no paper matches {' '.join(query)!r}", file=sys.stderr)
        return 1
    if dry_run:
        for paper_id in ids:
            print(f"{paper_id}  {library.title_of(paper_id)}")
        print(f"would have {verb} up to {plural(len(ids), 'paper')} (dry run: nothing changed)", file=sys.stderr)
        return 0
    change: Change = make_change(ids)
    Settings(library).share_change(change)
    unchanged = len(ids) - len(change.after)
    tail = f" ({plural(unchanged, 'paper')} had it already)" if unchanged else ""
    undo = "; u in readlist undoes it" if change else ""
    print(f"{verb} {plural(len(change.after), 'paper')}{tail}{undo}")
    return 0


def _note(library: Library, args: argparse.Namespace) -> int:
    paper_id = library.find(args.paper)
    if not args.text:
        note = library.state(paper_id).note
        if note:
            sys.stdout.write(note + "\n")
        return 0
    text = sys.stdin.read() if args.text == ["-"] else " ".join(args.text)
    change = library.set_note(paper_id, text.rstrip())
    Settings(library).share_change(change)
    print(f"{'noted' if change else 'note unchanged:'} {paper_id}  {library.title_of(paper_id)}")
    return 0


def _priority(text: str) -> int:
    value = 0 if text.lower() == "none" else int(text) if text.isdigit() else -1
    if value not in PRIORITIES:
        raise argparse.ArgumentTypeError(f"expected a priority of {', '.join(map(str, PRIORITIES))} "
                                         f"(0 or none: no priority), got {text!r}")
    return value
