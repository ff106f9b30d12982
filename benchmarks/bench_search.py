"""Benchmark the query language per keystroke at N = 1k, 10k and 100k papers; prints figures.

    python benchmarks/bench_search.py            # 1000 10000 100000
    python benchmarks/bench_search.py 100000

For each N it builds a library of N synthetic papers of realistic size (see
:mod:`benchmarks.synthetic`) with a reader's tags, statuses, priorities and
notes on min(N/10, 1000) papers, then types each query below one character at
a time and times the search the filter box runs per keystroke (the fast pass:
titles, tags, notes, organisations, every field query), and the abstract pass
a worker thread runs once typing pauses. Medians and 95th percentiles.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import build_library  # noqa: E402
from readlist.store.query import QueryError  # noqa: E402
from readlist.store.search import SearchIndex  # noqa: E402

QUERIES = {
    "fuzzy words (titles)": ["difusion transfomer", "unifrok", "reasoning video", "multimodl benchmark"],
    "field queries": [
        "tag:bench is:unread votes:>=2", "status:to-read priority:<=2", "date:2025-03..2025-06",
        "authors:<5 votes:>=10", "tag:t3 OR tag:t7", "-status:skipped changed:<7d", "date:oct org:bytedance",
    ],
    "mixed": ["diffusion tag:bench", 'title:"unified multimodal" -status:read', "(video OR image) votes:>=20"],
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def bench(n: int, work: Path) -> None:
    library, _ = build_library(work / f"library-{n}", n, work / f"papers-{n}.txt")
    library.prepare_abstracts()  # as the app does after start-up: held in memory, or read from their file when big
    start = time.perf_counter()
    index = SearchIndex.from_library(library)
    print(f"  index build (in the background in the app)  {time.perf_counter() - start:8.2f} s")
    for kind, queries in QUERIES.items():
        per_key, full = [], []
        for query in queries:
            for end in range(1, len(query) + 1):
                start = time.perf_counter()
                with contextlib.suppress(QueryError):  # half-typed field queries ("votes:>") are errors
                    index.search(query[:end], abstracts=False)
                per_key.append(time.perf_counter() - start)
            start = time.perf_counter()
            index.search(query, abstracts=True)
            full.append(time.perf_counter() - start)
        print(f"  {kind:22} per keystroke: median {statistics.median(per_key) * 1000:6.1f} ms, "
              f"p95 {percentile(per_key, 0.95) * 1000:6.1f} ms ({len(per_key)} keys); "
              f"with abstracts (worker): median {statistics.median(full) * 1000:6.1f} ms")


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000]
    print(f"readlist search benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs")
    work = Path(tempfile.mkdtemp(prefix="readlist-bench-search-"))
    try:
        for n in sizes:
            print(f"\n== N = {n:,} papers", flush=True)
            bench(n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
