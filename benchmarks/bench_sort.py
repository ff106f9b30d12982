"""Benchmark sorting the list at N papers (default 100,000); prints figures.

    python benchmarks/bench_sort.py                 # N = 100000, a library built in a temporary folder
    python benchmarks/bench_sort.py 10000           # another N
    python benchmarks/bench_sort.py 100000 --home /tmp/lib-100k   # build once, reuse on later runs

For each order of :data:`store.sorting.SORTS` and its reverse it times what
the ``s`` key costs: :meth:`LibraryView.set_sort` followed by reading
:attr:`LibraryView.shown` (the list the screen then shows), measured

- *first*: the first time the view is sorted by that order;
- *again*: coming back to an order already used (median of 5);
- *after a change*: one paper marked read (``toggle_read`` then
  ``view.refresh``), then the view re-sorted by that order (median of 5).

The view is the app's (no query, skipped papers hidden). Timings are
wall-clock on this machine; nothing is asserted. A frame is ~16 ms at 60 Hz.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import benchmark_library  # noqa: E402
from readlist.store.sorting import SORTS  # noqa: E402
from readlist.store.view import LibraryView  # noqa: E402


def timed(view: LibraryView, order: str) -> float:
    """Seconds to sort ``view`` by ``order`` and get the list shown."""
    start = time.perf_counter()
    view.set_sort(order)
    _ = view.shown
    return time.perf_counter() - start


def main() -> None:
    with benchmark_library(__doc__.splitlines()[0], "readlist-bench-sort-") as library:
        print(f"readlist sort benchmark · {len(library):,} papers · Python {sys.version.split()[0]}")
        view = LibraryView(library)
        _ = view.shown
        orders = [o for name in SORTS for o in (name, f"-{name}")]
        first = {order: timed(view, order) for order in orders}
        again = {order: statistics.median(timed(view, order) for _ in range(5)) for order in orders}
        rng = random.Random(1)
        ids = library.ids()
        changed: dict[str, float] = {}
        for order in orders:
            runs = []
            for _ in range(5):
                view.set_sort(order)
                _ = view.shown
                paper_id = rng.choice(ids)
                view.refresh(library.toggle_read(paper_id))
                runs.append(timed(view, order))
            changed[order] = statistics.median(runs)
        print(f"  {'order':10} {'first':>10} {'again':>10} {'after a change':>15}")
        for order in orders:
            print(f"  {order:10} {first[order] * 1000:7.1f} ms {again[order] * 1000:7.1f} ms"
                  f" {changed[order] * 1000:12.1f} ms", flush=True)


if __name__ == "__main__":
    main()
