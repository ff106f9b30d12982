"""The contract every registered importer keeps, checked on real files of its format.

Parametrized over :func:`store.importers.registry`, so an importer added later
is checked too, and fails here until :data:`SAMPLES` lists real files of its
format. For each importer:

- **progress**: its first sample, repeated until the file has more records than
  the importer's ``progress_every``, is parsed with a callback; it is told
  ``(done, total)`` after every ``progress_every`` records and after the last,
  the numbers never go back nor past the total, and end at ``(n, n)`` where
  ``n`` is the number of records (the copies times the records of one copy);
- **bad input**: empty, blank, garbage, binary-ish and truncated text either
  raises :class:`~store.errors.InputError` naming the source or gives a result
  whose every rejection and warning names it; never another exception;
- **fuzzed input**: seeded mutants of every sample (:mod:`tests.unit.fuzzing`)
  keep that contract, read by the importer itself, by the importer detection
  picks, and from disk in odd encodings.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from readlist.store.errors import InputError
from readlist.store.importers import ParseResult, detect, read_file, registry
from readlist.store.importers.base import Importer
from readlist.store.importers.daily_papers import MIN_FIRST_ABSTRACT
from tests.unit.fuzzing import BACKUP, FILES, MUTANTS, READ_FILE_EVERY, checked, encoded, mutants, source_text

SOURCE = "sample.txt"


def repeat_text(text: str, copies: int) -> str:
    """``copies`` of a text format's file, parted by a blank line."""
    return "\n\n".join([text.strip("\n")] * copies) + "\n"


def repeat_listing(text: str, copies: int) -> str:
    """A Daily Papers listing with its papers ``copies`` times and its page chrome once (the
    papers start at the line before the first abstract, as the importer reads them)."""
    lines = text.split("\n")
    first_abstract = next(i for i, line in enumerate(lines) if len(line.strip()) >= MIN_FIRST_ABSTRACT and i)
    start = max(i for i in range(first_abstract) if lines[i].strip())
    return "\n".join(lines[:start]) + "\n" + repeat_text("\n".join(lines[start:]), copies)


def repeat_json_records(text: str, copies: int) -> str:
    """A JSON file with its records ``copies`` times: a list, the list of a wrapper
    object, or JSON Lines."""
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:  # JSON Lines
        return repeat_text(text, copies)
    if isinstance(document, list):
        return orjson.dumps(document * copies).decode()
    key = next(key for key, value in document.items() if isinstance(value, list))
    return orjson.dumps({**document, key: document[key] * copies}).decode()


def repeat_backup_papers(text: str, copies: int) -> str:
    """A readlist backup with its papers ``copies`` times (states and settings once)."""
    backup = orjson.loads(text)
    return orjson.dumps({**backup, "papers": backup["papers"] * copies}).decode()


@dataclass(frozen=True)
class Samples:
    """Real files of one format, named as in :data:`tests.unit.fuzzing.FILES`.

    Every one is fuzzed; the first, made bigger by ``repeat(text, copies)``, is
    read with progress reporting.
    """

    files: tuple[str, ...]
    repeat: Callable[[str, int], str] = repeat_text


#: The samples of every importer, by its ``format``; every fixture and seed file is one
#: (see :func:`test_every_fixture_is_a_sample_of_the_importer_that_reads_it`).
SAMPLES: dict[str, Samples] = {
    "readlist-backup": Samples((BACKUP,), repeat_backup_papers),
    "bibtex": Samples(("bibtex/scholar_arxiv.bib", "bibtex/zotero.bib", "bibtex/dblp.bib", "bibtex/messy_crlf.bib",
                       "real/crossref.bib", "real/latex_titles.bib", "real/macros_iridia_style.bib",
                       "identity/shared_arxiv.bib", "et_al/others.bib",
                       "debris/latex_debris.bib", "zotero_bbt/bbt_math_in_title_1218.bib",
                       "zotero_bbt/bbt_unbalanced_braces_1043.bib", "zotero_bbt/bbt_vphantom_1043.bib")),
    "csl-json": Samples(("csl/zotero_export.json", "identity/shared_doi.json", "et_al/et_al_csl.json",
                         "csl/latex_debris.json"), repeat_json_records),
    "hf-json": Samples(("hf/daily_papers.json", "hf/daily_papers_pretty.json", "hf/latex_debris_daily_papers.json"),
                       repeat_json_records),
    "markdown-list": Samples(("markdown/milestones-table.md", "markdown/awesome-reasoning.md",
                              "markdown/loose-numbered-list.md", "markdown/news-and-labels.md",
                              "markdown/reference-links.md", "markdown/unfenced-citation.md",
                              "identity/shared_arxiv.md", "et_al/et_al.md", "et_al/rl-arxiv-daily.md",
                              "markdown/latex-debris.md", "markdown/dated-bullets.md", "markdown/awesome-visual-rl.md",
                              "markdown/awesome-unified-generation.md")),
    "abstract-lines": Samples(("seeds/000_ca3239689f25d847.txt", "seeds/001_9d42cb314fb859d3.txt",
                               "seeds/002_4c18ad14edf839a5.txt", "seeds/004_93fded2481c1d715.txt")),
    "daily-papers": Samples(("seeds/003_1d7c4e63e3555458.txt", "hf/latex_debris_daily_papers.txt"), repeat_listing),
    "ris": Samples(("ris/messy.ris", "ris/zotero_export.ris", "ris/endnote_export.txt", "ris/pubmed.ris",
                    "ris/scholar.ris", "identity/shared_arxiv.ris", "et_al/et_al.ris", "ris/latex_debris.ris")),
    "json-papers": Samples(("json/hand_made_list.json", "json/arxiv_metadata.jsonl", "json/openalex_works.json",
                            "json/semantic_scholar_search.json", "json/zotero_web_api.json",
                            "et_al/et_al_papers.json", "json/latex_debris.json"), repeat_json_records),
}

IMPORTERS = registry()
#: Importers that bring papers back as they were stored, from wherever they came first.
KEEP_SOURCES = {"readlist-backup"}


def samples_of(importer: Importer) -> Samples:
    """The samples of ``importer``; the test fails when it has none."""
    if importer.format not in SAMPLES:
        pytest.fail(f"no sample files listed for the importer {importer.format!r}: add them to SAMPLES")
    return SAMPLES[importer.format]


def parse_counting(importer: Importer, text: str) -> tuple[ParseResult, list[tuple[int, int]]]:
    """The result of parsing ``text``, and every progress call made meanwhile."""
    calls: list[tuple[int, int]] = []
    result = importer.parse(text, SOURCE, progress=lambda done, total: calls.append((done, total)))
    return result, calls


def test_every_importer_has_samples_and_a_unique_format() -> None:
    formats = [importer.format for importer in IMPORTERS]
    assert len(set(formats)) == len(formats)
    assert sorted(formats) == sorted(SAMPLES), "SAMPLES must list the samples of every registered importer, only"


def test_every_fixture_is_a_sample_of_the_importer_that_reads_it() -> None:
    listed = {name: fmt for fmt, samples in SAMPLES.items() for name in samples.files}
    for name in FILES:
        try:
            importer = detect(source_text(name), name)
        except InputError:  # a file of no format (a readlist 0.1 library): fuzzed in test_import_fuzz.py
            assert name not in listed
            continue
        assert listed.get(name) == importer.format, f"{name} should be listed as a sample of {importer.format}"
    assert detect(source_text(BACKUP), BACKUP).format == "readlist-backup"


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.format)
def test_samples_are_detected_and_read_as_their_format(importer: Importer) -> None:
    for name in samples_of(importer).files:
        text = source_text(name)
        assert detect(text, name) is importer, name
        result = importer.parse(text, f"/somewhere/{SOURCE}")
        assert result.format == importer.format and result.papers, name
        if importer.format not in KEEP_SOURCES:
            assert {(paper.source, paper.source_format) for paper in result.papers} == {(SOURCE, importer.format)}


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.format)
def test_progress_is_reported_every_so_many_records_and_at_the_end(importer: Importer) -> None:
    samples = samples_of(importer)
    one = source_text(samples.files[0])
    single, single_calls = parse_counting(importer, samples.repeat(one, 1))
    per_copy = single_calls[-1][1]
    assert per_copy >= len(single.papers) + len(single.rejected) > 0, "progress counts records"
    copies = importer.progress_every // per_copy + 1
    result, calls = parse_counting(importer, samples.repeat(one, copies))

    total = per_copy * copies
    every = importer.progress_every
    assert calls == [(done, total) for done in range(every, total, every)] + [(total, total)]
    assert len(result.papers) == copies * len(single.papers)
    assert [paper.id for paper in importer.parse(samples.repeat(one, 1), SOURCE).papers] == \
        [paper.id for paper in single.papers], "reporting progress changes nothing"


def bad_inputs(importer: Importer) -> dict[str, str]:
    """Text that is not a good file of the importer's format, by what it is."""
    sample = source_text(samples_of(importer).files[0])
    inputs = {
        "empty": "", "blank": " \n\n\t\n", "garbage": "no format at all: { [ < ( \\ $ @ # %\n" * 3,
        "binary-ish": "\x00\x01\x02\x7f\ufffd\x1b[0m" * 40, "first line": sample.split("\n", 1)[0],
        "one character": sample[:1], "without its last character": sample[:-1],
    }
    inputs.update({f"cut at {fraction:.0%}": sample[: int(len(sample) * fraction)] for fraction in (0.1, 0.5, 0.9)})
    return inputs


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.format)
def test_bad_input_is_an_input_error_or_rejections_naming_the_source(importer: Importer) -> None:
    for what, text in bad_inputs(importer).items():
        try:
            result = importer.parse(text, SOURCE, progress=lambda done, total: None)
        except InputError as error:
            assert error.source == SOURCE and str(error).startswith(f"{SOURCE}"), what
            continue
        assert result.format == importer.format, what
        for error in [*result.rejected, *result.warnings]:
            assert error.source == SOURCE and str(error).startswith(f"{SOURCE}"), (what, str(error))


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.format)
def test_fuzzed_samples_give_a_result_or_an_input_error(importer: Importer, tmp_path: Path) -> None:
    failures = []
    for name in samples_of(importer).files:
        rng = random.Random(f"encode:{name}")
        for number, mutations, text in mutants(name, MUTANTS):
            where = f"{name}, mutant {number} ({mutations})"
            problem, detected = checked(lambda text=text: detect(text, "fuzz"))
            readers = [importer] if detected in (None, importer) else [importer, detected]
            problems = [problem] if problem else []
            for reader in readers:
                problem, result = checked(lambda reader=reader, text=text: reader.parse(text, "fuzz"))
                if problem is None and not isinstance(result, ParseResult | None):
                    problem = f"returned {type(result).__name__}"
                problems += [f"{reader.format}: {problem}"] if problem else []
            if number % READ_FILE_EVERY == 0:
                copy = tmp_path / f"{number}{Path(name).suffix}"
                copy.write_bytes(encoded(rng, text))
                problem, _ = checked(lambda copy=copy: read_file(copy))
                problems += [f"read_file: {problem}"] if problem else []
            failures += [f"{where}: {problem}" for problem in problems]
    assert not failures, "\n".join(failures)
