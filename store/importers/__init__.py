"""Importers: one module per file format, chosen from the file's content.

Use :func:`read_file` to turn a path into papers. Each format module follows
the protocol described in :mod:`store.importers.base`; add a new format by
writing such a module and listing it in :data:`IMPORTERS`. The modules are
imported when a file is first read, not with this package (some pull in
large libraries that start-up does not need).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType

from readlist.store.errors import InputError
from readlist.store.importers.base import ParseResult, Progress, build_paper
from readlist.store.text import read_text

#: Every known format's module, in the order ties are broken.
IMPORTERS: tuple[str, ...] = (
    "backup", "bibtex", "csl_json", "hf_json", "markdown_list", "abstract_lines", "daily_papers", "ris",
    "paper_json",
)

__all__ = ["IMPORTERS", "ParseResult", "build_paper", "detect", "importers", "parse_text", "read_file"]


@cache
def importers() -> tuple[ModuleType, ...]:
    """The importer modules of :data:`IMPORTERS`, imported."""
    return tuple(import_module(f"readlist.store.importers.{name}") for name in IMPORTERS)


def detect(text: str, source: str) -> ModuleType:
    """The importer module whose ``sniff`` scores ``text`` highest.

    Raises:
        InputError: no importer recognises the text (unknown format).
    """
    modules = importers()
    scores = [(module.sniff(text), -index, module) for index, module in enumerate(modules)]
    score, _, module = max(scores, key=lambda item: item[:2])
    if score <= 0:
        names = ", ".join(m.FORMAT for m in modules)
        raise InputError(source, f"unknown format (readlist reads: {names})")
    return module


def parse_text(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Detect the format of ``text`` and parse it (see :func:`read_file`)."""
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
    result = parse_text(read_text(path), source, progress)
    if not result.papers and not result.states:
        if result.rejected:
            first = result.rejected[0]
            raise InputError(source, f"no paper could be read ({first.reason})", first.line)
        raise InputError(source, f"no paper found ({result.format})")
    return result
