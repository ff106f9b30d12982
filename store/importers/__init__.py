"""Importers: one per file format, chosen from the file's content.

Use :func:`read_file` to turn a path into papers. Each format module defines
its importer as ``IMPORTER`` (an :class:`~store.importers.base.Importer`:
names, ``sniff`` and ``parse``); :func:`registry` lists them. Add a format by
writing such a module and listing its importer there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from readlist.store.errors import InputError
from readlist.store.importers.base import Importer, ParseResult, Progress, build_paper
from readlist.store.text import read_text

__all__ = ["Importer", "ParseResult", "build_paper", "detect", "parse_text", "read_file", "registry"]


@cache
def registry() -> tuple[Importer, ...]:
    """Every importer readlist has, in the order ties between sniff scores are broken (first wins).

    The format modules are imported on the first call, not with this package:
    together they take some 70 ms to import (the Markdown reader compiles many
    patterns), which start-up does not need. The large libraries some of them
    use (bibtexparser, rispy, pylatexenc) are imported later still, when a file
    of their format is parsed.
    """
    from readlist.store.importers import (
        abstract_lines,
        backup,
        bibtex,
        csl_json,
        daily_papers,
        hf_json,
        markdown_list,
        paper_json,
        ris,
    )

    return (
        backup.IMPORTER, bibtex.IMPORTER, csl_json.IMPORTER, hf_json.IMPORTER, markdown_list.IMPORTER,
        abstract_lines.IMPORTER, daily_papers.IMPORTER, ris.IMPORTER, paper_json.IMPORTER,
    )


def detect(text: str, source: str) -> Importer:
    """The importer whose ``sniff`` scores ``text`` highest (see :func:`registry` for ties).

    Raises:
        InputError: no importer recognises the text (unknown format), naming ``source``.
    """
    importers = registry()
    scores = [(importer.sniff(text), -index, importer) for index, importer in enumerate(importers)]
    score, _, importer = max(scores, key=lambda item: item[:2])
    if score <= 0:
        names = ", ".join(importer.name for importer in importers)
        raise InputError(source, f"unknown format (readlist reads: {names})")
    return importer


def parse_text(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Detect the format of ``text`` and parse it (see :func:`read_file`).

    Raises:
        InputError: the format is unknown, or the text cannot be read in it.
    """
    return detect(text, source).parse(text, source, progress=progress)


def read_file(path: Path, progress: Progress | None = None) -> ParseResult:
    """Read a file of papers in any known format.

    Args:
        path: the file.
        progress: told ``(records done, records in all)`` while a big file is read.

    Returns:
        The papers found and the records rejected (each with its line).

    Raises:
        InputError: the file is missing, unreadable, empty, binary, not UTF-8,
            of unknown format, or holds no paper at all.
    """
    source = str(path)
    text = read_text(path)
    importer = detect(text, source)
    result = importer.parse(text, source, progress=progress)
    if not result.papers and not result.states:
        if result.rejected:
            first = result.rejected[0]
            raise InputError(source, f"no paper could be read ({first.reason})", first.line)
        raise InputError(source, f"no paper found (read as {importer.name})")
    return result
