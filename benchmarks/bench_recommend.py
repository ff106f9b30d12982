"""Benchmark "more like this" and "for you" at N papers (default 100,000); prints figures.

    python benchmarks/bench_recommend.py                  # N = 100000, a library built in a temporary folder
    python benchmarks/bench_recommend.py 10000            # another N
    python benchmarks/bench_recommend.py 100000 --home /tmp/lib-100k   # build once, reuse on later runs

The library is :func:`benchmarks.synthetic.build_library`'s: papers of realistic
size (1,500-character abstracts), 1,000 of them touched by the reader (queued,
being read, read, skipped: enough decisions to train on). It times

- *vectors, first*: :meth:`Vectors.build` without the library's cache of word
  counts (after an import): every paper's words counted, hashed, TF-IDF, the
  counts cached (abstracts already loaded, as in the TUI once the list is on screen);
- *vectors*: the same with the cache (every later start): counts read, the
  reader's retitled and tagged papers counted again, TF-IDF;
- *vectors after an import*: the same once 300 new papers were imported (the
  cache's rows kept, only the new papers counted; the papers stay in the
  library, a ``--home`` library grows by 300 a run);
- *model + ranking*: training the for-you model on the decisions, scoring
  every paper and ranking the library by it (``Ranking(library, "for-you")``
  with the vectors built);
- *for you, all of it*: vectors and model + ranking, what sorting by ``for
  you`` costs the first time in a session (scikit-learn's import excepted,
  timed apart), with the cache and without it;
- *m*: the 20 papers most like one (cosine over the whole library, shared
  terms named), once the vectors are built (median and p95 over 30 papers);
- *memory*: the vectors' size (the CSR matrix's arrays), and the peak of
  what the build allocated (tracemalloc, in a second build: tracing slows it).

Timings are wall-clock on this machine; nothing is asserted.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import benchmark_library, daily_papers_listing  # noqa: E402


def seconds(action) -> tuple[float, object]:
    """Wall-clock seconds ``action()`` took, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    with benchmark_library(__doc__.splitlines()[0], "readlist-bench-recommend-") as library:
        # abstracts as the app has them: a big library's read from their file when asked
        print(f"readlist recommendation benchmark · {len(library):,} papers · Python {sys.version.split()[0]}",
              flush=True)
        importing, _ = seconds(lambda: __import__("sklearn.linear_model"))
        from readlist.store.recommend.foryou import split
        from readlist.store.recommend.similar import similar
        from readlist.store.recommend.vectors import _CACHE, CACHE_FILE, CACHE_FOLDER, Vectors
        from readlist.store.sorting import Ranking

        for_, against = split(library.touched())
        (library.home / CACHE_FOLDER / CACHE_FILE).unlink(missing_ok=True)
        first, _ = seconds(lambda: Vectors.build(library))
        building, vectors = seconds(lambda: Vectors.build(library))
        _CACHE[library] = vectors
        ranking_took, ranking = seconds(lambda: Ranking(library, "for-you"))
        model = ranking.key.model
        assert model.trained and model.vectors is vectors
        ranked = ranking.all_except(set())
        rng = random.Random(5)
        runs = []
        for paper_id in rng.sample(library.ids(), 30):
            took, _ = seconds(lambda paper_id=paper_id: similar(vectors, paper_id))
            runs.append(took)
        runs.sort()
        matrix = vectors.matrix
        size = matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
        (library.home / CACHE_FOLDER / CACHE_FILE).unlink(missing_ok=True)
        tracemalloc.start()
        Vectors.build(library)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        with tempfile.TemporaryDirectory() as folder:
            listing = Path(folder) / "new-papers.txt"
            listing.write_text(daily_papers_listing(300, seed=len(library)), encoding="utf-8")
            [report] = library.import_files([listing])
        after_import, _ = seconds(lambda: Vectors.build(library))
        print(f"  decisions: {len(for_)} for, {len(against)} against · {model.describe()}")
        print(f"  scikit-learn import (first use)      {importing:7.2f} s")
        print(f"  vectors, first (counted, cached)     {first:7.2f} s   {matrix.nnz:,} non-zeros")
        print(f"  vectors (counts from the cache)      {building:7.2f} s")
        label = f"vectors after importing {report.added} more"
        print(f"  {label:<37}{after_import:7.2f} s   (only they counted)")
        print(f"  model + ranking every paper          {ranking_took:7.2f} s   first: "
              f"{library.title_of(ranked[0])[:40]!r}")
        print(f"  for you, all of it                   {building + ranking_took:7.2f} s   (target <= 3 s); "
              f"without the cache {first + ranking_took:.2f} s")
        print(f"  m, once the vectors are built        {statistics.median(runs) * 1000:7.1f} ms median, "
              f"{runs[int(len(runs) * 0.95) - 1] * 1000:.1f} ms p95   (target <= 300 ms)")
        print(f"  vectors' size                        {size / 2**20:7.1f} MB")
        print(f"  peak allocated while building them   {peak / 2**20:7.1f} MB   (target <= 300 MB)", flush=True)


if __name__ == "__main__":
    main()
