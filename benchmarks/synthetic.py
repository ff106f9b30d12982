"""Synthetic papers of realistic size, for the benchmarks.

Titles (about 80 characters, each naming a system such as ``DeepFusion-412``),
abstracts (about 1,500 characters), author counts or organisations, dates with
and without a year, and votes are drawn from the words of the bundled
catalogue with a fixed seed, so every run builds the same library and fuzzy
matching meets real vocabulary. They are written as a Hugging Face Daily
Papers listing, one of the formats readers import.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from readlist.store.bundled import load_bundled
from readlist.store.library import Library
from readlist.store.models import Status

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_ORGS = ["ByteDance ByteDance", "showlab Show Lab", "HKUST", "OpenMOSS-Team OpenMOSS", "deepmind Google DeepMind"]


def vocabulary() -> list[str]:
    """Words of the bundled abstracts and titles (with repeats, so frequencies are realistic)."""
    _, papers = load_bundled()
    words: list[str] = []
    for paper in papers:
        words += re.findall(r"[A-Za-z][A-Za-z0-9-]+", paper.title + " " + paper.abstract)
    return words


def daily_papers_listing(count: int, seed: int = 7) -> str:
    """A Daily Papers listing (see :mod:`store.importers.daily_papers`) of
    ``count`` distinct papers; the same text for the same ``seed``."""
    rng = random.Random(seed)
    words = vocabulary()
    parts = ["Daily Papers", "", "byAK and the research community", ""]
    for index in range(count):
        name = f"{rng.choice(words).capitalize()}{rng.choice(words).capitalize()}-{index}"
        title = f"{name}: " + " ".join(rng.choices(words, k=rng.randint(6, 11))).capitalize()
        sentences, length, target = [], 0, rng.randint(1100, 1900)
        while length < target:
            sentence = " ".join(rng.choices(words, k=rng.randint(12, 28))).capitalize() + "."
            sentences.append(sentence)
            length += len(sentence) + 1
        purpose = " ".join(rng.choices(words, k=6))
        sentences.insert(min(2, len(sentences)), f"We introduce {name}, a framework for {purpose}.")
        year = rng.choice(["", ", 2023", ", 2024", ", 2025"])
        votes = rng.choice(["", f" {rng.randint(1, 40)}"])
        who = rng.choice([f"  • {rng.randint(1, 30)} authors", rng.choice(_ORGS)])
        date = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}{year}{votes}"
        parts += [title, "", " ".join(sentences), "", who, "·", date, ""]
    return "\n".join(parts)


def build_library(home: Path, count: int, listing: Path) -> tuple[Library, float]:
    """A library in ``home`` with the bundled papers and ``count`` synthetic ones
    (imported from a listing written to ``listing``), and a reader's state on
    min(count/10, 1000) of them: tags, statuses, priorities, notes.

    Returns:
        ``(library, seconds the import took)``.
    """
    listing.write_text(daily_papers_listing(count), encoding="utf-8")
    library = Library.open(home)
    start = time.perf_counter()
    [report] = library.import_files([listing])
    took = time.perf_counter() - start
    assert report.added == count, report.summary()
    rng = random.Random(count)
    touched = rng.sample(library.ids(), min(count // 10, 1000))
    statuses = [Status.TO_READ, Status.READING, Status.READ, Status.SKIPPED]
    library.edit_tags(touched, "+bench")
    for index, paper_id in enumerate(touched):
        library.edit_tags(paper_id, f"+t{index % 20}")
    for start_at in range(0, len(touched), 50):
        group = touched[start_at:start_at + 50]
        library.set_status(group, statuses[(start_at // 50) % len(statuses)])
        library.set_priority(group[:10], 1 + (start_at // 50) % 3)
        library.set_note(group[0], f"benchmark note {start_at} about diffusion and tokenizers")
    return library, took


@contextmanager
def benchmark_library(description: str, prefix: str) -> Iterator[Library]:
    """The library a benchmark script runs on, from its command line: ``N`` papers
    (default 100,000) built in a temporary folder, or in ``--home DIR`` once and
    reused on later runs; the temporary folder is removed afterwards.

    Args:
        description: the script's one-line description, for ``--help``.
        prefix: the temporary folder's name prefix.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--home", type=Path, help="library folder to build once and reuse")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        home = args.home or work / "library"
        if not (home.exists() and any(home.iterdir())):
            print(f"building a library of {args.n:,} papers in {home} …", flush=True)
            build_library(home, args.n, work / "papers.txt")
        yield Library.open(home)
    finally:
        shutil.rmtree(work, ignore_errors=True)
