"""Synthetic papers of realistic size, for the benchmarks.

Titles (about 80 characters), abstracts (about 1,500), author lists, organisations,
dates and votes are drawn from the words of the bundled catalogue with a fixed seed,
so every run builds the same library and fuzzy matching meets real vocabulary.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from store.bundled import load_bundled
from store.importers import build_paper
from store.models import Paper

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_NAMES = "Ada Alan Grace Edsger Barbara Donald John Frances Leslie Tim Radia Shafi Yann Fei-Fei Kaiming".split()
_SURNAMES = "Lovelace Turing Hopper Dijkstra Liskov Knuth McCarthy Allen Lamport Berners-Lee Perlman Goldwasser".split()
_ORGS = ["ByteDance", "Show Lab", "HKUST", "OpenMOSS", "University of Washington", "Google DeepMind", "MIT", ""]


def vocabulary() -> list[str]:
    """Words of the bundled abstracts and titles (with repeats, so frequencies are realistic)."""
    _, papers = load_bundled()
    words: list[str] = []
    for paper in papers:
        words += re.findall(r"[A-Za-z][A-Za-z0-9-]+", paper.title + " " + paper.abstract)
    return words


def synthetic_papers(count: int, seed: int = 7) -> Iterator[Paper]:
    """``count`` distinct papers, the same ones for the same ``seed``."""
    rng = random.Random(seed)
    words = vocabulary()
    for index in range(count):
        title = " ".join(rng.choices(words, k=rng.randint(7, 13))).capitalize()
        name = f"{rng.choice(words).capitalize()}{rng.choice(words).capitalize()}-{index}"
        sentences = []
        while sum(len(s) for s in sentences) < rng.randint(1100, 1900):
            sentences.append(" ".join(rng.choices(words, k=rng.randint(12, 28))).capitalize() + ".")
        sentences.insert(2, f"We introduce {name}, a framework for {' '.join(rng.choices(words, k=6))}.")
        year = rng.choice(["", ", 2023", ", 2024", ", 2025"])
        yield build_paper(
            source="synthetic.txt",
            source_format="synthetic",
            title=f"{name}: {title}" if rng.random() < 0.9 else "",
            abstract=" ".join(sentences),
            authors=[f"{rng.choice(_NAMES)} {rng.choice(_SURNAMES)}" for _ in range(rng.randint(1, 12))],
            org=rng.choice(_ORGS),
            date=f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}{year}",
            votes=rng.choice([None, *range(0, 40)]),
            arxiv_id=f"{rng.randint(2301, 2512)}.{index:05d}" if rng.random() < 0.7 else "",
        )
