"""The command line's recommendations and statistics: similar, stats.

::

    readlist similar ID [--limit N] [--json]   the papers most like ID, with score and shared terms
    readlist stats [--json]                    reading statistics (what the TUI's ctrl+t shows)

``readlist list --sort for-you`` (or ``for-you:TAG``) ranks with the model of
:mod:`store.recommend.foryou` and says on stderr what it was trained on.
"""

from __future__ import annotations

import argparse
import sys

import orjson

from readlist.store.library import Library
from readlist.store.models import STATUS_MARKS
from readlist.store.stats import statistics


def add_parsers(commands: argparse._SubParsersAction, positive) -> None:
    """Add ``similar`` and ``stats`` to the ``readlist`` command (``positive``: the ``--limit`` type)."""
    from readlist.store.recommend.similar import NEIGHBOURS

    similar = commands.add_parser(
        "similar", help="the papers most like one (TF-IDF of title, abstract, keywords and tags; cosine)",
        description="Lists the papers of the library most similar to ID, most similar first, with the score "
                    "(cosine similarity, 0-1) and the words that make them similar.")
    similar.add_argument("paper", metavar="ID", help="its id (or the start of it), arXiv id or DOI")
    similar.add_argument("--limit", type=positive, default=NEIGHBOURS, metavar="N",
                         help=f"list at most N papers (default {NEIGHBOURS})")
    similar.add_argument("--json", action="store_true", help="one JSON object per paper and line")
    stats = commands.add_parser("stats", help="reading statistics: read per week, statuses, tags, sources, pace")
    stats.add_argument("--json", action="store_true", help="one JSON object")


def run(library: Library, args: argparse.Namespace) -> int | None:
    """Run ``similar`` or ``stats`` if that is the command; ``None`` otherwise."""
    if args.command == "similar":
        return run_similar(library, args)
    if args.command == "stats":
        return run_stats(library, args)
    return None


def run_similar(library: Library, args: argparse.Namespace) -> int:
    """``readlist similar``: one line (or JSON object) per similar paper; an unknown ID raises."""
    from readlist.store.recommend.similar import similar
    from readlist.store.recommend.vectors import vectors_for

    paper_id = library.find(args.paper)
    vectors = vectors_for(library)
    assert vectors is not None
    for neighbour in similar(vectors, paper_id, args.limit):
        entry = library.entry(neighbour.id, with_abstract=False)
        if args.json:
            line = orjson.dumps({"id": entry.id, "score": round(neighbour.score, 4), "terms": list(neighbour.terms),
                                 "title": entry.title, "status": str(entry.status), "tags": list(entry.tags),
                                 "link": entry.paper.link}).decode()
        else:
            line = (f"{entry.id}  {neighbour.score:.3f}  {STATUS_MARKS[entry.status]} {entry.title}"
                    f"  ({', '.join(neighbour.terms)})")
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    return 0


def run_stats(library: Library, args: argparse.Namespace) -> int:
    """``readlist stats``: the statistics screen's numbers, as text or one JSON object."""
    stats = statistics(library)
    if args.json:
        sys.stdout.write(orjson.dumps(stats.to_json(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    print("\n".join(stats.lines()))
    return 0
