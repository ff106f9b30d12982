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
                          arXiv DOI (``10.48550/arXiv...``)
``doi``                   ``doi``, or a ``https://doi.org/...`` ``url``
``url``                   ``url``, or a ``howpublished`` that is a link
``venue``                 the first of ``journal`` (biblatex ``journaltitle``),
                          ``booktitle``, ``publisher``, ``howpublished`` (not a link),
                          ``institution``, ``school``
``keywords``              ``keywords``, separated by commas or semicolons
``entry_type``            the entry type, lower-cased; ``citation_key`` its key
========================  =============================================================

``@string`` macros are expanded, also in ``#`` concatenations and inside
other macros (a macro defined twice has its last value); month macros
(``jan`` ...) give the month. ``@comment``, ``@preamble``, ``%`` comments and
any text between entries are ignored, and so are biblatex's ``@xdata`` and
``@set`` (they are not works). An entry on a line that starts with ``%`` is
commented out and ignored, as biber does (BibTeX would read it). A field given
twice keeps its first value, as BibTeX does; entries sharing a citation key
are all read (the library recognises the same paper twice).

LaTeX in titles, authors, venues, abstracts and keywords becomes plain
Unicode text: braces are dropped (``{{BERT}}`` is ``BERT``), accents and
special letters are composed (``{\"u}``, ``\'{e}``, ``{\c{c}}``, ``\ss``,
``\o``), escapes are unescaped (``\&``, ``\%``, ``{\_}``), ``~`` is a space,
``--`` an en dash and ``---`` an em dash, and math is converted to text where
it has a Unicode equivalent (``$\alpha$-net`` is ``α-net``, ``$O(n \log n)$``
is ``O(n log n)``; ``^`` and ``_`` are kept). URLs, DOIs and arXiv ids are not
LaTeX and are only unescaped (``\_``, ``\%``).

An entry the parser cannot read (unbalanced braces, a missing comma ...) is
rejected with its line, and so is one without title, DOI or arXiv id; the
other entries of the file are still read.

Parsing is done by bibtexparser 2 (its splitter, ``SeparateCoAuthors``,
``MonthIntMiddleware`` and BibTeX name splitting) and pylatexenc (the LaTeX
decoder behind bibtexparser's ``LatexDecodingMiddleware``). Where their
middlewares fall short this module does the work itself: it expands ``#``
concatenations (``ResolveStringReferencesMiddleware`` only replaces a field
that is one macro), reads entries that bibtexparser sets aside as failed
blocks but that BibTeX reads (a repeated citation key or field), splits names
leniently (``SplitNameParts`` drops the whole entry on an odd name), and
decodes LaTeX only in text fields and only around the LaTeX in them
(``LatexDecodingMiddleware`` decodes every field, which garbles URLs, skips
author lists, and takes about 15 ms per abstract).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

import bibtexparser
from bibtexparser.library import Library as BibLibrary
from bibtexparser.middlewares import MonthIntMiddleware, SeparateCoAuthors
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_parsing_context
from pylatexenc.macrospec import LatexContextDb

from store.errors import InputError
from store.identity import normalise_arxiv_id, normalise_doi
from store.importers.base import ParseResult, Progress, build_paper
from store.text import one_line

FORMAT = "bibtex"

#: ``progress`` is called after every this many entries (and at the end).
PROGRESS_EVERY = 500

# bibtexparser logs every syntax error as a warning; with no logging set up,
# Python would print them on stderr, over the terminal UI. The errors are
# reported as rejected records instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

#: The fields read; the others (``file``, ``biburl``, ``note`` ...) are ignored.
_FIELDS = frozenset({
    "title", "subtitle", "author", "abstract", "keywords", "year", "month", "day", "date",
    "journal", "journaltitle", "booktitle", "publisher", "howpublished", "institution", "school",
    "doi", "url", "eprint", "archiveprefix", "eprinttype", "volume",
})
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "howpublished", "institution", "school")
#: biblatex entry types that are not works: data containers and entry sets.
_NOT_WORKS = frozenset({"xdata", "set"})
#: Per-entry middlewares of bibtexparser, applied after macros are expanded.
_MIDDLEWARES = (SeparateCoAuthors(), MonthIntMiddleware())

# -- sniffing --
_SNIFF_CHARS = 200_000
_BLOCK = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_FENCED = re.compile(r"^\s*(```|~~~).*?^\s*\1", re.MULTILINE | re.DOTALL)
_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*[^\s,{}()\"=#%]*[ \t]*,", re.MULTILINE)
_KNOWN_TYPES = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online", "report",
    "thesis", "collection", "mvbook", "bookinbook", "suppbook", "periodical", "patent", "dataset",
    "software", "electronic", "www", "preprint", "inreference", "reference", "mvcollection",
})
_SPECIAL_BLOCKS = frozenset({"string", "preamble", "comment"})

# -- values --
_VALUE_MARKS = re.compile(r'(?<!\\)[{}"#]')
_URL_ESCAPE = re.compile(r"\\([_%&#~$])")
_URL_MACRO = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)
_LINK = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})\b")
_ISO_DATE = re.compile(r"^(\d{4})(-\d{2}(?:-\d{2})?)?")
_KEYWORD_SEPARATOR = re.compile(r"[;,]")
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(\S+)", re.IGNORECASE)
_FAILED_KEY = re.compile(r"^@\s*(\w+)\s*[{(]\s*([^\s,{}()\"=]*)")

# -- LaTeX --
#: What makes a word need the LaTeX decoder; any other word is left as it is.
_LATEX = re.compile(r"[\\{}$~]|--|``|''")
_WORD_END = re.compile(r"\S*")
_NEXT_WORD = re.compile(r"\s+\S+")
#: LaTeX that only the decoder can turn into text (the rest of a stretch is braces).
_MACROS_MATH_LIGATURES = re.compile(r"[\\$~]|--|``|''")
#: Characters that are literal in a BibTeX field but special in LaTeX.
_BARE_SPECIALS = re.compile(r"(?<!\\)([%&#])")
_GROUP_MARKS = re.compile(r"(?<!\\)[{}$]")


#: Text macros that pylatexenc does not know (it drops them) or renders oddly,
#: as Zotero and readlist's own export write them.
_MORE_MACROS = {"textless": "<", "textgreater": ">", "textbar": "|", "textunderscore": "_",
                "textasciicircum": "^", "textperiodcentered": "·", "textbraceleft": "{", "textbraceright": "}"}


@cache
def _text_decoder() -> LatexNodes2Text:
    """pylatexenc's LaTeX-to-text converter, set up as bibtexparser's
    ``LatexDecodingMiddleware`` sets it up (``\\url{x}`` is ``x``), with math
    converted to text and :data:`_MORE_MACROS` added. Made on first use."""
    macros = [MacroTextSpec("url", simplify_repl="%s")]
    macros += [MacroTextSpec(name, simplify_repl=text) for name, text in _MORE_MACROS.items()]
    context = get_default_latex_context_db()
    context.add_context_category("bibtex", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="text")


@cache
def _parsing_context() -> LatexContextDb:
    """pylatexenc's parsing context, made once: by default it makes one per string (0.4 ms)."""
    return get_default_parsing_context()


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
        does not stop the other entries. Bad content never raises: a text
        that holds no entry gives an empty result.
    """
    result = ParseResult(FORMAT)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the splitter counts lines by "\n"
    library = bibtexparser.parse_string(text, parse_stack=[])  # split only: see _records
    strings = _macros(library)
    records = list(_records(library, text.split("\n")))
    for done, record in enumerate(records, start=1):
        if isinstance(record, Entry):
            _read_entry(record, library, strings, source, result)
        else:
            result.rejected.append(_syntax_error(record, source))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(records)):
            progress(done, len(records))
    return result


def _records(library: BibLibrary, lines: list[str]) -> Iterator[Entry | ParsingFailedBlock]:
    """The entries of ``library`` in file order, and the blocks that failed to parse.

    bibtexparser sets aside an entry whose key was used before, or that has a
    field twice, as a failed block that its middlewares skip; BibTeX reads
    both, so they are returned as entries. Left out: ``@string``,
    ``@preamble``, comments, biblatex ``@xdata``/``@set``, and entries
    commented out (``lines[n]`` is line ``n + 1`` of the file).
    """
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


def _macros(library: BibLibrary) -> dict[str, str]:
    """The raw values of the ``@string`` macros by lower-cased name; a macro
    defined twice has its last value."""
    macros = {}
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, String):
            macros[block.key.lower()] = block.value
    return macros


def _syntax_error(block: ParsingFailedBlock, source: str) -> InputError:
    """The rejection of a block the parser could not read, naming its key and the problem."""
    match = _FAILED_KEY.match(block.raw or "")
    kind, key = (match.group(1).lower(), match.group(2)) if match else ("", "")
    what = f"entry '{key}'" if key and kind not in _SPECIAL_BLOCKS else f"@{kind or '?'} block"
    reason = one_line(str(getattr(block.error, "abort_reason", "") or block.error)).rstrip(".")
    line = block.start_line + 1 if block.start_line is not None else None
    return InputError(source, f"{what} is not valid BibTeX: {reason}", line)


def _read_entry(entry: Entry, library: BibLibrary, strings: dict[str, str], source: str,
                result: ParseResult) -> None:
    """Make a paper of one entry and add it to ``result``, or add why it was rejected."""
    key, line = entry.key, entry.start_line + 1
    fields = _field_values(entry, library, strings)
    title = _join_title(_text(fields, "title"), _text(fields, "subtitle"))
    doi, arxiv_id, url = _doi(fields), _arxiv_id(fields), _url(fields)
    if not (title or doi or arxiv_id):
        result.rejected.append(InputError(source, f"entry '{key}' has no title, DOI or arXiv id", line))
        return
    try:
        paper = build_paper(
            source=source, source_format=FORMAT, line=line,
            title=title, abstract=_text(fields, "abstract"), authors=_authors(fields.get("author")),
            date=_date(fields), arxiv_id=arxiv_id, doi=doi, url=url, venue=_venue(fields),
            entry_type=entry.entry_type, citation_key=key, keywords=_keywords(_text(fields, "keywords")),
        )
    except InputError as error:
        result.rejected.append(InputError(source, f"entry '{key}': {error.reason}", line))
        return
    result.papers.append(paper)


def _field_values(entry: Entry, library: BibLibrary, strings: dict[str, str]) -> dict[str, Any]:
    """The values of the fields this importer reads, by lower-cased name.

    Macros and concatenations are expanded and enclosing braces or quotes
    removed; then bibtexparser's middlewares make ``author`` a list of names
    and ``month`` a number (1-12) when they can. A repeated field keeps its
    first value.
    """
    kept = {}
    for field in entry.fields:
        name = field.key.lower()
        if name in _FIELDS and name not in kept:
            field.key, field.value = name, _expand(field.value, strings)
            kept[name] = field
    entry.fields = list(kept.values())
    for middleware in _MIDDLEWARES:
        entry = middleware.transform_block(entry, library)
    return {field.key: field.value for field in entry.fields}


def _expand(value: str, strings: dict[str, str], depth: int = 0) -> str:
    """A raw field value as BibTeX reads it: ``{...}`` and ``"..."`` lose their
    delimiters, numbers stay, macros are replaced by their ``@string`` value
    (an unknown macro, such as ``jan``, by its name) and ``#`` joins parts.

    ``depth`` stops macros that refer to each other in a loop.
    """
    parts = []
    for part in _concatenated_parts(value):
        if len(part) > 1 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            parts.append(part[1:-1])
        elif part.lower() in strings and depth < 20:
            parts.append(_expand(strings[part.lower()], strings, depth + 1))
        else:
            parts.append(part)
    return "".join(parts)


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
    return _latex_to_text(value) if isinstance(value, str) else ""


def _raw(fields: dict[str, Any], name: str) -> str:
    """The field ``name`` as given (a link or identifier), escapes such as ``\\_`` undone."""
    value = fields.get(name)
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if match := _URL_MACRO.match(value):
        value = match.group(1).strip()
    return _URL_ESCAPE.sub(r"\1", value)


def _latex_to_text(value: str) -> str:
    """``value`` with its LaTeX turned into Unicode text (see the module docstring).

    Only the stretches that hold LaTeX go through the decoder, which is slow:
    from a word with a backslash, brace, ``$``, ``~`` or ligature, to the end
    of the word where its braces and math close. The rest is kept as it is.
    """
    out, position = [], 0
    while match := _LATEX.search(value, position):
        start, end = match.start(), _WORD_END.match(value, match.start()).end()
        while start > position and not value[start - 1].isspace():
            start -= 1
        depth, in_math = _open_groups(value[start:end], 0, False)
        while (depth > 0 or in_math) and (word := _NEXT_WORD.match(value, end)):
            depth, in_math = _open_groups(word.group(), depth, in_math)
            end = word.end()
        out += (value[position:start], _decode_latex(value[start:end]))
        position = end
    out.append(value[position:])
    return "".join(out)


def _open_groups(text: str, depth: int, in_math: bool) -> tuple[int, bool]:
    """The brace depth and math mode after ``text``, from ``depth`` and ``in_math`` before it."""
    for mark in _GROUP_MARKS.findall(text):
        if mark == "$":
            in_math = not in_math
        else:
            depth += 1 if mark == "{" else -1
    return depth, in_math


@lru_cache(maxsize=16384)
def _decode_latex(latex: str) -> str:
    """pylatexenc's text for a stretch of LaTeX; a bare ``%``, ``&`` or ``#`` is
    literal text in BibTeX (LaTeX would read a comment or a table column).

    A stretch with only braces (``{BERT}:``, the commonest) is done here, ten
    times faster, with the same result.
    """
    if not _MACROS_MATH_LIGATURES.search(latex):
        return latex.replace("{", "").replace("}", "")
    decoder, latex = _text_decoder(), _BARE_SPECIALS.sub(r"\\\1", latex)
    return decoder.latex_to_text(latex, latex_context=_parsing_context())


def _join_title(title: str, subtitle: str) -> str:
    """biblatex's ``title`` and ``subtitle`` as one title."""
    if title and subtitle:
        return f"{title.rstrip()}: {subtitle.strip()}"
    return title or subtitle


def _authors(names: list[str] | None) -> list[str]:
    """Display names (``"First von Last Jr"``) of the author list made by
    ``SeparateCoAuthors``; ``others`` (``and others``, "et al.") is dropped."""
    shown = (_display_name(name) for name in names or ())
    return [name for name in shown if name and name.lower() != "others"]


@lru_cache(maxsize=16384)
def _display_name(name: str) -> str:
    """One BibTeX name (``"M{\\"u}ller, J."``, ``"{OpenAI}"``) as ``"First von Last Jr"``.

    Names are split as BibTeX does (bibtexparser's ``parse_single_name_into_parts``,
    leniently: an odd name such as one with too many commas is still read).
    """
    parts = parse_single_name_into_parts(name, strict=False)
    words = (parts.first, parts.von, parts.last, parts.jr)
    return " ".join(_latex_to_text(word) for group in words for word in group)


def _date(fields: dict[str, Any]) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from ``year``/``month``/``day``,
    else the start of a biblatex ``date`` (``2024-03-15``, ``2024-03-15/2024-03-17``);
    ``""`` when there is no year. Nothing is completed."""
    year = _YEAR.search(str(fields.get("year", "")))
    if year is None:
        date = _ISO_DATE.match(str(fields.get("date", "")).strip())
        return date.group(0) if date else ""
    month, day = fields.get("month"), str(fields.get("day", "")).strip()
    if not isinstance(month, int):  # MonthIntMiddleware leaves what it does not know as text
        return year.group(1)
    if day.isdigit() and 1 <= int(day) <= 31:
        return f"{year.group(1)}-{month:02d}-{int(day):02d}"
    return f"{year.group(1)}-{month:02d}"


def _arxiv_id(fields: dict[str, Any]) -> str:
    """The arXiv id of an entry, from the first field that has one (see the module docstring)."""
    archive = (_raw(fields, "archiveprefix") or _raw(fields, "eprinttype")).lower()
    candidates = [
        _raw(fields, "eprint") if archive in ("", "arxiv") else "",
        journal if "arxiv" in (journal := _raw(fields, "journal")).lower() else "",
        volume if (volume := _raw(fields, "volume")).lower().startswith("abs/") else "",
        url if "arxiv.org/" in (url := _url(fields)).lower() else "",
        match.group(1) if (match := _ARXIV_DOI.search(_raw(fields, "doi"))) else "",
    ]
    return next((arxiv_id for text in candidates if text and (arxiv_id := normalise_arxiv_id(text))), "")


def _doi(fields: dict[str, Any]) -> str:
    """The ``doi`` field, or a DOI link given as the entry's URL."""
    if doi := _raw(fields, "doi"):
        return doi
    url = _url(fields)
    return url if "doi.org/" in url.lower() and normalise_doi(url) else ""


def _url(fields: dict[str, Any]) -> str:
    """The ``url`` field, or ``howpublished`` when it is a link (``\\url{...}``)."""
    howpublished = _raw(fields, "howpublished")
    return _raw(fields, "url") or (howpublished if _LINK.match(howpublished) else "")


def _venue(fields: dict[str, Any]) -> str:
    """The first venue field present (``howpublished`` only when it is not a link)."""
    for name in _VENUE_FIELDS:
        venue = _text(fields, name).strip()
        if venue and not (name == "howpublished" and _LINK.match(_raw(fields, name))):
            return venue
    return ""


def _keywords(text: str) -> list[str]:
    """``keywords`` split at commas and semicolons, blanks dropped."""
    return [word.strip() for word in _KEYWORD_SEPARATOR.split(text) if word.strip()]
