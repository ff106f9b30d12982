r"""Benchmark the BibTeX importer on a 10,000-entry ``.bib`` file; prints figures.

    python benchmarks/bench_bibtex.py          # 10000 entries
    python benchmarks/bench_bibtex.py 50000    # another size

The file is generated with a fixed seed from the words of the bundled
catalogue, in the styles of the exporters readers use: Zotero ``@article``
entries (abstract, keywords, DOI, URL, file), arXiv ``@misc`` entries
(``eprint`` + ``archivePrefix``) and DBLP CoRR ``@article`` entries
(``volume = {abs/...}``). Titles have protected capitals (``{BERT}``), 3-8
authors each, many with LaTeX accents (``M{\"u}ller``) or Unicode ones;
abstracts are about 1,500 characters, one in four with math or ``\%``.

It prints the time of :func:`store.importers.bibtex.parse` alone (on the
decoded text), of the whole import into a fresh library (reading the file,
parsing, adding the papers: ``Library.import_files`` once the importer is
registered in :func:`store.importers.registry`, else the same steps one by
one), the papers added, and the peak memory of the process.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import vocabulary  # noqa: E402
from readlist.store.importers import bibtex, registry  # noqa: E402
from readlist.store.library import Library  # noqa: E402
from readlist.store.text import read_text  # noqa: E402

GIVEN = ["J{\\\"o}rg", "Ren{\\'e}", "Fran{\\c{c}}ois", "Zo{\\\"e}", "Chlo\\'{e}", "Jos{\\'e}", "Mar{\\'\\i}a",
         "Søren", "Łukasz", "Wei", "Yuki", "Anna", "Daniel", "Priya", "Ahmed", "Elena", "Björn", "Ines"]
FAMILY = ["M{\\\"u}ller", "Sch{\\\"o}lkopf", "Garc{\\'\\i}a", "Dvo{\\v{r}}{\\'a}k", "Nie{\\ss}ner", "Ørsted",
          "Zhang", "Wang", "Smith", "Nguyen", "Kowalski", "Rossi", "Tanaka", "O'Brien", "Öztürk", "Silva"]
MATH = ["$\\alpha$-divergence", "$O(n \\log n)$ time", "a 12\\% gain", "$\\ell_1$ penalty", "{\\em robust} bounds"]
VENUES = ["Advances in Neural Information Processing Systems", "Journal of Machine Learning Research",
          "Transactions on Machine Learning Research", "IEEE/CVF Conference on Computer Vision and Pattern Recognition"]


def author_list(rng: random.Random) -> str:
    """3-8 authors, some as ``Last, First`` and some as ``First Last``."""
    names = []
    for _ in range(rng.randint(3, 8)):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        names.append(f"{family}, {given}" if rng.random() < 0.6 else f"{given} {family}")
    return " and ".join(names)


def abstract(rng: random.Random, words: list[str], name: str) -> str:
    """About 1,500 characters of sentences; one in four holds some LaTeX."""
    sentences, length, target = [f"We introduce {name}."], 0, rng.randint(1300, 1700)
    while length < target:
        sentence = " ".join(rng.choices(words, k=rng.randint(12, 28))).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    if rng.random() < 0.25:
        sentences.insert(2, f"It reaches {rng.choice(MATH)} on {rng.choice(words)}.")
    return " ".join(sentences)


def entry(index: int, rng: random.Random, words: list[str]) -> str:
    """One entry in the style of Zotero, arXiv or DBLP (in turn, at random)."""
    name = f"{rng.choice(words).capitalize()}{rng.choice(words).capitalize()}-{index}"
    title = f"{{{name}}}: " + " ".join(rng.choices(words, k=rng.randint(6, 11))).capitalize()
    year, month = rng.randint(2015, 2025), rng.randint(1, 12)
    arxiv_id = f"{year % 100:02d}{month:02d}.{index:05d}"
    keywords = ", ".join(rng.sample(words, 4))
    style = rng.random()
    if style < 0.5:
        return (
            f"@article{{{name.lower()}_{year},\n  title = {{{title}}},\n  volume = {{{rng.randint(1, 40)}}},\n"
            f"  url = {{https://example.org/papers/{index}}},\n  doi = {{10.5555/bench.{index}}},\n"
            f"  abstract = {{{abstract(rng, words, name)}}},\n  journal = {{{rng.choice(VENUES)}}},\n"
            f"  author = {{{author_list(rng)}}},\n  month = {{{month}}},\n  year = {{{year}}},\n"
            f"  keywords = {{{keywords}}},\n  file = {{Full Text PDF:/home/reader/Zotero/storage/{index}.pdf}},\n}}\n"
        )
    if style < 0.8:
        return (
            f"@misc{{{name.lower()}{year}arxiv,\n      title={{{title}}},\n      author={{{author_list(rng)}}},\n"
            f"      year={{{year}}},\n      eprint={{{arxiv_id}}},\n      archivePrefix={{arXiv}},\n"
            f"      primaryClass={{cs.LG}},\n      url={{https://arxiv.org/abs/{arxiv_id}}},\n"
            f"      abstract={{{abstract(rng, words, name)}}},\n}}\n"
        )
    return (
        f"@article{{DBLP:journals/corr/abs-{arxiv_id.replace('.', '-')},\n  author    = {{{author_list(rng)}}},\n"
        f"  title     = {{{title}}},\n  journal   = {{CoRR}},\n  volume    = {{abs/{arxiv_id}}},\n"
        f"  year      = {{{year}}},\n  eprinttype = {{arXiv}},\n  eprint    = {{{arxiv_id}}},\n"
        f"  biburl    = {{https://dblp.org/rec/journals/corr/abs-{arxiv_id}.bib}},\n"
        f"  bibsource = {{dblp computer science bibliography, https://dblp.org}}\n}}\n"
    )


def bib_file(count: int, seed: int = 11) -> str:
    """A ``.bib`` file of ``count`` distinct entries; the same text for the same ``seed``."""
    rng = random.Random(seed)
    words = vocabulary()
    return "% generated by benchmarks/bench_bibtex.py\n\n" + "\n".join(entry(i, rng, words) for i in range(count))


def peak_memory_mb() -> float:
    """The peak resident memory of this process, in MB (VmHWM, else getrusage)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def import_whole(library: Library, path: Path) -> int:
    """Import ``path`` as ``readlist import`` does; the number of papers added."""
    if bibtex.IMPORTER in registry():
        [report] = library.import_files([path])
        return report.added
    result = bibtex.parse(read_text(path), str(path))
    return len(library.add_papers(result.papers).added)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"readlist BibTeX benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · {sys.platform}")
    work = Path(tempfile.mkdtemp(prefix="readlist-bench-bibtex-"))
    try:
        path = work / f"papers-{count}.bib"
        path.write_text(bib_file(count), encoding="utf-8")
        print(f"  file: {count:,} entries, {path.stat().st_size / 1e6:.1f} MB")

        text = read_text(path)
        start = time.perf_counter()
        result = bibtex.parse(text, str(path))
        parsed = time.perf_counter() - start
        print(f"  parse() alone                {parsed:8.2f} s   "
              f"({len(result.papers):,} papers, {len(result.rejected)} rejected)")
        del text, result

        bibtex._decode_latex.cache_clear()  # the import starts cold too, as in a fresh process
        bibtex._display_name.cache_clear()
        library = Library.open(work / "library", bundled=False)
        how = "Library.import_files" if bibtex.IMPORTER in registry() else "read_text + parse() + Library.add_papers"
        start = time.perf_counter()
        added = import_whole(library, path)
        whole = time.perf_counter() - start
        print(f"  whole import                 {whole:8.2f} s   ({how})")
        print(f"  papers added                 {added:8,}")
        print(f"  peak memory                  {peak_memory_mb():8.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
