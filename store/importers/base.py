"""What every importer shares: the importer type, the result type, and how a record becomes a Paper.

A file format is read by an :class:`Importer`: its names, a ``sniff`` that
scores a text for the format and a ``parse`` that reads it. Each format module
defines its importer as ``IMPORTER``, most as a :class:`FunctionImporter` of
the module's ``sniff`` and ``parse`` functions, the JSON formats of paper
records as a :class:`~store.importers.json_records.JsonRecordsImporter`;
:func:`store.importers.registry` lists them all.

Every field of a record goes through :func:`build_paper`, which cleans it and
gives the paper its stable id; :func:`with_progress` reports the records done.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, TypeVar

from readlist.store.errors import InputError, printable
from readlist.store.identity import match_keys, normalise_arxiv_id, normalise_doi, paper_id_for
from readlist.store.models import Paper, ReaderState, now_iso
from readlist.store.text import clean, one_line
from readlist.store.titles import derive_title

#: Reports progress while a big file is read: ``(records done, records in all)``.
Progress = Callable[[int, int], None]

_Record = TypeVar("_Record")

#: An author "name" that only says the list goes on: BibTeX's ``others``, "et al.", "etc.".
_ET_AL_NAME = re.compile(r"(?:and\s+)?(?:others|et\.?\s*al(?:ii|ia)?\.?|etc\.?|…|\.\.\.)", re.IGNORECASE)
#: "et al." at the end of the last name (``"A. Author et al."``).
_ET_AL_TAIL = re.compile(r",?\s+(?:et\.?\s*al(?:ii|ia)?|etc)\.?$", re.IGNORECASE)


@dataclass
class ParseResult:
    """What one file gave.

    Attributes:
        format: the importer's ``format`` name.
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


class Importer(Protocol):
    """A file format readlist reads: what :mod:`store.importers` asks of each importer it lists.

    An importer reads the text of a whole file (decoded by
    :func:`store.text.read_text`, or given as a string) and knows nothing of
    libraries: what it returns is merged by :mod:`store.importing`.

    Attributes:
        format: the format's short name (``"bibtex"``), given as
            :attr:`ParseResult.format` and as every paper's ``source_format``.
        name: the format's name in messages (``"BibTeX"``).
        progress_every: ``parse`` reports progress after every this many records.
    """

    format: str
    name: str
    progress_every: int

    def sniff(self, text: str) -> int:
        """How surely ``text`` is in this format: 0 when surely not, up to 100 when
        surely (:func:`store.importers.detect` takes the highest score). Never raises."""

    def parse(self, text: str, source: str, progress: Progress | None = None) -> ParseResult:
        """Read the papers of ``text``, which is in this format (or meant to be).

        Args:
            text: the decoded file.
            source: the file's name or path: the papers' ``source`` (its file
                name) and what every error and warning names.
            progress: called with ``(records done, records in all)`` after
                every :attr:`progress_every` records and after the last one, so
                the numbers never go back and end at ``(n, n)`` (``(0, 0)``
                for a file without records).

        Returns:
            The papers in file order, one rejection per record that could not
            be read (at its line), and warnings about records that were read.

        Raises:
            InputError: the text as a whole cannot be read in this format (not
                valid JSON, not a readlist backup ...); the error names ``source``.
                Bad content never raises anything else.
        """


class FunctionImporter(NamedTuple):
    """An :class:`Importer` made of a format module's functions (immutable; a named tuple,
    not a frozen dataclass, because this module is imported at start-up and a frozen
    dataclass takes some 1 ms to make).

    Attributes:
        format: the format's short name (see :class:`Importer`).
        name: the format's name in messages.
        sniff: ``sniff(text) -> int``, as :meth:`Importer.sniff`.
        parse: ``parse(text, source, progress=None) -> ParseResult``, as :meth:`Importer.parse`.
        progress_every: how often ``parse`` reports progress, in records.
    """

    format: str
    name: str
    sniff: Callable[[str], int]
    parse: Callable[..., ParseResult]
    progress_every: int


def with_progress(records: Sequence[_Record], progress: Progress | None, every: int) -> Iterator[_Record]:
    """The records one by one, with ``progress`` told how many are done.

    ``progress(done, len(records))`` is called once the caller is done with
    every ``every``-th record and with the last one (it asks for the next), and
    ``progress(0, 0)`` when there is no record. With ``progress`` ``None``
    nothing is called.
    """
    total = len(records)
    for done, record in enumerate(records, start=1):
        yield record
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)
    if progress is not None and not total:
        progress(0, 0)


def build_paper(
    *,
    source: str,
    source_format: str,
    line: int | None = None,
    title: str = "",
    abstract: str = "",
    authors: tuple[str, ...] | list[str] = (),
    authors_count: int | None = None,
    et_al: bool = False,
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
    markup: str = "",
    added: str | None = None,
) -> Paper:
    """Clean one record's fields and make a :class:`Paper` with its stable id.

    The title and abstract are cleaned of the format's ``markup`` here, once,
    by :func:`~store.importers.latex.markup_to_text`: ``"latex"`` for BibTeX
    (``{\\em x}``, ``$n^{5/2}$`` and Better BibTeX's escapes), ``"text"`` for
    plain-text formats whose values may hold TeX math and macros (RIS, CSL-JSON,
    JSON, Markdown, Daily Papers: ``UniCode$^2$`` is ``UniCode²``, ``$5 and $6``
    stays), ``""`` (a readlist backup) to keep them as they are.

    An author list that ends in "et al." (BibTeX's ``and others``, a name
    ``"et al."`` or ``"others"``, or a last name ending in ``" et al."``) loses
    that marker and sets ``et_al`` (see :func:`split_et_al`).

    A missing title is derived from the abstract and marked as derived.
    ``arxiv_id`` and ``doi`` may be given in any common spelling (URL,
    ``arXiv:`` prefix, version suffix); they are normalised here.

    ``line`` (the record's first line) stays on the paper as :attr:`Paper.line`, for
    the messages of the merge (never stored). ``added`` is when it came in (ISO 8601
    UTC, :func:`~store.models.now_iso`; now when ``None``): one time for a whole file.

    ``source`` names the file in error messages; the paper records its
    file name only, odd characters escaped (:func:`store.errors.printable`:
    a name's bytes that are not UTF-8 could not be stored in JSON).

    Raises:
        InputError: the record has neither title, abstract, arXiv id nor DOI
            (``line`` is used in the message).
        ValueError: ``markup`` is none of :data:`~store.importers.latex.MARKUPS` (a bug).
    """
    title, abstract = one_line(title), one_line(abstract)
    if markup:
        from readlist.store.importers.latex import markup_to_text

        title, abstract = markup_to_text(title, markup), markup_to_text(abstract, markup)
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
    names = tuple(n for n in (one_line(a) for a in authors) if n) if authors else ()
    names, more = split_et_al(names)
    et_al = et_al or more
    return Paper(
        id=paper_id_for(keys),
        title=title or (f"arXiv:{arxiv_id}" if arxiv_id else f"doi:{doi}"),
        abstract=abstract,
        title_derived=title_derived,
        authors=names,
        authors_count=authors_count if authors_count is not None else (len(names) or None),
        et_al=et_al,
        org=one_line(org),
        date=clean(date),
        votes=votes,
        arxiv_id=arxiv_id,
        doi=doi,
        url=clean(url),
        venue=one_line(venue),
        entry_type=entry_type.strip().lower(),
        citation_key=citation_key.strip(),
        keywords=tuple(k for k in (one_line(k) for k in keywords) if k) if keywords else (),
        source=_source_name(source),
        source_format=source_format,
        added=added or now_iso(),
        keys=tuple(keys),
        line=line,
    )


@lru_cache(maxsize=64)
def _source_name(source: str) -> str:
    """The file name a paper records of ``source`` (once per file, not per paper)."""
    return printable(os.path.basename(source))


def split_et_al(names: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The author names without the markers that say the list goes on, and whether
    there was one: ``("M. Abadi", "others")`` and ``("M. Abadi et al.",)`` both give
    ``(("M. Abadi",), True)``. A name that is only a marker is dropped wherever it is."""
    kept = tuple(name for name in names if not _ET_AL_NAME.fullmatch(name.strip()))
    more = len(kept) != len(names)
    if kept and (tail := _ET_AL_TAIL.search(kept[-1])):
        last = kept[-1][: tail.start()].strip()
        kept, more = (*kept[:-1], *((last,) if last else ())), True
    return kept, more


def build_papers(
    source_format: str, source: str, records: Sequence[dict[str, Any] | InputError], progress: Progress | None,
    every: int,
) -> ParseResult:
    """The result of the records found in a file, each made a paper or rejected.

    Args:
        source_format: the importer's ``format``.
        source: the file name (see :func:`build_paper`).
        records: in file order, each the :func:`build_paper` fields of a paper
            (``line`` among them), or the error that rejects the record.
        progress: told the records done, as :func:`with_progress` does.
        every: how often progress is told, in records.

    Returns:
        The papers, and the rejections: the errors given, and those of records
        that :func:`build_paper` refuses, in file order.
    """
    result = ParseResult(source_format)
    added = now_iso()  # one time for the whole file
    for record in with_progress(records, progress, every):
        if isinstance(record, InputError):
            result.rejected.append(record)
            continue
        try:
            result.papers.append(build_paper(source=source, source_format=source_format, added=added, **record))
        except InputError as error:
            result.rejected.append(error)
    return result
