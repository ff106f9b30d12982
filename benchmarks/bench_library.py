"""Benchmark the library and the app at N = 1k, 10k and 100k papers; prints figures.

    python benchmarks/bench_library.py            # 1000 10000 100000
    python benchmarks/bench_library.py 1000 10000 # chosen sizes

For each N it builds a library of the bundled papers and N synthetic ones,
with a reader's state on min(N/10, 1000) of them
(:func:`benchmarks.synthetic.build_library`), then measures:

- import: ``readlist import`` of the N-paper file (parse, de-duplicate, write);
- start-up: spawning ``python benchmarks/startup_probe.py`` until the real app,
  headless, has produced a frame with the list of papers (median of 3 runs);
  also the part after Python, Textual and readlist are imported;
- status change / note saved: ``Library.toggle_read`` / ``Library.set_note``,
  each persisted (fsync'd) before returning (median and p95 of 50);
- filter keystroke: the search on each keystroke of typical queries typed
  letter by letter (the fast pass the UI runs per key), and the abstract pass
  the UI runs in a worker afterwards; and in the app, from a key event to the
  frame showing the filtered list (Textual's own pipeline is most of it);
- peak memory: maximum resident size of the app process after start-up, the
  index build and an abstract search.

Timings are wall-clock medians on this machine; they vary by a few percent
between runs. Nothing here is asserted: see the README's performance section.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import build_library  # noqa: E402
from readlist.store.library import Library  # noqa: E402
from readlist.store.search import SearchIndex  # noqa: E402

QUERIES = ["difusion transfomer", "unifrok", "reasoning video", "model", "gir-bench"]


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def keystrokes(query: str) -> list[str]:
    """Every prefix of ``query``, as the filter box holds it after each key."""
    return [query[:i] for i in range(1, len(query) + 1)]


def bench(n: int, work: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    home = work / f"library-{n}"
    library, results["import"] = build_library(home, n, work / f"papers-{n}.txt")
    ids = library.ids()
    rng = random.Random(n)
    del library
    gc.collect()
    os.sync()  # let the import's hundreds of MB reach the disk: time steady-state writes

    library = Library.open(home)
    toggles, notes = [], []
    for i in range(50):
        paper_id = rng.choice(ids)
        start = time.perf_counter()
        library.toggle_read(paper_id)
        toggles.append(time.perf_counter() - start)
        start = time.perf_counter()
        library.set_note(paper_id, f"benchmark note {i}\n\nwith a second paragraph.")
        notes.append(time.perf_counter() - start)
    results["status change (median)"] = statistics.median(toggles)
    results["status change (p95)"] = percentile(toggles, 0.95)
    results["note saved (median)"] = statistics.median(notes)
    results["note saved (p95)"] = percentile(notes, 0.95)

    start = time.perf_counter()
    index = SearchIndex.from_library(library)
    results["search index build (background)"] = time.perf_counter() - start
    fast, full = [], []
    for query in QUERIES:
        for typed in keystrokes(query):
            start = time.perf_counter()
            index.search(typed, abstracts=False)
            fast.append(time.perf_counter() - start)
        start = time.perf_counter()
        index.search(query, abstracts=True)
        full.append(time.perf_counter() - start)
    results["filter keystroke (median)"] = statistics.median(fast)
    results["filter keystroke (p95)"] = percentile(fast, 0.95)
    results["abstract pass, worker (median)"] = statistics.median(full)
    del index, library
    gc.collect()

    runs = [startup(home) for _ in range(3)]
    results["start-up to first list (median)"] = statistics.median(r["wall"] for r in runs)
    results["  of which after imports (median)"] = statistics.median(r["after_imports"] for r in runs)
    results["peak memory (MB)"] = max(r["maxrss_mb"] for r in runs)
    print(f"  (peak memory per run: {', '.join(str(r['maxrss_mb']) for r in runs)} MB)")
    keys = [k for r in runs for k in r["keys"]]
    results["keypress to list frame, app (median)"] = statistics.median(keys)
    results["keypress to list frame, app (p95)"] = percentile(keys, 0.95)
    return results


def startup(home: Path) -> dict:
    """Run the start-up probe in a fresh process and return its figures."""
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "startup_probe.py")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    first = process.stdout.readline()
    wall = time.perf_counter() - start
    rest, errors = process.communicate(timeout=600)
    if process.returncode != 0 or not first.startswith("FIRST_LIST"):
        raise RuntimeError(f"start-up probe failed: {first}{rest}{errors}")
    figures = json.loads(rest.strip().splitlines()[-1])
    return {"wall": wall, "after_imports": float(first.split()[2]), **figures}


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000]
    print(f"readlist benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · {sys.platform}")
    work = Path(tempfile.mkdtemp(prefix="readlist-bench-"))
    try:
        table: dict[int, dict[str, float]] = {}
        for n in sizes:
            print(f"\n== N = {n:,} papers", flush=True)
            table[n] = bench(n, work)
            for name, value in table[n].items():
                shown = f"{value:8.0f} MB" if "MB" in name else ms(value)
                print(f"  {name:36} {shown}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
