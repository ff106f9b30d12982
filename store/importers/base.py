"""What every importer shares: the result type and how a record becomes a Paper.

An importer is a module with three names:

- ``FORMAT``: a short name such as ``"abstract-lines"``, shown in reports;
- ``sniff(text) -> int``: 0 when the text is surely not in this format, up to
  100 when it surely is (``store.importers.detect`` picks the highest);
- ``parse(text, source, progress=None) -> ParseResult``: the papers found,
  and one :class:`~store.errors.InputError` per record that had to be rejected
  (naming its line, or its field). ``progress``, when given, is called now and
  then with ``(records done, records in all)``.

Every field of a record goes through :func:`build_paper`, which cleans it and
gives the paper its stable id.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from readlist.store.errors import InputError
from readlist.store.identity import match_keys, normalise_arxiv_id, normalise_doi, paper_id_for
from readlist.store.models import Paper, ReaderState, now_iso
from readlist.store.text import clean, one_line
from readlist.store.titles import derive_title

#: Reports progress while a big file is read: ``(records done, records in all)``.
Progress = Callable[[int, int], None]


@dataclass
class ParseResult:
    """What one file gave.

    Attributes:
        format: the importer's ``FORMAT`` name.
        papers: the papers read, in file order (duplicates inside the file kept;
            the library decides what is already present).
        rejected: one error per record that could not be read, with its line.
        warnings: things the reader should know about records that were read
            (an undefined ``@string`` macro, list items left out ...), each
            naming its line.
        states: the reader's state of papers, by paper id (only a readlist
            backup carries it).
        settings: library settings (only a readlist backup carries them).
    """

    format: str
    papers: list[Paper] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    states: dict[str, ReaderState] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def build_paper(
    *,
    source: str,
    source_format: str,
    line: int | None = None,
    title: str = "",
    abstract: str = "",
    authors: tuple[str, ...] | list[str] = (),
    authors_count: int | None = None,
    org: str = "",
    date: str = "",
    votes: int | None = None,
    arxiv_id: str = "",
    doi: str = "",
    url: str = "",
    venue: str = "",
    entry_type: str = "",
    citation_key: str = "",
    keywords: tuple[str, ...] | list[str] = (),
) -> Paper:
    """Clean one record's fields and make a :class:`Paper` with its stable id.

    A missing title is derived from the abstract and marked as derived.
    ``arxiv_id`` and ``doi`` may be given in any common spelling (URL,
    ``arXiv:`` prefix, version suffix); they are normalised here.

    ``source`` names the file in error messages; the paper records its
    file name only.

    Raises:
        InputError: the record has neither title, abstract, arXiv id nor DOI
            (``line`` is used in the message).
    """
    title, abstract = one_line(title), one_line(abstract)
    arxiv_id, doi = normalise_arxiv_id(arxiv_id), normalise_doi(doi)
    title_derived = not title and bool(abstract)
    if title_derived:
        title = derive_title(abstract)
    keys = match_keys(
        arxiv_id=arxiv_id, doi=doi, title=title, title_derived=title_derived, abstract=abstract
    )
    if not keys:
        reason = "too little to identify the paper (no title, DOI, arXiv id, and the abstract is too short)"
        raise InputError(source, reason, line)
    names = tuple(n for n in (one_line(a) for a in authors) if n)
    return Paper(
        id=paper_id_for(keys),
        title=title or (f"arXiv:{arxiv_id}" if arxiv_id else f"doi:{doi}"),
        abstract=abstract,
        title_derived=title_derived,
        authors=names,
        authors_count=authors_count if authors_count is not None else (len(names) or None),
        org=one_line(org),
        date=clean(date),
        votes=votes,
        arxiv_id=arxiv_id,
        doi=doi,
        url=clean(url),
        venue=one_line(venue),
        entry_type=entry_type.strip().lower(),
        citation_key=citation_key.strip(),
        keywords=tuple(k for k in (one_line(k) for k in keywords) if k),
        source=os.path.basename(source),
        source_format=source_format,
        added=now_iso(),
        keys=tuple(keys),
    )
