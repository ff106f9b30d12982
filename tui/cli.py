"""The ``readlist`` command: the TUI by default, and scriptable sub-commands.

::

    readlist                       open the library in the terminal UI
    readlist list [QUERY] [--json] [--all] [--sort ORDER] [--limit N]
                                   list the papers the TUI shows (matching QUERY, best first)
    readlist export [QUERY] [-o FILE] [--all] [--abstracts]
    readlist import FILE...        add papers from files
    readlist fetch [hf|arxiv ...]  fetch new papers (see tui/fetch_commands.py)
    readlist add ID_OR_URL...      add papers by arXiv id, DOI or URL
    readlist enrich [QUERY]        find arXiv ids and links for papers that have none
    readlist tag QUERY +a -b       tag, mark STATUS, priority N the papers QUERY lists;
    readlist note ID [TEXT | -]    note a paper (see tui/change_commands.py)
    readlist open ID [--pdf] [--print]
                                   open a paper's page (or PDF) in the web browser
    readlist similar ID [--limit N] [--json]
                                   the papers most like ID (see tui/recommend_commands.py)
    readlist stats [--json]        reading statistics
    readlist doctor                check the library's files and backups, change nothing
    readlist --home DIR ...        use the library in DIR ($READLIST_HOME)

Errors print one line on stderr and exit with status 1 (2 for usage errors).
Textual is imported only to start the UI, so the sub-commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from readlist.store import __version__
from readlist.store.atomic import write_atomic
from readlist.store.errors import ReadlistError, printable
from readlist.store.exporters.markdown import GROUPINGS
from readlist.store.exporting import FORMATS as EXPORT_FORMATS
from readlist.store.exporting import format_for, make_export
from readlist.store.library import Library
from readlist.store.links import doc_page_url
from readlist.store.models import STATUS_MARKS, Entry, ReaderState
from readlist.store.paths import default_home
from readlist.store.query import QueryError
from readlist.store.reading import check_target
from readlist.store.sorting import SORTS, is_sort
from readlist.store.text import plural
from readlist.store.view import LibraryView
from readlist.tui import change_commands, fetch_commands, recommend_commands


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``readlist`` command."""
    parser = argparse.ArgumentParser(
        prog="readlist",
        description="A keyboard-driven reading list for research papers.",
        epilog=f"With no command, opens the library in the terminal UI. Library: {default_home()}",
    )
    parser.add_argument("--version", action="version", version=f"readlist {__version__}")
    parser.add_argument(
        "--home", type=Path, metavar="DIR",
        help="library folder (default: $READLIST_HOME or the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "list", help="list the papers the TUI shows, optionally filtered by QUERY",
        description="Lists what the TUI's list shows for the same query: best matches first, skipped papers "
                    "left out (--all or status:skipped lists them).",
    )
    listing.add_argument("query", nargs="*", help="a query: words (fuzzy), \"phrases\", tag:x status:to-read "
                         "votes:>=3 date:2024 changed:<7d added:<7d source:zotero, OR, -word, ( ) (see the README)")
    listing.add_argument("--json", action="store_true", help="one JSON object per paper and line")
    listing.add_argument("--all", action="store_true", help="list skipped papers too")
    listing.add_argument("--sort", type=sort_order, default="added", metavar="ORDER",
                         help=f"{', '.join(SORTS)}, for-you:TAG; a leading - reverses (--sort=-date: oldest "
                              "first); default: best matches first, else as added")
    listing.add_argument("--limit", type=positive, metavar="N", help="list at most N papers")

    export = commands.add_parser(
        "export", help="export notes (Markdown), a vault folder, BibTeX, or a full JSON backup",
        description="markdown: one document of notes; vault: one Markdown file per paper in folder -o DIR; "
                    "bibtex: the papers as BibTeX; json: a backup of the whole library (readlist import restores it)",
    )
    export.add_argument("query", nargs="*", help="only papers matching this query (not for json)")
    export.add_argument("--format", choices=EXPORT_FORMATS,
                        help="default: from the -o path (folder/ vault, .bib, .json, else markdown), else markdown")
    export.add_argument("-o", "--output", metavar="PATH", help="file to write (folder for vault); default stdout")
    export.add_argument("--all", action="store_true",
                        help="markdown, vault: include papers without note or tags")
    export.add_argument("--abstracts", action="store_true", help="markdown: include abstracts as quotes")
    export.add_argument("--group-by", choices=GROUPINGS, help="markdown: group the papers by tag or status")

    importing = commands.add_parser(
        "import", help="add papers from files (BibTeX, RIS, CSL-JSON, Hugging Face and other JSON, Markdown lists …)")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE",
                           help="files, or folders: every file in them whose content is a known format")
    importing.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")
    fetch_commands.add_parsers(commands)
    change_commands.add_parsers(commands)
    recommend_commands.add_parsers(commands, positive)

    opening = commands.add_parser(
        "open", help="open a paper's page (arXiv, else DOI, else its link) or PDF in the web browser",
        description="Opens the paper in the browser $BROWSER names (else the system's). Where no browser can "
                    "start (e.g. over ssh), prints the URL, and copies it when there is a clipboard.",
    )
    opening.add_argument("paper", metavar="ID", help="the paper's id as `readlist list` prints it (or its start), "
                         "or the arXiv id or DOI of a paper in the library")
    opening.add_argument("--pdf", action="store_true", help="its PDF (arXiv's, else a .pdf link), not its page")
    opening.add_argument("--print", action="store_true", help="print the URL, open nothing")
    commands.add_parser("doctor", help="check every library file and backup, say what opening would restore; "
                        "changes nothing", description="Exit status 1 when something needs attention.")
    return parser


#: The commands whose last argument takes free words (a query, tag edits), and its name:
#: a word argparse takes for an option (``-status:read``, ``-video``) belongs there.
FREE_WORDS = {"list": "query", "export": "query", "enrich": "query", "mark": "query", "priority": "query",
              "tag": "words"}


def entry_json(paper_id: str, doc: Mapping[str, Any], state: ReaderState) -> dict:
    """The ``--json`` object of one paper, from its stored document (:meth:`Paper.to_doc`)
    and the reader's state of it."""
    return {
        "id": paper_id,
        "title": state.title or doc.get("title", ""),
        "status": str(state.status),
        "priority": state.priority or None,
        "tags": list(state.tags),
        "keywords": list(doc.get("keywords") or ()),
        "note": state.note,
        "date": doc.get("date", ""),
        "votes": doc.get("votes"),
        "org": doc.get("org", ""),
        "authors_count": doc.get("authors_count"),
        "et_al": bool(doc.get("et_al")),
        "link": doc_page_url(doc),
    }


def entry_line(paper_id: str, doc: Mapping[str, Any], state: ReaderState) -> str:
    """The plain-text line of one paper: id, status mark, title, (date, votes, tags), link."""
    votes = doc.get("votes")
    details = [d for d in (doc.get("date", ""), f"▲{votes}" if votes is not None else "") if d]
    details += [f"#{tag}" for tag in state.tags]
    mark = STATUS_MARKS[state.status]
    tail = f"  ({', '.join(details)})" if details else ""
    link = doc_page_url(doc)
    link = f"  {link}" if link else ""
    return f"{paper_id}  {mark} {state.title or doc.get('title', '')}{tail}{link}"


def sort_order(text: str) -> str:
    """An ``argparse`` type: a sort order of :mod:`store.sorting` (``-`` in front reverses)."""
    if not is_sort(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(SORTS)}, for-you:TAG "
                                         "(a leading - reverses)")
    return text


def positive(text: str) -> int:
    """An ``argparse`` type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def _matching(library: Library, words: list[str], *, with_abstract: bool = False) -> list[Entry]:
    """Entries matching the query words (all fields, abstracts too), best first,
    skipped ones too; every entry, in library order, without words."""
    view = LibraryView(library, show_skipped=True, once=True)
    view.set_query(" ".join(words))
    return list(library.entries(view.shown, with_abstract=with_abstract))


def run_list(library: Library, args: argparse.Namespace) -> int:
    """``readlist list``: print the papers the TUI would show for the query, in
    the same order (see :mod:`store.view`); say on stderr how many skipped ones
    were left out."""
    view = LibraryView(library, sort=args.sort, show_skipped=args.all, once=True)
    view.set_query(" ".join(args.query))
    shown = view.shown if args.limit is None else view.shown[:args.limit]
    if (model := view.for_you()) is not None:
        print(f"readlist: {args.sort.removeprefix('-')}: {model.describe()}", file=sys.stderr)
    docs, state = library.stored_papers(), library.state  # rows straight from the stored documents
    for start in range(0, len(shown), 1000):
        if args.json:
            rows = "".join(orjson.dumps(entry_json(pid, docs[pid], state(pid))).decode() + "\n"
                           for pid in shown[start:start + 1000])
        else:
            rows = "".join(entry_line(pid, docs[pid], state(pid)) + "\n" for pid in shown[start:start + 1000])
        sys.stdout.write(rows)
    sys.stdout.flush()
    if hidden := view.counts().hidden:
        print(f"readlist: {plural(hidden, 'skipped paper')} not listed (--all or status:skipped lists them)",
              file=sys.stderr)
    return 0


def run_export(library: Library, args: argparse.Namespace) -> int:
    """``readlist export``: notes, a vault, BibTeX or a backup, to a file, folder or stdout.

    Without a query the papers keep library order, so repeated exports diff cleanly.
    """
    fmt = args.format or (format_for(args.output) if args.output else "markdown")
    if fmt == "vault" and args.output is None and args.query:
        # `readlist export --format vault ~/notes/papers [QUERY]` or `... QUERY ./papers`
        folder = next((i for i in (0, -1) if _looks_like_a_folder(args.query[i])), None)
        if folder is not None:
            args.output = args.query.pop(folder)
    if fmt == "json" and args.query:
        print("readlist: a json backup holds the whole library: the query is ignored", file=sys.stderr)
    if fmt == "vault" and args.output is None:
        print("readlist: export --format vault needs the vault folder: -o DIR, or a path such as ./DIR or ~/DIR",
              file=sys.stderr)
        return 2
    with_abstract = args.abstracts or fmt == "bibtex"
    entries = _matching(library, args.query, with_abstract=with_abstract) if fmt != "json" else []
    output = Path(args.output).expanduser() if args.output else None
    if output is not None and fmt != "vault":
        check_target(output)  # never put a file in place of /dev/null, a FIFO, a socket
    if fmt == "vault":
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            print(f"readlist: cannot make the vault folder {printable(args.output)}: {error.strerror}",
                  file=sys.stderr)
            return 1
    result = make_export(library, entries, fmt, folder=output, everything=args.all,
                         abstracts=args.abstracts, group_by=args.group_by)
    if result.payload is None:
        print(f"vault {printable(args.output)}: {result.summary}", file=sys.stderr)
    elif output is None:
        sys.stdout.buffer.write(result.payload)
        sys.stdout.flush()
    else:
        write_atomic(output, result.payload)
        print(f"exported {fmt}: {result.summary} to {printable(args.output)}", file=sys.stderr)
    return 0


def _looks_like_a_folder(word: str) -> bool:
    """Whether a word after ``export --format vault`` is the vault's folder rather than a query term."""
    return "/" in word or word.startswith(("~", ".")) or os.path.isdir(word)


def run_import(library: Library, args: argparse.Namespace) -> int:
    """``readlist import``: add papers from each file (and each file in a folder)
    and report what happened.

    Shows a progress line on a terminal while big files are read. Returns 1
    when a file named could not be imported at all, else 0: a file found in a
    folder that holds no papers (a PDF, a README) is listed as skipped.
    """
    failed = False
    progress = _progress_line if sys.stderr.isatty() else None
    files, found = files_to_import(args.files)
    reports = library.import_files(files, dry_run=args.dry_run, progress=progress)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    for report in reports:
        if report.error is not None and Path(report.source) in found:
            print(f"skipped: {report.error}", file=sys.stderr)
            continue
        stream = sys.stderr if report.error else sys.stdout
        print(report.summary(), file=stream)
        for rejected in report.rejected:
            print(f"  rejected: {rejected}", file=sys.stderr)
        for warning in report.warnings:
            print(f"  warning: {warning}", file=sys.stderr)
        failed |= report.error is not None
    return 1 if failed else 0


def files_to_import(paths: Sequence[Path]) -> tuple[list[Path], set[Path]]:
    """The files to import for the paths given: each file, and every file under each
    folder (hidden ones and those in hidden folders left out), in name order.

    Returns:
        The files, and which of them were found in a folder (not named).
    """
    files: list[Path] = []
    found: set[Path] = set()
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for root, folders, names in os.walk(path):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    files.append(Path(root) / name)
                    found.add(files[-1])
    return files, found


def _progress_line(what: str, done: int, total: int) -> None:
    shown = f"{done}/{total}" if total else str(done)
    print(f"\r\033[K{what}: {shown}", end="", file=sys.stderr, flush=True)


def run_open(library: Library, args: argparse.Namespace) -> int:
    """``readlist open``: the paper's page (or PDF) in the web browser.

    Where no browser starts, the URL goes to stdout (and to the clipboard
    when pyperclip finds one) and the status is still 0. Returns 1 for a paper
    without such a link; an unknown ID raises (see :meth:`Library.find`).
    """
    from readlist.store.links import page_url, pdf_url
    from readlist.tui.browser import NoBrowser, find_browser, open_in

    paper = library.paper(library.find(args.paper), with_abstract=False)
    url = pdf_url(paper) if args.pdf else page_url(paper)
    if not url:
        if args.pdf and page_url(paper):
            print(f"readlist: no PDF known for paper {paper.id}; without --pdf it opens its page", file=sys.stderr)
        else:
            print(f"readlist: no link known for paper {paper.id}", file=sys.stderr)
        return 1
    if args.print:
        print(url)
        return 0
    try:
        opened, why = open_in(find_browser(), url), "the browser did not start"
    except NoBrowser as error:
        opened, why = False, str(error)
    if not opened:
        print(url)
        sys.stdout.flush()
        copied = "; the URL is copied to the clipboard" if _copy_quietly(url) else ""
        print(f"readlist: {why}{copied}", file=sys.stderr)
    return 0


def _copy_quietly(text: str) -> bool:
    """Put ``text`` on the system clipboard if there is one (pyperclip); False where there is none."""
    import pyperclip

    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return False
    return True


def run_tui(library: Library) -> int:
    """Open the terminal UI (imports Textual); without a terminal on stdin and
    stdout, say so in one line and return 2 instead of starting it."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("readlist: no terminal here for the reading list; use a command such as "
              "`readlist list` or `readlist export` (readlist --help lists them)", file=sys.stderr)
        return 2
    from readlist.tui.app import ReadlistApp

    ReadlistApp(library).run()
    return 0


def _in_typed_order(words: list[str], argv: Sequence[str]) -> list[str]:
    """``words`` (a query argparse split into known and unknown words) in the order they were typed."""
    left = Counter(words)
    typed = []
    for word in argv:
        if left[word]:
            left[word] -= 1
            typed.append(word)
    return typed


def _joined_sort_values(argv: list[str]) -> list[str]:
    """``--sort -date`` as ``--sort=-date``: argparse would take ``-date`` for an option."""
    joined: list[str] = []
    for word in argv:
        if joined and joined[-1] == "--sort" and word.startswith("-") and is_sort(word):
            joined[-1] = f"--sort={word}"
        else:
            joined.append(word)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``readlist`` console script; returns the exit status."""
    parser = build_parser()
    argv = _joined_sort_values(sys.argv[1:] if argv is None else list(argv))
    args, extra = parser.parse_known_args(argv)
    words = FREE_WORDS.get(args.command)
    for word in extra:  # "-status:read" is a query's negated term, "-tag" a tag edit; words after an option too
        if words is None or word.startswith("--"):
            parser.error(f"unrecognized arguments: {word}")
    if extra:
        setattr(args, words, _in_typed_order(getattr(args, words) + extra, argv))
    if args.command == "doctor":
        from readlist.store.doctor import diagnose

        report = diagnose(args.home if args.home is not None else default_home())
        print("\n".join(report.lines))
        return 1 if report.problems else 0
    library: Library | None = None
    try:
        library = Library.open(args.home)
        if args.command is not None:
            for notice in library.notices:
                print(f"readlist: warning: {notice}", file=sys.stderr)
        if args.command == "list":
            return run_list(library, args)
        if args.command == "export":
            return run_export(library, args)
        if args.command == "import":
            return run_import(library, args)
        if (status := fetch_commands.run(library, args)) is not None:
            return status
        if (status := change_commands.run(library, args)) is not None:
            return status
        if (status := recommend_commands.run(library, args)) is not None:
            return status
        if args.command == "open":
            return run_open(library, args)
        return run_tui(library)
    except QueryError as error:
        print(f"readlist: query error: {error}", file=sys.stderr)
        return 2
    except ReadlistError as error:
        print(f"readlist: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `readlist list | head`
        sys.stderr.close()
        return 0
    finally:
        if library is not None:  # a compaction of the reader's state a change started: let it finish
            library.wait_for_compaction()


if __name__ == "__main__":
    sys.exit(main())
