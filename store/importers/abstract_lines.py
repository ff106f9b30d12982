"""Abstract lines: one ``Abstract:<text>`` line per paper.

The format of the first bundled seeds::

    University of Washington
    Abstract:The post-training pipeline for diffusion models ...
    Abstract:Empowering Large Multimodal Models ...

A non-blank line that is not an abstract is the affiliation of the next paper
(several such lines in a row are joined with ``"; "``); blank lines are
ignored. The papers have no title, so one is derived from the abstract
(:func:`store.titles.derive_title`).
"""

from __future__ import annotations

import re
from typing import Any

from readlist.store.errors import InputError
from readlist.store.importers.base import FunctionImporter, ParseResult, Progress, build_papers
from readlist.store.text import clean, first_lines

FORMAT = "abstract-lines"

_ABSTRACT = re.compile(r"^abstract\s*[:：]\s*(?P<text>.*)$", re.IGNORECASE)
#: A non-abstract line longer than this is not an affiliation but a broken record.
MAX_AFFILIATION = 200
#: How often ``parse`` reports progress, in records.
PROGRESS_EVERY = 500


def sniff(text: str) -> int:
    """90 when most non-blank lines start with ``Abstract:``, 0 when none does."""
    lines = [clean(line) for line in first_lines(text, 2000)]
    lines = [line for line in lines if line]
    abstracts = sum(1 for line in lines if _ABSTRACT.match(line))
    if not abstracts:
        return 0
    return 90 if abstracts * 2 >= len(lines) else 40


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read every ``Abstract:`` line as a paper (see the module docstring).

    Args:
        text: the decoded file.
        source: the file name for ``Paper.source`` and error messages.
        progress: called with ``(records done, records in all)`` every
            :data:`PROGRESS_EVERY` records and at the end (a record is an
            ``Abstract:`` line, or an over-long line that is not one).

    Returns:
        The papers in file order; an empty abstract or an over-long line that
        is not an abstract is rejected with its line number. Never raises.
    """
    return build_papers(FORMAT, source, _records(text, source), progress, PROGRESS_EVERY)


IMPORTER = FunctionImporter(FORMAT, "abstract lines", sniff, parse, progress_every=PROGRESS_EVERY)


def _records(text: str, source: str) -> list[dict[str, Any] | InputError]:
    """The records of the file in order: the :func:`build_paper` fields of each
    ``Abstract:`` line (with the affiliation lines before it), or why a line is rejected."""
    records: list[dict[str, Any] | InputError] = []
    affiliation: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean(raw)
        if not line:
            continue
        match = _ABSTRACT.match(line)
        if match is None:
            if len(line) > MAX_AFFILIATION:
                records.append(InputError(source, "long line without 'Abstract:' (not an affiliation)", number))
            else:
                affiliation.append(line)
            continue
        org, affiliation = "; ".join(affiliation), []
        if not match.group("text").strip():
            records.append(InputError(source, "empty abstract", number))
            continue
        records.append({"line": number, "abstract": match.group("text"), "org": org})
    return records
