r"""BibTeX and biblatex bibliographies (``.bib`` files).

Reads the ``.bib`` files that Zotero (BibTeX and BibLaTeX exports), Google
Scholar, DBLP, arXiv and Semantic Scholar produce, and hand-written ones. The
format is described in Oren Patashnik, *BibTeXing* (``btxdoc``,
https://ctan.org/pkg/bibtex), in Nicolas Markey, *Tame the BeaST*
(https://ctan.org/pkg/tamethebeast) and, for biblatex's fields and entry types,
in *The biblatex Package*, section 2, "Database Guide"
(https://ctan.org/pkg/biblatex).

Every entry (``@article{key, ...}``, ``@InProceedings(key, ...)``, ...: any
type, in any case) becomes a paper:

========================  =============================================================
Paper                     from
========================  =============================================================
``title``                 ``title`` (and biblatex ``subtitle``, after ``": "``)
``authors``               ``author``, ``"Last, First"`` or ``"First Last"``, shown as
                          ``"First Last"``; ``others`` is dropped
``date``                  ``year`` (+ ``month``, + ``day``) as ``2024``, ``2024-03``,
                          ``2024-03-15``; biblatex ``date`` when there is no ``year``
``arxiv_id``              ``eprint`` (unless ``archivePrefix``/``eprinttype`` names
                          another archive), ``journal = {arXiv preprint arXiv:...}``,
                          DBLP's ``volume = {abs/...}``, an arxiv.org ``url``, or an
                          arXiv DOI (``10.48550/arXiv...``,
                          :data:`~store.identity.ARXIV_DOI_PREFIX`)
``doi``                   ``doi``, or a ``https://doi.org/...`` ``url``
``url``                   ``url``, or a ``howpublished`` that is a link
``venue``                 the first of ``journal`` (biblatex ``journaltitle``),
                          ``booktitle``, ``publisher``, ``howpublished`` (not a link),
                          ``institution``, ``school``
``keywords``              ``keywords``, separated by commas or semicolons
``entry_type``            the entry type, lower-cased; ``citation_key`` its key
========================  =============================================================

**Macros.** ``@string`` macros are expanded as BibTeX expands them
(*BibTeXing*, on ``@STRING``; *Tame the BeaST*, part 3, "The .bib file"):
in ``#`` concatenations too, case-insensitively, and inside other
``@string`` definitions, where a macro has the value it had at that point of
the file (``@string{v = v # "x"}`` extends ``v``). A field uses the last
value a macro is given in the file, even one defined after the field (BibTeX
wants a macro defined before its use, and would leave it empty). Bare
numbers are literal. The twelve month macros ``jan`` ... ``dec`` are
predefined (``January`` ...), as in BibTeX's standard styles and in biber.
An undefined macro expands to nothing, as BibTeX does, and the entry is
kept; each undefined name gives one warning per file, at its first use, with
the number of uses. Macros defined in another file are not known (each file
is read on its own).

**Cross-references.** An entry with ``crossref = {parent}`` inherits from the
entry ``parent`` of the same file the fields it lacks or has empty, as BibTeX
and biber do (*BibTeXing*, on ``crossref``; biblatex manual, "Cross-referencing"
and appendix "Default Crossref Setup"): author, the venue fields (``journal``, ``journaltitle``,
``booktitle``, ``publisher``, ``howpublished``, ``institution``, ``school``)
and the date (``year``, ``month``, ``day`` and ``date`` together, and only
when the entry has neither ``year`` nor ``date``). As in biber, the parent's
``title`` becomes the child's ``booktitle`` (its ``journaltitle`` for a
``@periodical`` parent) when neither has a ``booktitle``; it never becomes
the child's title, and the title of an ``@mv...`` parent (biber's
``maintitle``) is not used. The parent's identifiers (DOI, URL, eprint) and
abstract are not inherited: they are not the child's. Parents may have
parents (a loop of crossrefs ends). A key is matched exactly, else ignoring
case. A ``@proceedings``, ``@book``, ``@collection`` (or
``@mvbook``, ``@mvproceedings``, ``@mvcollection``, ``@periodical``,
``@reference``, ``@mvreference``) that some entry of the file cross-references
is a container, not a paper, and is not imported. A crossref naming no entry
of the file gives one warning per name; the entry is kept as it is.

**Dates.** ``month`` is a month name or abbreviation (any case, ``Sept.``
too) or a number 1-12, possibly with a day (``jan # "~15"``, ``"15~" # jan``,
``{March 3}``); a day in ``day`` wins. A day that the month does not have
is dropped.

``@comment``, ``@preamble``, ``%`` comments and any text between entries
are ignored, and so are biblatex's ``@xdata`` and ``@set`` (they are not
works; ``xdata`` inheritance is not done). An entry on a line that starts
with ``%`` is commented out and ignored, as biber does (BibTeX would read
it). A field given twice keeps its first value, as BibTeX does; entries
sharing a citation key are all read (the library recognises the same paper
twice).

**LaTeX** in titles, authors, venues, abstracts and keywords becomes plain
Unicode text (:mod:`store.importers.latex` says how: ``{\"u}`` is ``ü``,
``$\alpha$`` is ``α``, ``--`` is ``–``, ``\LaTeX`` is ``LaTeX``, an unknown
macro keeps its argument's text ...). URLs, DOIs and arXiv ids are not LaTeX
and are only unescaped (``\_``, ``\%``).

An entry the parser cannot read (unbalanced braces, a missing comma ...) is
rejected with its line, and so is one without title, DOI or arXiv id; the
other entries of the file are still read. Warnings and rejections are one
line each, naming the file and line.

Parsing is done by bibtexparser 2 (its splitter, its ``and`` splitting of
name lists and its BibTeX name splitting) and pylatexenc. Where bibtexparser's
middlewares fall short this module does the work itself: it expands macros
in ``#`` concatenations (``ResolveStringReferencesMiddleware`` only replaces a
field that is one macro, and keeps undefined ones), reads entries that
bibtexparser sets aside as failed blocks but that BibTeX reads (a repeated
citation key or field), splits names leniently (``SplitNameParts`` drops the
whole entry on an odd name), reads months with days (``MonthIntMiddleware``
leaves them as text) and decodes LaTeX only in text fields
(``LatexDecodingMiddleware`` decodes every field, which garbles URLs, skips
author lists, and takes about 15 ms per abstract).
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from readlist.store.dates import MONTH_NAMES, MONTHS
from readlist.store.errors import InputError
from readlist.store.identity import arxiv_id_from_doi, normalise_arxiv_id, normalise_doi
from readlist.store.importers.base import FunctionImporter, ParseResult, Progress, build_paper, with_progress
from readlist.store.importers.latex import decode_latex, latex_to_text
from readlist.store.text import one_line

if TYPE_CHECKING:  # bibtexparser is imported when a file is parsed: it takes some 45 ms to import
    from bibtexparser.library import Library as BibLibrary
    from bibtexparser.model import Entry, ParsingFailedBlock, String

FORMAT = "bibtex"

#: The LaTeX decoder's cache (benchmarks/bench_bibtex.py clears it to time a cold import).
_decode_latex = decode_latex

#: ``progress`` is called after every this many entries (and at the end).
PROGRESS_EVERY = 500

# bibtexparser logs every syntax error as a warning; with no logging set up,
# Python would print them on stderr, over the terminal UI. The errors are
# reported as rejected records instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

#: The fields read; the others (``file``, ``biburl``, ``note`` ...) are ignored.
#: (``crossref`` is read apart, before the others: see :class:`_Crossrefs`.)
_FIELDS = frozenset({
    "title", "subtitle", "author", "abstract", "keywords", "year", "month", "day", "date",
    "journal", "journaltitle", "booktitle", "publisher", "howpublished", "institution", "school",
    "doi", "url", "eprint", "archiveprefix", "eprinttype", "volume",
})
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "howpublished", "institution", "school")
#: biblatex entry types that are not works: data containers and entry sets.
_NOT_WORKS = frozenset({"xdata", "set"})

# -- macros --
#: BibTeX's predefined month macros (``plain.bst``; biber has the same): ``jan`` is ``January`` ...
_MONTH_MACROS = {abbreviation.lower(): name for name, abbreviation, *_ in MONTH_NAMES}
#: A macro name: no digit first, none of ``"#%'(),={}`` nor spaces (*Tame the BeaST*, part 3).
_MACRO_NAME = re.compile(r"[^\d\s\"#%'(),={}][^\s\"#%'(),={}]*\Z")
_VALUE_MARKS = re.compile(r'(?<!\\)[{}"#]')

# -- cross-references --
#: Fields an entry takes from its crossref parent when it lacks them (the date apart).
_INHERITED = ("author", *_VENUE_FIELDS)
_DATE_FIELDS = ("year", "month", "day", "date")
#: Entry types that are containers of works: not papers when an entry of the file cross-references them.
_CONTAINERS = frozenset({
    "proceedings", "book", "collection", "mvbook", "mvproceedings", "mvcollection", "periodical",
    "reference", "mvreference",
})

# -- sniffing --
_SNIFF_CHARS = 200_000
_BLOCK = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1", re.MULTILINE | re.DOTALL)  # not \s*: n blank lines, n^2 steps
_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*[^\s,{}()\"=#%]*[ \t]*,", re.MULTILINE)
_KNOWN_TYPES = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online", "report",
    "thesis", "collection", "mvbook", "bookinbook", "suppbook", "periodical", "patent", "dataset",
    "software", "electronic", "www", "preprint", "inreference", "reference", "mvcollection",
})
_SPECIAL_BLOCKS = frozenset({"string", "preamble", "comment"})

# -- values --
_URL_ESCAPE = re.compile(r"\\([_%&#~$])")
_URL_MACRO = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)
_LINK = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})\b")
_ISO_DATE = re.compile(r"^(\d{4})(-\d{2}(?:-\d{2})?)?")
_MONTH_WORDS = re.compile(r"[A-Za-z]+|\d+")
#: Digits a day or month number may have ("0003" is read; int() refuses 4,300 or more).
_MAX_DIGITS = 4
_KEYWORD_SEPARATOR = re.compile(r"[;,]")
_FAILED_KEY = re.compile(r"^@\s*(\w+)\s*[{(]\s*([^\s,{}()\"=]*)")
#: Where a run of spaces before an ``and`` may start: not inside a longer run (trying every
#: place in a run of n spaces would take n^2 steps), but right after an escaped space.
_RUN_START = r"(?:(?<![ \t\r\n])|(?<=\\[ \t\r\n]))"
#: An ``and`` that may part two names (spaces, not ``~``, around it; a name after it).
_AND = re.compile(_RUN_START + r"[ \t\r\n]+and[ \t\r\n]+(?=[^ \t\r\n}])", re.IGNORECASE)
#: What :func:`_split_names` looks at: braces, an escaped brace, space or backslash, and ``and``.
_NAME_LIST_MARKS = re.compile(r"\\[{}\s\\]|[{}]|" + _AND.pattern, re.IGNORECASE | re.DOTALL)
#: An ``and`` at the start or end of a name, with no name on its other side.
_EDGE_AND = re.compile(r"^(?:and(?:\s+|$))+|(?:(?:^|(?<!\s)\s+)and)+$", re.IGNORECASE)


@dataclass
class _Tally:
    """Uses of one undefined name (a macro, a crossref key): where first, how often."""

    line: int | None
    where: str
    uses: int = 0


@dataclass
class _Macros:
    """The ``@string`` macros of one file, and the undefined ones it uses.

    ``values`` holds the expanded value of every macro by lower-cased name,
    the month macros first.
    """

    values: dict[str, str] = field(default_factory=lambda: dict(_MONTH_MACROS))
    undefined: dict[str, _Tally] = field(default_factory=dict)

    def define(self, block: String) -> None:
        """Add the macro of a ``@string`` block, expanded with the macros defined so far."""
        line = block.start_line + 1 if block.start_line is not None else None
        self.values[block.key.lower()] = self.expand(block.value, line, f"@string '{one_line(block.key)}'")

    def expand(self, value: str, line: int | None, where: str) -> str:
        """A raw field value as BibTeX reads it: ``{...}`` and ``"..."`` lose their
        delimiters, numbers stay, macros are replaced by their value, ``#`` joins
        the parts. An undefined macro gives ``""`` and is tallied under ``line``
        and ``where`` (``"entry 'key', field journal"``)."""
        parts = []
        for part in _concatenated_parts(value):
            if len(part) > 1 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
                parts.append(part[1:-1])
            elif part.isdigit() or not _MACRO_NAME.match(part):
                parts.append(part)  # a number, or something BibTeX would reject: kept as it is
            elif (known := self.values.get(part.lower())) is not None:
                parts.append(known)
            else:
                tally = self.undefined.setdefault(part.lower(), _Tally(line, f"'{one_line(part)}' ({where})"))
                tally.uses += 1
        return "".join(parts)

    def warnings(self, source: str) -> list[InputError]:
        """One warning per undefined macro, at its first use."""
        return [InputError(source, f"undefined @string {tally.where}{_times(tally.uses)}", tally.line)
                for tally in self.undefined.values()]


def _times(uses: int, how: str = "used {} times") -> str:
    """``"; used 3 times"`` (``how`` filled with ``uses``), or nothing for one use."""
    return f"; {how.format(uses)}" if uses > 1 else ""


def sniff(text: str) -> int:
    """How surely ``text`` is BibTeX, from the blocks at the start of its lines.

    Returns:
        95 when an entry of a known type opens with its key (``@article{key,``),
        85 for an entry of another type, 60 when there are only ``@string``,
        ``@preamble`` or ``@comment`` blocks, else 0.
    """
    sample = _FENCED.sub("", text[:_SNIFF_CHARS])  # BibTeX shown in a Markdown code block is not a .bib file
    entries = {match.group(1).lower() for match in _ENTRY.finditer(sample)}
    if entries & _KNOWN_TYPES:
        return 95
    if entries - _SPECIAL_BLOCKS:
        return 85
    blocks = {match.group(1).lower() for match in _BLOCK.finditer(sample)}
    return 60 if blocks & _SPECIAL_BLOCKS else 0


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read every entry of a BibTeX or biblatex file (see the module docstring).

    Args:
        text: the decoded file (any line endings).
        source: the file name for ``Paper.source`` and error messages.
        progress: called with ``(entries done, entries in all)`` every
            :data:`PROGRESS_EVERY` entries and at the end.

    Returns:
        The papers in file order. Each entry that could not be parsed, or that
        has no title, DOI or arXiv id, is in ``rejected`` (an
        :class:`~store.errors.InputError` with its line and citation key); it
        does not stop the other entries. Undefined macros and crossref keys
        are in ``warnings``, one per name, sorted by line. Bad content never
        raises: a text that holds no entry gives an empty result.
    """
    import bibtexparser
    from bibtexparser.model import Entry

    result = ParseResult(FORMAT)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the splitter counts lines by "\n"
    library = bibtexparser.parse_string(text, parse_stack=[])  # split only: see _records
    macros = _macros(library)
    records = list(_records(library, text.split("\n")))
    entries = [record for record in records if isinstance(record, Entry)]
    crossrefs = _Crossrefs(entries, macros)
    for record in with_progress(records, progress, PROGRESS_EVERY):
        if not isinstance(record, Entry):
            result.rejected.append(_syntax_error(record, source))
        elif not crossrefs.is_container(record):
            _read_entry(record, crossrefs.fields(record), source, result)
    warnings = macros.warnings(source) + crossrefs.warnings(source)
    result.warnings.extend(sorted(warnings, key=lambda warning: warning.line or 0))
    return result


IMPORTER = FunctionImporter(FORMAT, "BibTeX", sniff, parse, progress_every=PROGRESS_EVERY)


def _records(library: BibLibrary, lines: list[str]) -> Iterator[Entry | ParsingFailedBlock]:
    """The entries of ``library`` in file order, and the blocks that failed to parse.

    bibtexparser sets aside an entry whose key was used before, or that has a
    field twice, as a failed block that its middlewares skip; BibTeX reads
    both, so they are returned as entries. Left out: ``@string``,
    ``@preamble``, comments, biblatex ``@xdata``/``@set``, and entries
    commented out (``lines[n]`` is line ``n + 1`` of the file).
    """
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, Entry) and block.entry_type in _NOT_WORKS:
            continue
        if isinstance(block, Entry | ParsingFailedBlock) and not _commented_out(block, lines):
            yield block


def _commented_out(block: Entry | ParsingFailedBlock, lines: list[str]) -> bool:
    """True when the line where ``block`` starts is a ``%`` comment (``% @article{old,``).

    biber ignores such lines; BibTeX and bibtexparser would read the entry.
    """
    line = lines[block.start_line] if block.start_line is not None and block.start_line < len(lines) else ""
    return line.lstrip().startswith("%")


def _macros(library: BibLibrary) -> _Macros:
    """The ``@string`` macros of ``library``, defined in file order."""
    from bibtexparser.model import DuplicateBlockKeyBlock, String

    macros = _Macros()
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, String):
            macros.define(block)
    return macros


def _syntax_error(block: ParsingFailedBlock, source: str) -> InputError:
    """The rejection of a block the parser could not read, naming its key and the problem."""
    match = _FAILED_KEY.match(block.raw or "")
    kind, key = (match.group(1).lower(), match.group(2)) if match else ("", "")
    what = f"entry '{key}'" if key and kind not in _SPECIAL_BLOCKS else f"@{kind or '?'} block"
    reason = one_line(str(getattr(block.error, "abort_reason", "") or block.error)).rstrip(".")
    line = block.start_line + 1 if block.start_line is not None else None
    return InputError(source, f"{what} is not valid BibTeX: {reason}", line)


class _Crossrefs:
    """The field values of the entries of one file, crossref parents resolved
    (see the module docstring)."""

    def __init__(self, entries: list[Entry], macros: _Macros) -> None:
        self._macros = macros
        #: The parent of each entry that has one in the file, by ``id(entry)``.
        self._parent: dict[int, Entry] = {}
        #: Containers that an entry cross-references, by ``id``.
        self._containers: set[int] = set()
        #: The resolved values of the parents, by ``id``; a parent found in a loop maps to ``None``.
        self._resolved: dict[int, dict[str, Any] | None] = {}
        #: The values of parents before inheritance, so that a loop reads them once.
        self._own: dict[int, dict[str, Any]] = {}
        self._unknown: dict[str, _Tally] = {}
        self._parents: set[int] = set()
        children = [(entry, *_crossref(entry, macros)) for entry in entries if _has_crossref(entry)]
        if not children:
            return
        by_key: dict[str, Entry] = {}
        by_lower_key: dict[str, Entry] = {}
        for entry in entries:
            by_key.setdefault(entry.key, entry)
            by_lower_key.setdefault(entry.key.lower(), entry)
        for entry, target, line in children:
            if not target:
                continue
            parent = by_key.get(target) or by_lower_key.get(target.lower())
            if parent is None:
                where = f"entry '{one_line(entry.key)}': crossref '{one_line(target)}'"
                tally = self._unknown.setdefault(target, _Tally(line, where))
                tally.uses += 1
            elif parent is not entry:
                self._parent[id(entry)] = parent
                if parent.entry_type in _CONTAINERS:
                    self._containers.add(id(parent))
        self._parents = {id(parent) for parent in self._parent.values()}

    def is_container(self, entry: Entry) -> bool:
        """True for a ``@proceedings``, ``@book`` ... that an entry of the file cross-references."""
        return id(entry) in self._containers

    def fields(self, entry: Entry) -> dict[str, Any]:
        """The field values of ``entry`` (see :func:`_field_values`), with what it inherits."""
        if (values := self._resolved.get(id(entry))) is not None:  # a parent, already read
            return values
        # The entry and its ancestors not read yet, nearest first: found by a loop, not by
        # recursion, as a chain of crossrefs may be thousands of entries long. Each ancestor
        # is marked as being read (None), so that a loop of crossrefs ends there.
        chain = [entry]
        while (parent := self._parent.get(id(chain[-1]))) is not None and id(parent) not in self._resolved:
            self._resolved[id(parent)] = None
            chain.append(parent)
        inherited = self._resolved[id(parent)] if parent is not None else None  # None in a loop
        for index in range(len(chain) - 1, -1, -1):  # from the farthest ancestor down to the entry
            values = self._own_fields(chain[index])
            if inherited is not None:
                values = _inherit(values, inherited, parent.entry_type)
            if index:  # an ancestor: made once
                self._resolved[id(chain[index])] = values
            inherited, parent = values, chain[index]
        return values

    def _own_fields(self, entry: Entry) -> dict[str, Any]:
        """The field values of ``entry`` before inheritance (a parent's are read once, even in a loop)."""
        if (values := self._own.get(id(entry))) is None:
            values = _field_values(entry, self._macros)
            if id(entry) in self._parents:
                self._own[id(entry)] = values
        return values

    def warnings(self, source: str) -> list[InputError]:
        """One warning per crossref key that names no entry of the file."""
        return [InputError(source, f"{tally.where} is not an entry of this file, nothing inherited"
                                   f"{_times(tally.uses, 'named by {} entries')}", tally.line)
                for tally in self._unknown.values()]


def _has_crossref(entry: Entry) -> bool:
    """True when ``entry`` has a ``crossref`` field."""
    return any(len(item.key) == 8 and item.key.lower() == "crossref" for item in entry.fields)


def _crossref(entry: Entry, macros: _Macros) -> tuple[str, int | None]:
    """The key ``entry`` cross-references (``""`` for none) and the line of its ``crossref`` field."""
    for item in entry.fields:
        if item.key.lower() == "crossref":
            line = item.start_line + 1 if item.start_line is not None else entry.start_line + 1
            return macros.expand(item.value, line, f"entry '{one_line(entry.key)}', field crossref").strip(), line
    return "", None


def _inherit(child: dict[str, Any], parent: dict[str, Any], parent_type: str) -> dict[str, Any]:
    """``child``'s fields with those it lacks taken from ``parent`` (see the module docstring)."""
    merged = {name: value for name, value in child.items() if value}  # an empty field is a missing one
    for name in _INHERITED:
        if name not in merged and parent.get(name):
            merged[name] = parent[name]
    as_venue = "journaltitle" if parent_type == "periodical" else "booktitle"
    if as_venue not in merged and parent.get("title") and not parent_type.startswith("mv"):
        merged[as_venue] = parent["title"]  # an @mv... title is the child's maintitle, not read
    if "year" not in merged and "date" not in merged:
        merged.update((name, parent[name]) for name in _DATE_FIELDS if parent.get(name))
    return merged


def _read_entry(entry: Entry, fields: dict[str, Any], source: str, result: ParseResult) -> None:
    """Make a paper of one entry and add it to ``result``, or add why it was rejected."""
    key, line = one_line(entry.key), entry.start_line + 1
    title = _join_title(_latex(fields, "title"), _latex(fields, "subtitle"))
    url = _url(fields)
    doi, arxiv_id = _doi(fields, url), _arxiv_id(fields, url)
    if not (title.strip("{} \t\r\n") or doi or arxiv_id):  # the title is decoded in build_paper
        result.rejected.append(InputError(source, f"entry '{key}' has no title, DOI or arXiv id", line))
        return
    try:
        paper = build_paper(
            source=source, source_format=FORMAT, line=line,
            title=title, abstract=_latex(fields, "abstract"), markup="latex", authors=_authors(fields.get("author")),
            date=_date(fields), arxiv_id=arxiv_id, doi=doi, url=url, venue=_venue(fields),
            entry_type=entry.entry_type, citation_key=key, keywords=_keywords(_text(fields, "keywords")),
        )
    except InputError as error:
        result.rejected.append(InputError(source, f"entry '{key}': {error.reason}", line))
        return
    result.papers.append(paper)


def _field_values(entry: Entry, macros: _Macros) -> dict[str, Any]:
    """The values of the fields this importer reads, by lower-cased name.

    Macros and concatenations are expanded and enclosing braces or quotes
    removed; ``author`` becomes a list of names. A repeated field keeps its
    first value. ``entry`` is not changed.
    """
    values: dict[str, Any] = {}
    for item in entry.fields:
        name = item.key.lower()
        if name not in _FIELDS or name in values:
            continue
        value = item.value
        if value[:1] == "{" and value[-1:] == "}" and "#" not in value:  # the commonest: nothing to expand
            values[name] = value[1:-1]
        else:
            line = item.start_line + 1 if item.start_line is not None else entry.start_line + 1
            values[name] = macros.expand(value, line, f"entry '{one_line(entry.key)}', field {name}")
    if "author" in values:
        values["author"] = _split_names(values["author"])
    return values


def _split_names(names: str) -> list[str]:
    """A BibTeX name list split at each ``and`` that has spaces (not ``~``) on
    both sides and is outside braces, as BibTeX does (*Tame the BeaST*, part 3, on
    names) and bibtexparser's ``split_multiple_persons_names`` does, except that a
    name that starts with an escape (``and \\"Ozt``) keeps it.

    An ``and`` at either end, and so an empty name, is dropped: it is what an
    undefined macro leaves (``Aho # and # Ullman``, ``Aho`` undefined).
    """
    names = names.strip(" \r\n\t")
    if not _AND.search(names):
        split = [names] if names else []
    else:
        split, start, depth = [], 0, 0
        for mark in _NAME_LIST_MARKS.finditer(names):
            token = mark.group()
            if token == "{":
                depth += 1
            elif token == "}":
                depth = max(depth - 1, 0)
            elif token[0] != "\\" and depth == 0:
                split.append(names[start:mark.start()])
                start = mark.end()
        split.append(names[start:])
    names_found = []
    for name in split:
        if name[:3].lower() == "and" or name[-3:].lower() == "and":
            name = _EDGE_AND.sub("", name)
        if name:
            names_found.append(name)
    return names_found


def _concatenated_parts(value: str) -> list[str]:
    """``value`` split at each ``#`` outside braces and quotes, parts stripped."""
    if "#" not in value:
        return [value.strip()]
    parts, start, depth, quoted = [], 0, 0, False
    for mark in _VALUE_MARKS.finditer(value):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char == '"':
            quoted = not quoted
        elif depth == 0 and not quoted and char == "#":
            parts.append(value[start:mark.start()].strip())
            start = mark.end()
    parts.append(value[start:].strip())
    return parts


def _text(fields: dict[str, Any], name: str) -> str:
    """The field ``name`` as plain text (LaTeX decoded), or ``""``."""
    value = fields.get(name)
    return latex_to_text(value) if isinstance(value, str) else ""


def _latex(fields: dict[str, Any], name: str) -> str:
    """The field ``name`` as LaTeX, or ``""`` (a title or abstract: :func:`build_paper` decodes it)."""
    value = fields.get(name)
    return value if isinstance(value, str) else ""


def _raw(fields: dict[str, Any], name: str) -> str:
    """The field ``name`` as given (a link or identifier), escapes such as ``\\_`` undone."""
    value = fields.get(name)
    if not isinstance(value, str) or not value:
        return ""
    value = value.strip()
    if "\\" not in value:
        return value
    if match := _URL_MACRO.match(value):
        value = match.group(1).strip()
    return _URL_ESCAPE.sub(r"\1", value)


def _join_title(title: str, subtitle: str) -> str:
    """biblatex's ``title`` and ``subtitle`` as one title."""
    if title and subtitle:
        return f"{title.rstrip()}: {subtitle.strip()}"
    return title or subtitle


def _authors(names: list[str] | None) -> list[str]:
    """Display names (``"First von Last Jr"``) of a list of BibTeX names;
    ``others`` (``and others``, "et al.") is kept for :func:`~.base.build_paper`, which
    drops it and sets ``et_al``."""
    shown = (_display_name(name) for name in names or ())
    return [name for name in shown if name]


@lru_cache(maxsize=16384)
def _display_name(name: str) -> str:
    """One BibTeX name (``"M{\\"u}ller, J."``, ``"{OpenAI}"``) as ``"First von Last Jr"``.

    Names are split as BibTeX does (bibtexparser's ``parse_single_name_into_parts``,
    leniently: an odd name such as one with too many commas is still read).
    """
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(name, strict=False)
    words = (parts.first, parts.von, parts.last, parts.jr)
    return " ".join(latex_to_text(word) for group in words for word in group)


def _date(fields: dict[str, Any]) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from ``year``/``month``/``day``,
    else the start of a biblatex ``date`` (``2024-03-15``, ``2024-03-15/2024-03-17``);
    ``""`` when there is no year. Nothing is completed."""
    year = _YEAR.search(fields.get("year", ""))
    if year is None:
        date = _ISO_DATE.match(fields.get("date", "").strip())
        return date.group(0) if date else ""
    month, day = _month_and_day(fields.get("month", ""))
    if month is None:
        return year.group(1)
    if (day_field := fields.get("day", "").strip()).isdecimal() and len(day_field) <= _MAX_DIGITS:
        day = int(day_field)
    if day is not None and 1 <= day <= calendar.monthrange(int(year.group(1)), month)[1]:
        return f"{year.group(1)}-{month:02d}-{day:02d}"
    return f"{year.group(1)}-{month:02d}"


def _month_and_day(text: str) -> tuple[int | None, int | None]:
    """The month (1-12) in a ``month`` field and the day given with it, if any.

    ``"January~15"``, ``"15~January"``, ``"Jan."``, ``"sept"``, ``"3"``,
    ``"03"`` are read; a day is only taken next to a month name (``"1--2"``
    is no month). The first month of a range is taken (``"January--February"``).
    """
    month, numbers, other_words = None, [], False
    for word in _MONTH_WORDS.findall(text):
        if word.isdigit():
            numbers.append(int(word) if len(word) <= _MAX_DIGITS else 0)  # 0: no month, no day
        elif (number := MONTHS.get(word.lower())) is not None:
            month = month or number
        else:
            other_words = True
    if month is not None:
        return month, next((number for number in numbers if 1 <= number <= 31), None)
    if len(numbers) == 1 and not other_words and 1 <= numbers[0] <= 12:
        return numbers[0], None
    return None, None


def _arxiv_id(fields: dict[str, Any], url: str) -> str:
    """The arXiv id of an entry, from the first field that has one (see the module docstring);
    ``url`` is the entry's link (:func:`_url`)."""
    archive = (_raw(fields, "archiveprefix") or _raw(fields, "eprinttype")).lower()
    candidates = (
        lambda: _raw(fields, "eprint") if archive in ("", "arxiv") else "",
        lambda: journal if "arxiv" in (journal := _raw(fields, "journal")).lower() else "",
        lambda: volume if (volume := _raw(fields, "volume")).lower().startswith("abs/") else "",
        lambda: url if "arxiv.org/" in url.lower() else "",
    )
    found = (arxiv_id for candidate in candidates if (text := candidate()) and (arxiv_id := normalise_arxiv_id(text)))
    return next(found, "") or arxiv_id_from_doi(_raw(fields, "doi"))


def _doi(fields: dict[str, Any], url: str) -> str:
    """The ``doi`` field, or a DOI link given as the entry's URL (:func:`_url`)."""
    if doi := _raw(fields, "doi"):
        return doi
    return url if "doi.org/" in url.lower() and normalise_doi(url) else ""


def _url(fields: dict[str, Any]) -> str:
    """The ``url`` field, or ``howpublished`` when it is a link (``\\url{...}``)."""
    if url := _raw(fields, "url"):
        return url
    howpublished = _raw(fields, "howpublished")
    return howpublished if _LINK.match(howpublished) else ""


def _venue(fields: dict[str, Any]) -> str:
    """The first venue field present (``howpublished`` only when it is not a link)."""
    for name in _VENUE_FIELDS:
        if name not in fields:
            continue
        venue = _text(fields, name).strip()
        if venue and not (name == "howpublished" and _LINK.match(_raw(fields, name))):
            return venue
    return ""


def _keywords(text: str) -> list[str]:
    """``keywords`` split at commas and semicolons, blanks dropped."""
    return [word.strip() for word in _KEYWORD_SEPARATOR.split(text) if word.strip()]
