"""BibTeX out: one entry per paper, for classic BibTeX and for biblatex/biber.

The output follows Oren Patashnik's "BibTeXing" (btxdoc, 1988) and "Designing
BibTeX Styles" (btxhak):

- entry types are the standard ones (``@article``, ``@inproceedings``, ...);
  a paper's own type is kept when it is one of them, else it is ``@article``
  when it appeared in a venue other than arXiv and ``@misc`` otherwise;
- every field value is brace-delimited; names are ``Last, First`` (``von
  Last, Jr, First`` when needed) joined by `` and ``; ``month`` is the
  standard three-letter macro (``month = oct``); ``year`` is written only
  when the source gave one (a date such as ``"Oct 13"`` gives none);
- titles are wrapped in double braces, ``{{...}}``, so styles print them
  exactly as given rather than changing their case;
- text is 7-bit LaTeX: accented letters become btxdoc "special characters"
  (``é`` -> ``{\\'e}``, ``ç`` -> ``{\\c{c}}``, ``ß`` -> ``{\\ss}``, dotless
  ``{\\'\\i}``), so BibTeX sorts and abbreviates them right; LaTeX's special
  characters are escaped (``\\&``, ``\\%``, ``\\$``, ``\\#``, ``\\_``,
  ``\\textbackslash{}``, ``\\textless{}`` ...) and TeX ligatures broken
  (``-{}-``), so text, LaTeX-looking text included, prints as typed. A
  character with no LaTeX spelling here (CJK, Greek ...) is kept as UTF-8,
  LaTeX's input encoding since 2018 (the font must have the glyph);
- ``doi``, ``url`` and ``eprint`` are written verbatim (the ``url`` and
  ``doi`` packages and biblatex read them so), with ``archivePrefix =
  {arXiv}`` beside an ``eprint`` as arXiv recommends
  (https://info.arxiv.org/help/hypertex/bibstyles/index.html); biblatex reads
  ``archivePrefix`` as its ``eprinttype`` alias.

Citation keys: the key the paper's source gave (a BibTeX import) when it is a
valid key, else ``<first author's surname><year><first significant word of the
catalogue title>`` in lower-case ASCII (``vaswani2017attention``), parts the
paper lacks left out (``paper<id>`` if nothing is left). A title the reader
typed does not change the key. Keys are unique within one export, compared
without case: when two papers would share a key, the one added to the
library first keeps it and the others get ``a``, ``b``, ``c`` ... appended, so
keys do not change from one export to the next.

``keywords`` holds the paper's keywords as its source gave them (BibTeX
``keywords``, RIS ``KW``, arXiv subjects), then the reader's tags that are not
one of them spelled as a tag (``computer-science-ai`` is *Computer Science -
AI*); the reader's note, on request, goes to ``note``, which standard styles
print.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import count

from readlist.store.dates import MONTH_NAMES, parse_date
from readlist.store.models import Entry, Paper
from readlist.store.tags import normalise_tag

#: The entry types of btxdoc (standard styles).
ENTRY_TYPES = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
})
#: The field that names the venue, by entry type (``howpublished`` for the others).
_VENUE_FIELD = {
    "article": "journal", "inproceedings": "booktitle", "conference": "booktitle", "incollection": "booktitle",
    "inbook": "booktitle", "book": "publisher", "proceedings": "publisher", "techreport": "institution",
    "phdthesis": "school", "mastersthesis": "school", "manual": "organization",
}
#: BibTeX's month macros, January first (``plain.bst``): ``jan`` ... ``dec``.
_MONTHS = tuple(abbreviation.lower() for _, abbreviation, *_ in MONTH_NAMES)

# -- LaTeX escaping -------------------------------------------------------------

#: Characters special to LaTeX (btxdoc §4), and letters and signs with a LaTeX name.
_CHARACTERS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "ø": r"{\o}", "Ø": r"{\O}",
    "å": r"{\aa}", "Å": r"{\AA}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "ȷ": r"{\j}",
    "đ": r"{\dj}", "Đ": r"{\DJ}", "ð": r"{\dh}", "Ð": r"{\DH}", "þ": r"{\th}", "Þ": r"{\TH}",
    "\u00a0": "~", "–": r"\textendash{}", "—": r"\textemdash{}", "…": r"\ldots{}",
    "‘": r"\textquoteleft{}", "’": r"\textquoteright{}", "“": r"\textquotedblleft{}", "”": r"\textquotedblright{}",
    "«": r"\guillemotleft{}", "»": r"\guillemotright{}", "°": r"\textdegree{}", "™": r"\texttrademark{}",
    "®": r"\textregistered{}",
}
#: Combining accents and their LaTeX accent commands; True for those written
#: with a braced argument (``\c{c}``), False for the symbol ones (``\'e``).
_ACCENTS = {
    "\u0300": ("`", False), "\u0301": ("'", False), "\u0302": ("^", False), "\u0303": ("~", False),
    "\u0304": ("=", False), "\u0307": (".", False), "\u0308": ('"', False), "\u0306": ("u", True),
    "\u030a": ("r", True), "\u030b": ("H", True), "\u030c": ("v", True), "\u0323": ("d", True),
    "\u0327": ("c", True), "\u0328": ("k", True), "\u0331": ("b", True),
}
#: Accents drawn above the letter: on ``i`` and ``j`` they take the dotless forms.
_ABOVE = frozenset("\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c")


def _accented(char: str) -> str | None:
    """``é`` -> ``{\\'e}``, ``ệ`` -> ``{\\^{\\d{e}}}``; ``None`` when it has no LaTeX spelling."""
    base, *marks = unicodedata.normalize("NFD", char)
    if not marks or not ("a" <= base.lower() <= "z") or any(m not in _ACCENTS for m in marks):
        return None
    text = "\\" + base if base in "ij" and marks[0] in _ABOVE else base
    for mark in marks:
        command, braced = _ACCENTS[mark]
        simple = len(text) == 1 or text in (r"\i", r"\j")
        text = f"\\{command}{{{text}}}" if braced or not simple else f"\\{command}{text}"
    return "{" + text + "}"


def _balanced(text: str) -> bool:
    """True when every ``}`` of ``text`` closes an earlier ``{`` and none is left open."""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for brace in _BRACE.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


_BRACE = re.compile(r"[{}]")
_PAIRED_BRACES = {"{": r"\{", "}": r"\}"}
_LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
# What latex() must respell: LaTeX's special characters, braces, controls, every non-ASCII character.
_NOT_PLAIN = re.compile(r"[\\&%$#_~^<>|{}\x00-\x1f\x7f]|[^\x00-\x7f]")
# Pairs TeX fonts turn into other characters ("--" into an en dash, "``" into a quote,
# "?`" into "¿"), and how they are kept as typed.
_LIGATURES = {pair: pair[0] + "{}" + pair[1] for pair in ("--", "``", "''", ",,", "!`", "?`")}


@lru_cache(maxsize=4096)
def _spelling(char: str) -> str:
    """The LaTeX of one character other than a brace: ``""`` for a control
    character, itself when it has no other spelling."""
    if unicodedata.category(char) == "Cc":
        return ""
    return _CHARACTERS.get(char) or _accented(char) or char


def latex(text: str) -> str:
    """``text`` as 7-bit LaTeX for a BibTeX field, on one line (see the module docstring).

    Whitespace runs become one space and control characters are dropped.
    TeX ligatures (``--``, ``''``, two backquotes, ``?`` before a backquote
    ...) are broken with ``{}``, so the text prints as typed. Braces become
    ``\\{`` and ``\\}`` when they pair up in ``text`` (BibTeX counts them even
    escaped), else ``\\textbraceleft{}`` and ``\\textbraceright{}``, so the
    field's braces always balance.
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    braces = _PAIRED_BRACES if _balanced(text) else _LONE_BRACES
    text = _NOT_PLAIN.sub(lambda match: braces.get(match.group()) or _spelling(match.group()), text)
    for pair, kept in _LIGATURES.items():
        while pair in text:  # twice at most: "---" -> "-{}--" -> "-{}-{}-"
            text = text.replace(pair, kept)
    return text


def verbatim(text: str) -> str:
    """A DOI, URL or eprint for a verbatim field: kept as is, except that
    braces and backslashes (which would break the entry) are percent-encoded."""
    return "".join(text.split()).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


# -- names ----------------------------------------------------------------------

#: Lower-case name particles that belong to the last name ("von" part, btxdoc §4).
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "dos", "le", "la", "ten",
                        "ter", "zu", "af", "av", "bin", "ibn", "al"})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _name_parts(name: str) -> tuple[str, str, str]:
    """``"Ludwig van Beethoven"`` -> ``("van Beethoven", "", "Ludwig")``: (von Last, Jr, First)."""
    if "," in name:
        last, _, first = name.partition(",")
        return last.strip(), "", first.strip()
    words = name.split()
    jr = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else ""
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), jr, " ".join(words[:start])


def bibtex_name(name: str) -> str:
    """One author as ``Last, First`` (``von Last, Jr, First``), LaTeX-escaped;
    a word ``and`` inside a name is braced so it does not split the list."""
    text = ", ".join(latex(part) for part in _name_parts(name) if part)
    return " ".join("{and}" if word.lower() == "and" else word for word in text.split(" "))


# -- citation keys ----------------------------------------------------------------

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_VALID_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]+$")
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
                       "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"})
_STOP_WORDS = frozenset(
    "a an the on of in for and or to with without towards toward via from at by is are be do does can "
    "what how why when where which who your our we you it its as into over under".split()
)


def _ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text``, accents removed (``Müller`` -> ``muller``)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _ASCII_WORD.findall(text.lower())


def _surname(paper: Paper) -> str:
    if not paper.authors:
        return ""
    last = _name_parts(paper.authors[0])[0]
    return "".join(w for w in _ascii_words(last) if w not in _PARTICLES)


def generated_key(paper: Paper) -> str:
    """``<surname><year><first significant title word>`` in lower-case ASCII,
    leaving out what the paper lacks; ``paper<id>`` when nothing is left."""
    date = parse_date(paper.date) if paper.date else None
    year = str(date.year) if date and date.year else ""
    word = next((w for w in _ascii_words(paper.title) if w not in _STOP_WORDS and not w.isdigit()), "")
    return f"{_surname(paper)}{year}{word}" or f"paper{paper.id}"


def _letters(number: int) -> str:
    """1 -> ``a``, 26 -> ``z``, 27 -> ``aa``: the suffix of the n-th repeat of a key."""
    suffix = ""
    while number:
        number, rest = divmod(number - 1, 26)
        suffix = chr(ord("a") + rest) + suffix
    return suffix


def citation_keys(papers: list[Paper]) -> dict[str, str]:
    """A unique citation key per paper id (see the module docstring).

    Keys the sources gave are placed first, then generated ones; within each,
    papers added earlier (ties: lower id) keep the plain key. Keys are
    compared without case, as BibTeX does.
    """
    given = {p.id: p.citation_key for p in papers if _VALID_KEY.match(p.citation_key)}
    order = sorted(papers, key=lambda p: (p.id not in given, p.added, p.id))
    used: set[str] = set()
    repeats: dict[str, int] = {}  # base key -> the suffix number to try next
    keys: dict[str, str] = {}
    for paper in order:
        if paper.id in keys:
            continue
        base = given.get(paper.id) or generated_key(paper)
        start = repeats.get(base.casefold(), 0)
        number = next(n for n in count(start) if (base + _letters(n)).casefold() not in used)
        repeats[base.casefold()] = number + 1
        keys[paper.id] = base + _letters(number)
        used.add(keys[paper.id].casefold())
    return keys


# -- entries ----------------------------------------------------------------------


def _preprint(venue: str) -> bool:
    """True for no venue, or arXiv as the venue."""
    return not venue or "arxiv" in venue.casefold()


def entry_type(paper: Paper) -> str:
    """The paper's BibTeX type: its own when standard, else ``article`` for a
    venue other than arXiv, else ``misc``."""
    if paper.entry_type in ENTRY_TYPES:
        return paper.entry_type
    return "misc" if _preprint(paper.venue) else "article"


def keywords_of(entry: Entry) -> list[str]:
    """What the ``keywords`` field lists: the paper's keywords as given (each
    once), then the reader's tags that none of them is, as a tag, already."""
    keywords = list(dict.fromkeys(k for k in entry.paper.keywords if k.strip()))
    spelled = {normalise_tag(k) for k in keywords}
    return keywords + [tag for tag in entry.tags if tag not in spelled]


def _fields(entry: Entry, kind: str, notes: bool) -> Iterator[tuple[str, str]]:
    """``(name, value as written)`` of each field the entry has, in a fixed order."""
    paper = entry.paper
    yield "title", "{{" + latex(entry.title) + "}}"
    if paper.authors:
        others = " and others" if paper.et_al else ""  # BibTeX's "et al." (Tame the BeaST, on names)
        yield "author", "{" + " and ".join(bibtex_name(a) for a in paper.authors) + others + "}"
    date = parse_date(paper.date) if paper.date else None
    if date and date.year:
        yield "year", f"{{{date.year}}}"
        if date.month:
            yield "month", _MONTHS[date.month - 1]
    if paper.venue:
        yield _VENUE_FIELD.get(kind, "howpublished"), "{" + latex(paper.venue) + "}"
    for name, value in (("doi", paper.doi), ("url", paper.url), ("eprint", paper.arxiv_id)):
        if value:
            yield name, "{" + verbatim(value) + "}"
    if paper.arxiv_id:
        yield "archivePrefix", "{arXiv}"
    if paper.abstract:
        yield "abstract", "{" + latex(paper.abstract) + "}"
    keywords = keywords_of(entry)
    if keywords:
        yield "keywords", "{" + latex(", ".join(keywords)) + "}"
    if notes and entry.note.strip():
        yield "note", "{" + latex(entry.note) + "}"


def bibtex_entry(entry: Entry, key: str, *, notes: bool = False) -> str:
    """One ``@type{key, ...}`` entry, ending with a newline (see :func:`export_bibtex`)."""
    kind = entry_type(entry.paper)
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in _fields(entry, kind, notes)]
    return "\n".join(lines) + "\n}\n"


def export_bibtex(entries: Iterable[Entry], *, notes: bool = False) -> str:
    """A BibTeX file of ``entries``, one entry per paper in the order given.

    Args:
        entries: the papers (a paper given twice is written once).
        notes: add the reader's note as the ``note`` field (on one line:
            BibTeX joins lines anyway).

    Returns:
        The file's text, 7-bit LaTeX except characters with no LaTeX spelling
        (see the module docstring); entries separated by a blank line; ``""``
        for no entries. The same entries give the same text every time.
    """
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.id, entry)
    keys = citation_keys([e.paper for e in unique.values()])
    return "\n".join(bibtex_entry(e, keys[e.id], notes=notes) for e in unique.values())
