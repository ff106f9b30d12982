"""The command line's web commands: ``readlist fetch``, ``readlist add``, ``readlist enrich``.

::

    readlist fetch                       every source [follow] of config.toml names
    readlist fetch hf [--date D | --week W | --month M]
                                         Hugging Face Daily Papers (default: every day since the last fetch)
    readlist fetch arxiv CATEGORY...     new arXiv submissions since the last fetch
    readlist add ID_OR_URL...            papers by arXiv id, DOI, or arXiv/doi.org/Hugging Face URL
    readlist enrich [QUERY]              links, ids and authors for papers that have none

Each prints one line per source or paper (failures on stderr) and exits 1
when something failed, 2 for a usage error. The work is :mod:`store.fetching`
and :mod:`store.enriching`.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from typing import TYPE_CHECKING

from readlist.store.library import Library
from readlist.store.services import CATEGORY, load_service_config
from readlist.store.view import LibraryView

if TYPE_CHECKING:  # the web clients (httpx) are imported only when a web command runs
    from readlist.store.fetching import Fetcher, FetchReport

_WEEK = re.compile(r"^\d{4}-W\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``fetch``, ``add`` and ``enrich`` to the ``readlist`` command's sub-commands."""
    fetch = commands.add_parser(
        "fetch", help="fetch new papers: Hugging Face Daily Papers, arXiv categories, or all [follow]ed sources",
        description="Without a source, fetches every source [follow] of config.toml names. Papers are merged as "
                    "an import merges them: new ones arrive as new, known ones get gaps filled and votes updated.",
    )
    sources = fetch.add_subparsers(dest="source", metavar="SOURCE")
    hf = sources.add_parser("hf", help="Hugging Face Daily Papers (default: every day since the last fetch)")
    when = hf.add_mutually_exclusive_group()
    when.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="one day")
    when.add_argument("--week", type=_pattern(_WEEK, "YYYY-Www, e.g. 2025-W03"), metavar="YYYY-Www", help="one week")
    when.add_argument("--month", type=_pattern(_MONTH, "YYYY-MM"), metavar="YYYY-MM", help="one month")
    arxiv = sources.add_parser("arxiv", help="new submissions to arXiv categories since the last fetch")
    arxiv.add_argument("categories", nargs="+", type=_category, metavar="CATEGORY", help="e.g. cs.CV cs.CL")

    adding = commands.add_parser("add", help="add papers by arXiv id, DOI or URL (arXiv, doi.org, Hugging Face)")
    adding.add_argument("identifiers", nargs="+", metavar="ID_OR_URL")

    enriching = commands.add_parser(
        "enrich", help="find arXiv ids, links and authors for papers that have none (bundled ones first)",
        description="Looks each paper up by title (arXiv title search) and fills in what it lacks only when "
                    "the match is unambiguous; reports every paper it could not match or matched with doubt.",
    )
    enriching.add_argument("query", nargs="*", help="only papers matching this query")


def run(library: Library, args: argparse.Namespace) -> int | None:
    """Run ``fetch``, ``add`` or ``enrich`` if that is the command; ``None`` otherwise."""
    if args.command not in ("fetch", "add", "enrich"):
        return None
    from readlist.store.fetching import Fetcher

    config = load_service_config()
    for problem in config.problems:
        print(f"readlist: warning: {problem}", file=sys.stderr)
    progress = _progress_line if sys.stderr.isatty() else None
    with Fetcher(library, config, progress=progress) as fetcher:
        try:
            if args.command == "fetch":
                return _fetch(fetcher, args)
            if args.command == "add":
                return _add(fetcher, args)
            return _enrich(fetcher, args)
        finally:
            if progress:
                print("\r\033[K", end="", file=sys.stderr)


def _fetch(fetcher: Fetcher, args: argparse.Namespace) -> int:
    if args.source == "hf":
        reports = [fetcher.daily(day=args.date or "", week=args.week or "", month=args.month or "")]
    elif args.source == "arxiv":
        reports = [fetcher.arxiv(args.categories)]
    else:
        if not fetcher.config.follows_anything:
            print("readlist: no source followed: add [follow] to config.toml (huggingface = true, "
                  "arxiv = [\"cs.CV\"]), or run readlist fetch hf / readlist fetch arxiv CATEGORY", file=sys.stderr)
            return 2
        reports = fetcher.followed()
    return _print_reports(reports)


def _print_reports(reports: list[FetchReport]) -> int:
    failed = False
    for report in reports:
        _clear_progress()
        print(f"readlist: {report.summary()}" if report.error else report.summary(),
              file=sys.stderr if report.error else sys.stdout)
        for rejected in report.rejected:
            print(f"  rejected: {rejected}", file=sys.stderr)
        failed |= report.error is not None
    return 1 if failed else 0


def _add(fetcher: Fetcher, args: argparse.Namespace) -> int:
    failed = False
    for result in fetcher.add(args.identifiers):
        _clear_progress()
        if result.error is not None:
            print(f"readlist: {result.summary()}", file=sys.stderr)
            failed = True
        else:
            print(result.summary())
    return 1 if failed else 0


def _enrich(fetcher: Fetcher, args: argparse.Namespace) -> int:
    ids = None
    if args.query:
        view = LibraryView(fetcher.library, show_skipped=True, once=True)
        view.set_query(" ".join(args.query))
        ids = view.shown
    from readlist.store.enriching import enrich

    report = enrich(fetcher, ids)
    _clear_progress()
    for line in report.lines():
        print(line)
    if report.error is not None:
        print(f"readlist: {report.error}", file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.error else sys.stdout)
    return 1 if report.error is not None else 0


def _progress_line(what: str, done: int, total: int) -> None:
    shown = f" {done}/{total}" if total else ""
    print(f"\r\033[K{what}{shown}", end="", file=sys.stderr, flush=True)


def _clear_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None


def _pattern(pattern: re.Pattern[str], shape: str):
    def check(text: str) -> str:
        if not pattern.match(text):
            raise argparse.ArgumentTypeError(f"expected {shape}, got {text!r}")
        return text
    return check


def _category(text: str) -> str:
    if not CATEGORY.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an arXiv category such as cs.CV or hep-th")
    return text
