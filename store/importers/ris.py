"""RIS: the tagged format of Zotero, Mendeley, EndNote, Google Scholar, Web of Science and publishers.

The format is described in the *RIS Format Specifications* of Research
Information Systems (the 2011 edition, `RIS_Format_Specs.pdf`, and the older
Reference Manager one that names ``T1``, ``A1``, ``Y1``, ``N2``); a summary with
every tag is at https://en.wikipedia.org/wiki/RIS_(file_format). A record is a
run of lines ``TAG  - value``, a two-character tag (a capital letter, then a
capital or a digit), two spaces, a dash and a space; ``TY`` opens a record and
``ER`` closes it::

    TY  - JOUR
    TI  - Highly accurate protein structure prediction with AlphaFold
    AU  - Jumper, John
    AU  - Evans, Richard
    T2  - Nature
    DA  - 2021/08//
    PY  - 2021
    DO  - 10.1038/s41586-021-03819-2
    KW  - Machine learning
    ER  -

How a record becomes a paper:

========================  =============================================================
Paper                     from
========================  =============================================================
``title``                 ``TI``, else ``T1``, else ``CT``, else (a book: ``TY`` of
                          ``BOOK``, ``EBOOK``, ``EDBOOK``, ``CLSWK``) ``BT``
``abstract``              ``AB``, else ``N2``
``authors``               every ``AU``, then every ``A1`` (a name given twice kept
                          once), ``"Last, First, Suffix"`` shown as
                          ``"First Last Suffix"``; a name without comma as written.
                          ``A2``-``A4`` (editors, series editors, translators) are not
                          authors and are left out
``date``                  the most precise of ``DA``, ``Y1``, ``PY`` (the first on a
                          tie): ``2020///`` -> ``2020``, ``2020/03/01/`` ->
                          ``2020-03-01``, ``2020/03`` -> ``2020-03``; a part that
                          is 0 or out of range ends the date there. A ``DA`` without
                          year (Web of Science: ``MAR 15``) gives the month and day of
                          the year of ``PY``
``doi``                   ``DO``, else ``DI``, else a ``doi.org`` link in ``UR``,
                          ``L1``-``L4``, else a DOI in ``M3`` (where EndNote used to
                          put it)
``arxiv_id``              the first arXiv mention (``10.48550/arXiv.``, ``arxiv.org/abs/``,
                          ``arXiv:``) in ``DO``, ``DI``, then ``UR``, ``L1``-``L4``,
                          then ``N1``, ``M3``
``url``                   the first link of ``UR`` (a line may hold several, parted by
                          ``;``), else of ``L2``, ``L1``, ``L4``, ``L3`` (only
                          ``http(s)`` links: those tags often hold local files)
``venue``                 the first of ``T2``, ``JO``, ``JF``, ``J2``, ``JA``, ``BT``
                          (unless it is the title), else ``PB``
``keywords``              every ``KW`` line, each also split on ``;``
``entry_type``            ``TY``, lower-cased (``jour``, ``conf``, ``gen`` ...)
``citation_key``          ``ID`` (EndNote's record number, PubMed's PMID ...)
========================  =============================================================

A tag given twice keeps its first value, except the list tags above (and
``N1``). Other tags (``VL``, ``SP``, ``SN``, ``Y2``, ``C1`` ...) are ignored.

**What real files do, and is read:** a byte order mark, CRLF or CR line
endings, a single space before the dash (``TY - JOUR``, only for the tags of
the specification, so that a line of an abstract such as ``US - based`` is
not taken for a tag), ``ER  -`` with or without its trailing space, no ``ER``
at the end of the file or before the next ``TY``, blank lines and headers
between records, continuation lines (a long title or abstract wrapped over
indented lines, joined with a space; a further line of ``KW`` or ``AU`` is one
more keyword or author), empty values (EndNote writes ``VL  - `` for none).

Parsing each record's tags is done by rispy (https://github.com/MrTango/rispy,
0.9 and 0.10 read the same here). This module does what rispy does not: it
cuts the file into records itself, so that each is reported at the line of its
``TY`` and a record rispy fails on is rejected alone (rispy reads a whole file
at once; 0.9 raises on a missing ``ER`` or text between records, 0.10 joins
a record without ``ER`` to the next and raises on a continuation line right
after ``TY``); it reads the single-space dash and lone CRs, which
rispy does not; and it hands rispy every record's lines in canonical form
(``TAG  - value``, continuation lines indented) with every tag mapped to
itself, so that both versions of rispy read them alike.

A record with no title, DOI or arXiv id is rejected as ``"record 3: no title,
DOI or arXiv id"`` at the line of its ``TY``; the other records still import.
Tag lines outside any record (before the first ``TY`` or after an ``ER``) are
ignored with one warning per run of them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readlist.store.dates import PaperDate, parse_date
from readlist.store.errors import InputError
from readlist.store.identity import normalise_arxiv_id, normalise_doi
from readlist.store.importers.base import FunctionImporter, ParseResult, Progress, build_paper, with_progress

if TYPE_CHECKING:  # rispy is imported when a file is parsed
    import rispy

FORMAT = "ris"

#: ``progress`` is called after every this many records (and at the end).
PROGRESS_EVERY = 500

#: The tags of the RIS specification (2011, and the Reference Manager tags it replaced).
_SPEC_TAGS = frozenset("""
    TY A1 A2 A3 A4 AB AD AN AU AV BT C1 C2 C3 C4 C5 C6 C7 C8 CA CN CP CT CY DA DB DI DO DP ED EP ET
    ID IS J1 J2 JA JF JO KW L1 L2 L3 L4 LA LB LK M1 M2 M3 N1 N2 NV OP PB PP PY RI RN RP SE SN SP ST
    T1 T2 T3 TA TI TT U1 U2 U3 U4 U5 UR VL VO Y1 Y2 ER
""".split())
#: A tag line: the tag, the spaces before the dash, the value.
_TAG_LINE = re.compile(r"([A-Z][A-Z0-9])( {1,2})-(?:[ \t](.*))?\Z")
#: Tags read as every line they have (the others keep their first line, and their
#: continuation lines are joined to it).
_LIST_TAGS = ("AU", "A1", "A2", "A3", "A4", "KW", "UR", "L1", "L2", "L3", "L4", "N1")
#: Every possible tag mapped to itself: rispy then keeps every tag by its name.
_IDENTITY = {first + second: first + second
             for first in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for second in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}
_BOOK_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK", "CLSWK"})
_VENUE_TAGS = ("T2", "JO", "JF", "J2", "JA", "BT")
_LINK_TAGS = ("UR", "L2", "L1", "L4", "L3")
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.MULTILINE | re.DOTALL)  # not \s*: n blank lines, n^2 steps
_SNIFF_CHARS = 200_000
_LINK = re.compile(r"^(?:https?|ftp)://\S+$|^www\.\S+$", re.IGNORECASE)
#: ``arXiv:``, ``arXiv.`` (the DOI ``10.48550/arXiv.``), ``arxiv.org/abs/`` ... before an arXiv id.
_ARXIV_MENTION = re.compile(r"arxiv(?:\.org/(?:abs|pdf|html)/|[.:]\s*)", re.IGNORECASE)
#: ``2020/03/01/other``, ``2020///``, ``2020-03-01``, ``2020``.
_NUMERIC_DATE = re.compile(r"(\d{4})(?:\s*[/-]\s*(\d{0,2})(?:\s*[/-]\s*(\d{0,2}))?)?(?:\D|\Z)")
#: ``2020 Mar 15`` (PubMed's order), read as ``Mar 15 2020``.
_YEAR_FIRST = re.compile(r"(\d{4})\s+([A-Za-z].*)\Z")


@dataclass
class _Record:
    """The lines of one record, canonical, and where it starts."""

    number: int
    line: int
    lines: list[str] = field(default_factory=list)


def sniff(text: str) -> int:
    """How surely ``text`` is RIS, from its tag lines (code blocks of Markdown left out).

    Returns:
        90 when the first tag line is ``TY`` and an ``ER`` line follows, 70 when
        the first tag line is ``TY`` and another tag follows but no ``ER``
        (a single record cut short), else 0.
    """
    sample = text[:_SNIFF_CHARS].lstrip("\ufeff")
    if "-" not in sample:
        return 0
    sample = _FENCED.sub("", sample)
    tags = [tag for tag, _ in (_tag_line(line) for line in sample.splitlines()[:5000]) if tag]
    if not tags or tags[0] != "TY":
        return 0
    if "ER" in tags:
        return 90
    return 70 if len(tags) > 1 else 0


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read every record of an RIS file (see the module docstring).

    Args:
        text: the decoded file (any line endings, a byte order mark or not).
        source: the file name for ``Paper.source`` and error messages.
        progress: called with ``(records done, records in all)`` every
            :data:`PROGRESS_EVERY` records and at the end.

    Returns:
        The papers in file order. A record without title, DOI or arXiv id, or
        one that rispy cannot read, is in ``rejected`` at the line of its
        ``TY``; tag lines outside a record are in ``warnings``. Bad content
        never raises.
    """
    import rispy

    result = ParseResult(FORMAT)
    records = list(_records(text, source, result.warnings))
    parser = rispy.RisParser(mapping=_IDENTITY, list_tags=list(_LIST_TAGS), delimiter_tags_mapping={},
                             enforce_list_tags=True)
    for record in with_progress(records, progress, PROGRESS_EVERY):
        _read_record(record, parser, source, result)
    return result


IMPORTER = FunctionImporter(FORMAT, "RIS", sniff, parse, progress_every=PROGRESS_EVERY)


def _tag_line(line: str) -> tuple[str, str] | tuple[None, None]:
    """``(tag, value)`` of a tag line, ``(None, None)`` for any other line.

    Two spaces before the dash make any two-character tag; one space only a
    tag of the specification (``TY - JOUR``).
    """
    match = _TAG_LINE.match(line.rstrip())
    if match is None or (len(match.group(2)) == 1 and match.group(1) not in _SPEC_TAGS):
        return None, None
    return match.group(1), (match.group(3) or "").strip()


def _records(text: str, source: str, warnings: list[InputError]) -> Iterator[_Record]:
    """The records of ``text``, each with the line of its ``TY``, in canonical lines.

    A record ends at ``ER``, at the next ``TY`` or at the end of the text.
    Every run of tag lines outside a record adds one warning; other text
    outside records (blank lines, headers) is skipped.
    """
    record: _Record | None = None
    stray: list[int] = []  # the lines of the current run of tags outside a record
    count = 0
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        tag, value = _tag_line(line)
        if tag == "TY":
            if record is not None:
                yield record
            _warn_stray(stray, source, warnings)
            count += 1
            record = _Record(count, number, [f"TY  - {value}"])
        elif record is not None:
            if tag == "ER":
                yield record
                record = None
            else:
                record.lines.append(f"{tag}  - {value}" if tag else f" {line.strip()}")
        elif tag is not None and tag != "ER":
            stray.append(number)
        elif line.strip():
            _warn_stray(stray, source, warnings)
    if record is not None:
        yield record
    _warn_stray(stray, source, warnings)


def _warn_stray(stray: list[int], source: str, warnings: list[InputError]) -> None:
    """Warn once about a run of tag lines outside any record, and forget it."""
    if stray:
        lines = f"{len(stray)} tag lines" if len(stray) > 1 else "a tag line"
        warnings.append(InputError(source, f"{lines} outside a record (no TY before them): ignored", stray[0]))
        stray.clear()


def _read_record(record: _Record, parser: rispy.RisParser, source: str, result: ParseResult) -> None:
    """Make a paper of one record and add it to ``result``, or add why it was rejected."""
    where = f"record {record.number}"
    try:
        [tags] = parser.parse("\n".join([*record.lines, "ER  - ", ""]))
    except Exception as error:  # rispy's own errors, and any bug it has on odd input
        reason = " ".join(str(error).split()) or type(error).__name__
        result.rejected.append(InputError(source, f"{where}: not readable as RIS ({reason})", record.line))
        return
    entry_type = _first(tags, "TY")
    title = _first(tags, "TI", "T1", "CT") or (_first(tags, "BT") if entry_type.upper() in _BOOK_TYPES else "")
    doi, arxiv_id = _doi(tags), _arxiv_id(tags)
    if not (title or doi or arxiv_id):
        result.rejected.append(InputError(source, f"{where}: no title, DOI or arXiv id", record.line))
        return
    venue = next((value for tag in _VENUE_TAGS if (value := _first(tags, tag)) and value != title), "")
    try:
        paper = build_paper(
            markup="text",
            source=source, source_format=FORMAT, line=record.line,
            title=title, abstract=_first(tags, "AB", "N2"), authors=_authors(tags), date=_date(tags),
            arxiv_id=arxiv_id, doi=doi, url=_url(tags), venue=venue or _first(tags, "PB"),
            entry_type=entry_type, citation_key=_first(tags, "ID"), keywords=_keywords(tags),
        )
    except InputError as error:
        result.rejected.append(InputError(source, f"{where}: {error.reason}", record.line))
        return
    result.papers.append(paper)


def _values(tags: dict, tag: str) -> list[str]:
    """Every non-empty value of ``tag`` (one for a tag that is not a list tag)."""
    value = tags.get(tag)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [text.strip() for text in values if isinstance(text, str) and text.strip()]


def _first(tags: dict, *names: str) -> str:
    """The value of the first of ``names`` that has one, else ``""``."""
    return next((values[0] for name in names if (values := _values(tags, name))), "")


def _authors(tags: dict) -> list[str]:
    """The names of ``AU`` and ``A1``, each once, as ``"First Last Suffix"``."""
    names = [_display_name(name) for tag in ("AU", "A1") for name in _values(tags, tag)]
    return list(dict.fromkeys(name for name in names if name))


def _display_name(name: str) -> str:
    """``"Jumper, John"`` -> ``"John Jumper"``; ``"King, Martin Luther, Jr."`` ->
    ``"Martin Luther King Jr."``; a name without comma as it is."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 1:
        return parts[0]
    last, first, *suffix = parts
    return " ".join(part for part in (first, last, *suffix) if part)


def _date(tags: dict) -> str:
    """The most precise date of ``DA``, ``Y1``, ``PY`` as ``2020``, ``2020-03`` or ``2020-03-01``."""
    dates = [date for tag in ("DA", "Y1", "PY") if (text := _first(tags, tag)) and (date := _read_date(text))]
    dated = [date for date in dates if date.year is not None]
    if not dated:
        return ""
    best = max(dated, key=_precision)  # the first on a tie
    if best.month is None:  # Web of Science: "PY  - 2020", "DA  - MAR 15"
        undated = next((date for date in dates if date.year is None and date.month is not None), None)
        if undated is not None:
            best = PaperDate(best.year, undated.month, undated.day)
    parts = [f"{best.year:04d}"]
    if best.month is not None:
        parts.append(f"{best.month:02d}")
        if best.day is not None and best.day <= calendar.monthrange(best.year, best.month)[1]:
            parts.append(f"{best.day:02d}")
    return "-".join(parts)


def _precision(date: PaperDate) -> int:
    """How many of month and day a date has."""
    return (date.month is not None) + (date.month is not None and date.day is not None)


def _read_date(text: str) -> PaperDate | None:
    """One RIS date (``2020/03/01/Spring``, ``2020///``, ``2020-03``, ``2020 Mar 15``,
    ``MAR 15``), or ``None``. A month or day that is empty, 0 or out of range
    ends the date there."""
    if (match := _YEAR_FIRST.match(text)) and (found := parse_date(f"{match.group(2)} {match.group(1)}")):
        return found
    if match := _NUMERIC_DATE.match(text):
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else 0
        day = int(match.group(3)) if match.group(3) and 1 <= month <= 12 else 0
        return PaperDate(year, month if 1 <= month <= 12 else None, day if 1 <= day <= 31 else None)
    if found := parse_date(text):
        return found
    month = parse_date(f"{text} 1")  # a month alone: "MAR"
    return PaperDate(None, month.month, None) if month is not None else None


def _doi(tags: dict) -> str:
    """``DO``, ``DI``, a ``doi.org`` link, or a DOI in ``M3``; ``""`` for none."""
    if doi := _first(tags, "DO", "DI"):
        return doi
    for tag in _LINK_TAGS:
        for link in _links(tags, tag):
            if "doi.org/" in link.lower() and normalise_doi(link):
                return link
    return normalise_doi(_first(tags, "M3"))


def _arxiv_id(tags: dict) -> str:
    """The first arXiv id mentioned in the identifier, link and note tags (see the module docstring)."""
    for tag in ("DO", "DI", *_LINK_TAGS, "N1", "M3"):
        for value in _values(tags, tag):
            for mention in _ARXIV_MENTION.finditer(value):
                if found := normalise_arxiv_id(value[mention.end():]):
                    return found
    return ""


def _links(tags: dict, tag: str) -> list[str]:
    """The links of ``tag``, one per line or parted by ``;``."""
    return [link for value in _values(tags, tag) for part in value.split(";") if _LINK.match(link := part.strip())]


def _url(tags: dict) -> str:
    """The first link of ``UR``, else the first web link of ``L2``, ``L1``, ``L4``, ``L3``."""
    for tag in _LINK_TAGS:
        links = _links(tags, tag)
        if tag != "UR":
            links = [link for link in links if link.lower().startswith(("http://", "https://"))]
        if links:
            return links[0]
    return ""


def _keywords(tags: dict) -> list[str]:
    """Every ``KW``, split on ``;``, each once."""
    words = (word.strip() for value in _values(tags, "KW") for word in value.split(";"))
    return list(dict.fromkeys(word for word in words if word))
