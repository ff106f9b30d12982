"""Benchmark writing the reader's state: does a change cost the same however many papers are touched?

    python benchmarks/bench_state.py              # a catalogue of 100,000 papers
    python benchmarks/bench_state.py 20000        # another size

Store-level, in one process, on a library of N synthetic papers (catalogue
and abstracts files written directly, so building it takes seconds):

- one status change (``Library.set_status`` on one paper, persisted before it
  returns) with 10 papers touched, and with all N touched: median, p95 and max
  of 50 changes; each also on a paper touched for the first time;
- a bulk change of all N papers (``set_status`` of every id) and its undo;
- where the version compacts its state (:meth:`Library.compact_state`): one
  compaction with all N touched, and status changes made meanwhile from
  another thread (what a reader's keypress meets while it runs);
- opening the library with all N touched (parsing the reader's state).

It only uses the public ``Library`` API, so the same script measures any
version of readlist (run it in that version's checkout). When the library
compacts its state in the background (:meth:`Library.wait_for_compaction`,
where it exists), single changes are measured once that is done, and the bulk
figures say how long the compaction after them took. Nothing is asserted: the
figures are printed, with the machine's load.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

from readlist.store.library import Library
from readlist.store.models import Status

CHANGES = 50


def write_catalogue(home: Path, count: int) -> list[str]:
    """Write a catalogue (schema 3) and an abstracts file of ``count`` small papers into ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    ids = [f"{index:012x}" for index in range(count)]
    papers = {pid: {"title": f"Synthetic paper number {index} on state journals", "keys": [f"title:synthetic {index}"],
                    "added": "2026-01-01T00:00:00Z", "date": "Jan 1, 2026"} for index, pid in enumerate(ids)}
    catalogue = {"_meta": {"schema": {"schema": 3, "kind": "catalogue"}}, "papers": papers}
    (home / "catalogue.json").write_bytes(orjson.dumps(catalogue))
    lines = [orjson.dumps(["_meta", "schema", {"schema": 1, "kind": "abstracts"}])]
    lines += [orjson.dumps(["abstracts", pid, {"abstract": f"An abstract of paper {pid}."}]) for pid in ids]
    (home / "abstracts.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return ids


def settle(library: Library) -> float:
    """Wait for a background compaction, if this version has one; seconds waited."""
    wait = getattr(library, "wait_for_compaction", None)
    start = time.perf_counter()
    if wait is not None:
        wait()
    return time.perf_counter() - start


def single_changes(library: Library, paper_id: str) -> list[float]:
    """Seconds of each of :data:`CHANGES` status changes of one paper."""
    took = []
    statuses = [Status.READING, Status.TO_READ]
    for step in range(CHANGES):
        start = time.perf_counter()
        library.set_status(paper_id, statuses[step % 2])
        took.append(time.perf_counter() - start)
    return took


def first_touches(library: Library, ids: list[str]) -> list[float]:
    """Seconds of a status change of each of ``ids``, untouched before."""
    took = []
    for paper_id in ids:
        start = time.perf_counter()
        library.set_status(paper_id, Status.READING)
        took.append(time.perf_counter() - start)
    return took


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return (f"median {statistics.median(ordered) * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   "
            f"max {ordered[-1] * 1000:7.2f} ms")


def state_bytes(home: Path) -> str:
    sizes = {p.name: p.stat().st_size for p in home.iterdir() if p.is_file() and p.name.startswith("state")}
    return ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items()))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    load = os.getloadavg()
    print(f"bench_state: {count:,} papers; python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load {load[0]:.2f} {load[1]:.2f}, {time.strftime('%Y-%m-%d %H:%M')}")
    with tempfile.TemporaryDirectory(prefix="bench-state-", dir=os.environ.get("BENCH_DIR")) as folder:
        home = Path(folder) / "library"
        ids = write_catalogue(home, count)
        library = Library(home)
        assert len(library) == count, library.notices

        library.set_status(ids[:10], Status.TO_READ)
        settle(library)
        print(f"one status change, 10 touched:          {summary(single_changes(library, ids[0]))}")
        print(f"  first touch of a paper, 10 touched:   {summary(first_touches(library, ids[10:10 + CHANGES]))}")
        settle(library)

        start = time.perf_counter()
        change = library.set_status(ids, Status.TO_READ)
        bulk = time.perf_counter() - start
        assert len(change.ids) == count - 10  # the first 10 are to-read already
        waited = settle(library)
        print(f"bulk change of {count:,} papers:        {bulk:7.2f} s   (then compaction {waited:5.2f} s)")
        start = time.perf_counter()
        library.undo()
        undo = time.perf_counter() - start
        waited = settle(library)
        print(f"its undo:                               {undo:7.2f} s   (then compaction {waited:5.2f} s)")
        library.set_status(ids[CHANGES + 10:], Status.READ)  # every paper touched, most with a real state
        settle(library)
        print(f"  state on disk, {count:,} touched:     {state_bytes(home)}")

        print(f"one status change, {count:,} touched:  {summary(single_changes(library, ids[0]))}")
        extra = write_extra(library, home)
        print(f"  first touch of a paper, {count:,} touched: {summary(first_touches(library, extra))}")
        settle(library)

        if hasattr(library, "compact_state"):
            during, took = changes_during_compaction(library, ids[1])
            print(f"compaction, {count:,} touched:           {took:7.2f} s   "
                  f"changes meanwhile: {summary(during)} ({len(during)})")

        start = time.perf_counter()
        reopened = Library(home)
        opened = time.perf_counter() - start
        assert reopened.state(ids[-1]).status == Status.READ
        print(f"open with {count:,} touched:             {opened:7.2f} s   ({state_bytes(home)})")


def changes_during_compaction(library: Library, paper_id: str) -> tuple[list[float], float]:
    """Compact in a thread while this one changes a paper's status again and
    again; the seconds of each change, and of the compaction."""
    import threading

    took: list[float] = []
    started = time.perf_counter()
    worker = threading.Thread(target=lambda: took.append(library.compact_state() and time.perf_counter() - started))
    worker.start()
    during = []
    statuses = [Status.READING, Status.TO_READ]
    while worker.is_alive():
        start = time.perf_counter()
        library.set_status(paper_id, statuses[len(during) % 2])
        during.append(time.perf_counter() - start)
    worker.join()
    return during or [0.0], (took[0] or 0.0) if took else 0.0


def write_extra(library: Library, home: Path) -> list[str]:
    """Add :data:`CHANGES` untouched papers to the library (for first touches at full size)."""
    from readlist.store.models import Paper

    papers = [Paper(id=f"e{index:011x}", title=f"Extra untouched paper {index}", keys=(f"title:extra {index}",))
              for index in range(CHANGES)]
    library.add_papers(papers)
    return [paper.id for paper in papers]


if __name__ == "__main__":
    main()
