"""No input file crashes an import: fuzzed imports into a library, and the hostile inputs found so far.

The contract (:func:`store.importers.read_file`): reading any file returns a
:class:`~store.importers.base.ParseResult` or raises
:class:`~store.errors.InputError`, never another exception, and in time
roughly linear in its size. Each importer is fuzzed on its own samples by
``test_importer_contract.py``; here a few mutants of some sources (see
:mod:`tests.unit.fuzzing`) go through :meth:`Library.import_files`, which
stores what it reads, and the files no importer reads (a readlist 0.1
library) are fuzzed through detection. Last, inputs nested 100,000 deep and
long runs of one thing (blank lines, spaces, crossrefs), each of which once
took quadratic time or recursed in some importer, must finish within the same
time budget, read as files and by every registered importer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.errors import InputError
from readlist.store.importers import detect, parse_text, read_file, registry
from readlist.store.library import Library
from tests.unit.fuzzing import BACKUP, DEEP_JSON, FILES, MUTANTS, SOURCES, mutants, outcome

#: Sources that no importer reads (``unknown format``): fuzzed here, not with an importer's samples.
UNREAD = [name for name in FILES if name.startswith("library-v0.1/")]


@pytest.mark.parametrize("name", UNREAD)
def test_mutants_of_files_no_importer_reads_parse_or_raise_input_error(name: str) -> None:
    failures = [f"mutant {number} ({mutations}): {problem}" for number, mutations, text in mutants(name, MUTANTS)
                if (problem := outcome(lambda text=text: parse_text(text, "fuzz")))]
    assert not failures, f"{name}:\n" + "\n".join(failures)


def test_the_files_no_importer_reads_are_unknown_formats() -> None:
    for name in UNREAD:
        with pytest.raises(InputError, match="unknown format"):
            detect(FILES[name].read_text(encoding="utf-8"), name)


@pytest.mark.parametrize("name", [*SOURCES[::4], BACKUP])
def test_mutants_import_into_a_library(name: str, tmp_path: Path) -> None:
    library = Library.open(tmp_path / "home", bundled=False)
    copies = []
    for number, _, text in mutants(name, 8):
        copies.append(tmp_path / f"{number}{Path(name).suffix}")
        copies[-1].write_text(text, encoding="utf-8", errors="surrogatepass")
    assert outcome(lambda: library.import_files(copies)) is None
    reopened = Library.open(tmp_path / "home", bundled=False)
    assert reopened.ids() == library.ids()


NESTED = {
    "json-lists": (".json", "[" * 100_000),
    "json-objects": (".json", '{"a":' * 100_000),
    "json-lines": (".jsonl", '{"title": "x"}\n' + "[" * 100_000 + "\n"),
    "json-record-1000-deep": (".json", '[{"title": "A paper", "doi": "10.1/x", "x": ' + DEEP_JSON + "}]"),
    "bibtex-braces": (".bib", "@article{key,\n title = " + "{" * 100_000 + "x\n}\n"),
    "bibtex-after-entry": (".bib", "@article{k, title={A paper}}\n" + "{" * 100_000),
    "bibtex-latex": (".bib", "@article{k, title={" + "\\textbf{" * 30_000 + "}}\n"),
    "bibtex-math": (".bib", "@article{k, title={" + "$x^{" * 30_000 + "}}\n"),
    "markdown-quotes": (".md", "# Papers\n\n" + ">" * 100_000 + " [A paper](https://arxiv.org/abs/2401.00001)\n"),
    "markdown-lists": (".md", "# Papers\n\n" + "- " * 50_000 + "[A paper](https://arxiv.org/abs/2401.00001)\n"),
    "markdown-indented-lists": (
        ".md", "# Papers\n\n" + "".join("  " * n + "- item\n" for n in range(1_500))
        + "- [A paper](https://arxiv.org/abs/2401.00001)\n"),
    "markdown-links": (".md", "- " + "[" * 100_000 + "A paper](https://arxiv.org/abs/2401.00001)\n"),
    "markdown-emphasis": (".md", "- " + "*" * 100_000 + "[A paper](https://arxiv.org/abs/2401.00001)\n"),
    "ris-lines": (".ris", "TY  - JOUR\n" + "TI  - " + "{" * 100_000 + "\nER  - \n"),
    "abstract": (".txt", "Abstract:" + "$\\frac{" * 30_000 + "\n"),
}


#: Long runs of one thing, each of which took quadratic time somewhere (10 s or more at these sizes).
LONG_RUNS = {
    "blank-lines": (".txt", "@article{a, title={A}}\n" + "\n" * 40_000 + "TY  - JOUR\nTI  - B\nER  - \n"),
    "bibtex-spaces-in-names": (".bib", "@article{k, title={A}, author={Aho" + " " * 40_000 + "x and Ullman}}\n"),
    "bibtex-spaces-in-math": (".bib", "@article{k, title={$x" + " " * 600_000 + "y$}}\n"),
    "bibtex-crossref-chain": (".bib", "".join(f"@article{{k{n}, title={{T}}, crossref={{k{n + 1}}}}}\n"
                                              for n in range(2_000))),
    "json-spaces-in-names": (".json", '[{"title": "A", "doi": "10.1/a", "authors": "Aho' + " " * 60_000 + 'x"}]'),
}


@pytest.mark.parametrize("name", [*NESTED, *LONG_RUNS])
def test_deep_nesting_and_long_runs_finish_with_a_result_or_an_input_error(name: str, tmp_path: Path) -> None:
    suffix, text = NESTED.get(name) or LONG_RUNS[name]
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    assert outcome(lambda: read_file(path)) is None  # detected, decoded and parsed
    for importer in registry():
        assert outcome(lambda importer=importer: importer.parse(text, "deep")) is None, importer.format
