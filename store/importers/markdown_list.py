r"""Markdown paper lists: the GitHub "awesome" lists and READMEs like them.

Markdown as GitHub renders it (https://github.github.com/gfm/). A paper is a
**list item, table row or paragraph that carries a paper link**; everything
else (prose, headings, badges, tables of contents, links to code) is read past
without complaint. A paragraph counts only when it *starts* with the paper's
title (bold text or the paper link itself, after any emoji): a paragraph of
prose that mentions a paper is not one. HTML ``<table>`` blocks are not read.

A paper link points to arXiv (``arxiv.org/abs/``, ``/pdf/``, ``/html/``: the
arXiv id), a DOI (``doi.org/10...``: the DOI; an arXiv DOI ``10.48550/arXiv.*``
also gives the arXiv id) or OpenReview (``openreview.net/forum?id=`` or
``/pdf?id=``: kept as the paper's URL). Links may be Markdown links, HTML
``<a href>``, ``<autolinks>`` or bare URLs. Variants read::

    | [Title](https://arxiv.org/abs/2501.01234) | CVPR | 2025 | [code](https://github.com/...) |
    | Title | NeurIPS 2024 | 2024 | [arXiv](https://arxiv.org/pdf/2501.01234v2) |
    - [Title](https://arxiv.org/abs/2501.01234) - what it does
    * **Title** [[paper]](https://arxiv.org/pdf/2501.01234) [[code]](https://github.com/...)
    1. Title. First Author, Second Author. *ICLR 2024*. [[arXiv](https://arxiv.org/abs/...)]
    1. [**Title.**](https://arxiv.org/abs/...) *First Author, Second Author.* Arxiv 2023.
    - **[CVPR 2024]** Title [[pdf](...)]
    - **Title**                           <- a title alone on a list item,
      - [[arXiv]](https://arxiv.org/...)    its link on the first sub-item
    - <b>Title</b><br>Authors<br><a href="https://arxiv.org/abs/...">[Paper]</a>
    **Title** \                           <- a paragraph, one line per part
    *First Author, Second Author* \
    arXiv 2023. [[Paper](https://arxiv.org/abs/...)]

The title is the paper link's text unless that text is generic ("paper",
"arXiv", "PDF", "[1]", an id, a badge ...); then the first bold text that is
not a venue tag; then the item's (or the table's title column's) plain text up
to the first sentence end, `` - `` or line break. Images, badges, HTML tags
(``<sup>`` with its content), emphasis and escapes are removed. Lines that
continue a list item or paragraph are part of it.

Tables: the header names columns: title (``Title``, ``Paper``, ``Name`` ...),
venue (``Venue``, ``Conference``, ``Journal`` ...), date (``Year``, ``Date``)
and authors. Without a title column the first cell that reads as a title is
used. In list items and paragraphs the venue is a leading ``[CVPR 2024]`` tag,
an italic text with a year (``*ICLR 2024*``) or a sentence after the title
such as ``Arxiv 2023.``; the date is then the venue's four-digit year. Authors
are an italic list of two names or more, or the sentence after the title.

The nearest heading above a paper, lower-cased and stripped of Markdown and
emoji, becomes its one keyword (the awesome list's section, e.g.
``"test-time scaling"``). Fenced code blocks (BibTeX citations, say) and HTML
comments are skipped entirely. A list item or table row with a paper link but
no usable title is rejected with its line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from store.dates import parse_date
from store.errors import InputError
from store.identity import normalise_arxiv_id, normalise_doi
from store.importers.base import ParseResult, Progress, build_paper

FORMAT = "markdown-list"

#: How often ``parse`` reports progress, in candidate items.
PROGRESS_EVERY = 500
#: A title longer than this is a sentence of prose, not a title.
MAX_TITLE = 300

# --- block structure ---
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# --- inline Markdown and HTML ---
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_SUP = re.compile(r"<sup\b[^>]*>.*?</sup>", re.IGNORECASE | re.DOTALL)
_HTML_ANCHOR = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*[\"']?(?P<url>[^\"'\s>]+)[\"']?[^>]*>(?P<text>.*?)</a>", re.IGNORECASE | re.DOTALL
)
_HTML_BOLD = re.compile(r"</?(?:b|strong)\s*>", re.IGNORECASE)
_HTML_ITALIC = re.compile(r"</?(?:i|em)\s*>", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\s*/?>|</?p\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^\s<>]+)>")
_BARE_URL = re.compile(r"(?<![(\[<\"'=/\w])https?://[^\s<>()\[\]|\"']+")
#: ``[text](url "title")``; the text may hold one level of brackets (``[[paper]](url)``),
#: the URL one level of parentheses (DOIs such as ``10.1016/S0140-6736(20)30183-5``).
_LINK = re.compile(
    r"\[(?P<text>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]"
    r"\(\s*<?(?P<url>(?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_BOLD = re.compile(r"\*\*(?P<text>.+?)\*\*|__(?P<text2>.+?)__")
_ITALIC = re.compile(r"(?<![*\w])\*(?![*\s])(?P<text>[^*]+?)(?<!\s)\*(?!\*)|(?<!\w)_(?!_)(?P<text2>[^_]+?)_(?!\w)")
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
_LEADING_SYMBOLS = re.compile(r"^(?::[a-z0-9_+-]+:|[^\w*\[])*")  # emoji, ":fire:", spaces

# --- papers ---
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(?P<id>[^\s?#]+)", re.IGNORECASE)
_DOI_URL = re.compile(r"doi\.org/(?P<doi>10\.\S+)", re.IGNORECASE)
_OPENREVIEW_URL = re.compile(r"openreview\.net/(?:forum|pdf)\?(?:\S*&)?id=[\w-]+", re.IGNORECASE)
_ARXIV_DOI = "10.48550/arxiv."  # DataCite DOIs of arXiv papers, lower-cased
_PAPER_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/|doi\.org/10\.|openreview\.net/(?:forum|pdf)\?", re.IGNORECASE)
#: Words of link texts that say "the paper" (or the code) rather than name it.
_GENERIC_WORDS = frozenset({
    "paper", "papers", "arxiv", "pdf", "link", "links", "abs", "abstract", "html", "url", "doi",
    "openreview", "here", "preprint", "project", "page", "website", "homepage", "code", "github",
    "demo", "blog", "video", "slides", "poster", "official", "full", "text", "view", "download",
    "pub", "publication", "proceedings", "hf", "huggingface", "model", "models", "dataset",
    "version", "v", "org", "cs", "the", "on", "oral", "spotlight",
})
_WORD = re.compile(r"[^\W\d_]+|\d+")
_VENUE_TAG = re.compile(r"^\s*[\[(](?P<venue>[^\[\]()]{2,40})[\])]\s*")
#: "CVPR 2024", "NeurIPS'23", "ICLR2025", "ICML 2024 Oral" (not "YOLOv10").
_VENUE_LIKE = re.compile(
    r"^[A-Za-z][\w&.-]*?(?:\s+[A-Za-z][\w&.-]*){0,3}(?:\s*['’]\s*\d{2}|\s*(?:19|20)\d{2}|\s+\d{2})(?:\s+[A-Za-z]+)?$"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: A full stop ending a sentence (not an initial: "J. Doe").
_SENTENCE = re.compile(r"(?<![\s.,][A-Z])\.\s+")
_PHRASE_END = re.compile(rf"{_SENTENCE.pattern}|\s+[-–—|]\s+")
_NUMBERING = re.compile(r"^[\d.]+\s+")
_AUTHOR_SEPARATOR = re.compile(r",\s*|\s+and\s+|\s*&\s*")
#: Up to six words of letters, apostrophes, dots and hyphens: "Pedro M. Q. Aguiar", "Wen-tau Yih".
_AUTHOR_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*(?:\s+[^\W\d_](?:[^\W\d_]|['’.-])*){0,5}$")
_COLUMNS = {
    "title": {"title", "paper", "papers", "paper title", "name", "paper name", "article", "publication"},
    "venue": {"venue", "conference", "conf", "journal", "published in", "published", "pub", "source"},
    "date": {"year", "date", "time", "published date", "release"},
    "authors": {"author", "authors"},
}


@dataclass
class _Block:
    """A candidate paper: a list item or paragraph (with its continuation lines) or a table row."""

    kind: str  # "list item", "table row" or "paragraph"
    line: int
    text: str
    section: str
    columns: tuple[str, ...] = ()  # a table row's header names
    parent: _Block | None = None  # the list item this one is nested in
    title: str = ""  # a title-only list item's title, lent to its first linked sub-item
    lent: bool = False


@dataclass
class _Link:
    """A link: its text (inline Markdown) and its URL."""

    text: str
    url: str


def sniff(text: str) -> int:
    """Score ``text`` as a Markdown paper list (looks at the first 5000 lines).

    Returns:
        0 without any line linking a paper in Markdown or HTML, or as a list item or
        table row (so 0 for plain text, BibTeX, JSON); else 60 plus 5 per such line,
        up to 98 from eight lines on: a list that quotes its BibTeX in a code block
        is still a Markdown list.
    """
    count = 0
    for line in text.split("\n", 5000)[:5000]:
        markdown = "](" in line or "href=" in line or line.lstrip().startswith("|") or _LIST_ITEM.match(line)
        if markdown and _PAPER_URL.search(line):
            count += 1
    return min(98, 60 + 5 * count) if count else 0


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read every list item, table row and paragraph that is a paper (see the module docstring).

    Args:
        text: the decoded file.
        source: the file name for ``Paper.source`` and error messages.
        progress: called with ``(items done, items in all)`` every
            :data:`PROGRESS_EVERY` candidate items and at the end.

    Returns:
        The papers in file order, each with the line where its item, row or paragraph
        starts. A list item or row with a paper link but no usable title is rejected
        with its line.
    """
    result = ParseResult(FORMAT)
    blocks = _blocks(text)
    for done, block in enumerate(blocks, start=1):
        try:
            fields = _read_block(block)
            if fields is not None:
                result.papers.append(build_paper(source=source, source_format=FORMAT, **fields))
        except ValueError as error:
            result.rejected.append(InputError(source, str(error), block.line))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(blocks))
    if progress is not None:
        progress(len(blocks), len(blocks))
    return result


# --- blocks ---------------------------------------------------------------------------------


def _blocks(text: str) -> list[_Block]:
    """The list items, table rows and paragraphs of ``text``, outside code blocks and comments."""
    lines = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text).splitlines()
    blocks: list[_Block] = []
    section, fence, columns = "", "", None
    open_items: list[tuple[int, _Block]] = []  # the list items enclosing the next one, by indent
    item: _Block | None = None  # the list item or paragraph that the next line may continue
    for index, line in enumerate(lines):
        if fence:
            fence = "" if line.strip().startswith(fence) and not line.strip().strip(fence[0]) else fence
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if opening := _FENCE.match(line):
            fence, item = opening.group("fence"), None
        elif not line.strip():
            columns, item = None, None  # a blank line ends a table, a list item's text, a paragraph
        elif heading := _HEADING.match(line):
            section, columns, item, open_items = _section(heading.group("text")), None, None, []
        elif "|" in line and _TABLE_DELIMITER.match(following) and not _TABLE_DELIMITER.match(line):
            columns, item, open_items = tuple(_column(c) for c in _cells(line)), None, []
        elif _TABLE_DELIMITER.match(line) and columns is not None:
            continue
        elif "|" in line and (columns is not None or line.lstrip().startswith("|")):
            blocks.append(_Block("table row", index + 1, line, section, columns=columns or ()))
            item = None
        elif listed := _LIST_ITEM.match(line):
            indent = len(listed.group("indent").expandtabs(4))
            while open_items and open_items[-1][0] >= indent:
                open_items.pop()
            parent = open_items[-1][1] if open_items else None
            item = _Block("list item", index + 1, listed.group("text"), section, parent=parent)
            open_items.append((indent, item))
            blocks.append(item)
        elif item is not None:
            item.text += "\n" + line.strip()
        else:
            item = _Block("paragraph", index + 1, line.strip(), section)
            blocks.append(item)
    return blocks


def _cells(row: str) -> list[str]:
    """The cells of a table row, without the outer pipes."""
    cells = _CELL_SEPARATOR.split(row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _column(header: str) -> str:
    """What a header cell names: ``"title"``, ``"venue"``, ``"date"``, ``"authors"`` or ``""``."""
    name = " ".join(_plain(_inline(header)).lower().split())
    return next((column for column, names in _COLUMNS.items() if name in names), "")


def _section(heading: str) -> str:
    """A heading as a keyword: ``"🚀 Test-Time Scaling [![b](…)](…)"`` -> ``"test-time scaling"``."""
    text = _plain(_inline(heading))
    text = _NUMBERING.sub("", _trim(text))  # "2.1 Video" -> "Video"
    return text.lower()


# --- one block ------------------------------------------------------------------------------


def _read_block(block: _Block) -> dict[str, Any] | None:
    """The :func:`build_paper` fields of a block, ``None`` when it is no paper (no paper
    link, or a paragraph that does not start with a title).

    Raises:
        ValueError: it links a paper but has no usable title (the reason names the link).
    """
    cells = [_inline(c) for c in _cells(block.text)] if block.kind == "table row" else [_inline(block.text)]
    named: dict[str, str] = {}  # table cells by the column their header names
    for name, cell in zip(block.columns, cells, strict=False):  # a short row leaves columns out
        if name:
            named.setdefault(name, cell)
    links = [link for cell in cells for link in _links(cell)]
    fields = _identifiers(links)
    if fields is None:
        block.title = _title_of_item(cells[0]) if block.kind == "list item" else ""
        return None
    if block.kind == "paragraph":
        title = _leading_title(cells[0])
        if not title:
            return None  # prose that mentions a paper
    else:
        title = _title(links, cells, named)
    line = block.line
    if not title and block.parent is not None and block.parent.title and not block.parent.lent:
        title, line, block.parent.lent = block.parent.title, block.parent.line, True
    if not title:
        first = next(link.url for link in links if _PAPER_URL.search(link.url))
        raise ValueError(f"{block.kind} links a paper ({first}) but has no title")
    venue, date = _venue_and_date(cells, named, title)
    fields.update(
        line=line,
        title=title,
        venue=venue,
        date=date,
        authors=_authors(cells, named, title),
        keywords=(block.section,) if block.section else (),
    )
    return fields


def _identifiers(links: list[_Link]) -> dict[str, str] | None:
    """``arxiv_id``, ``doi`` and ``url`` from the paper links, ``None`` when there is none."""
    arxiv_id = doi = url = ""
    for link in links:
        if (match := _ARXIV_URL.search(link.url)) and not arxiv_id:
            arxiv_id = normalise_arxiv_id(match.group("id"))
        elif (match := _DOI_URL.search(link.url)) and not doi:
            doi = normalise_doi(unquote(match.group("doi")))
            if doi.startswith(_ARXIV_DOI) and not arxiv_id:
                arxiv_id = normalise_arxiv_id(doi.removeprefix(_ARXIV_DOI))
        elif _OPENREVIEW_URL.search(link.url) and not url:
            url = link.url
    if not (arxiv_id or doi or url):
        return None
    return {"arxiv_id": arxiv_id, "doi": doi, "url": "" if arxiv_id or doi else url}


def _title(links: list[_Link], cells: list[str], named: dict[str, str]) -> str:
    """The paper's title: a paper link's own text, else bold text, else the title cell's
    (or item's) first plain phrase; ``""`` when none reads as a title."""
    for link in links:
        if _PAPER_URL.search(link.url) and (title := _usable(_plain(link.text))):
            return title
    if "title" in named:
        return _title_of_item(named["title"])
    for cell in cells:
        if (title := _title_of_item(cell)) and not _YEAR.fullmatch(title) and not _VENUE_LIKE.match(title):
            return title
    return ""


def _leading_title(markdown: str) -> str:
    """The title a paragraph starts with (after emoji and symbols): bold text, or a
    paper link's own text; ``""`` when it starts otherwise (it is then prose)."""
    text = _LEADING_SYMBOLS.sub("", markdown)
    if (bold := _BOLD.match(text)) and not _VENUE_LIKE.match(_plain(bold.group()).strip("[]() ")):
        return _usable(_plain(bold.group()))
    if (link := _LINK.match(text)) and _PAPER_URL.search(link.group("url")):
        return _usable(_plain(link.group("text")))
    return ""


def _title_of_item(markdown: str) -> str:
    """The title an item's own text gives: its first bold text that is not a venue tag,
    else its first plain phrase (after a leading venue tag); ``""`` if none."""
    for match in _BOLD.finditer(markdown):
        text = _plain(match.group("text") or match.group("text2"))
        if not _VENUE_LIKE.match(text.strip("[]() ")) and (title := _usable(text)):
            return title
    plain = _VENUE_TAG.sub("", _first_line(_plain(markdown)), count=1)
    return _usable(_PHRASE_END.split(plain)[0])


def _venue_and_date(cells: list[str], named: dict[str, str], title: str) -> tuple[str, str]:
    """The venue and date: from the venue and date columns of a table, else from the
    item (see :func:`_venue_of_item`); a date not given is the venue's four-digit year."""
    if named:
        venue = _trim(" ".join(_plain(named.get("venue", "")).split()))
        date = _trim(_plain(named.get("date", "")))
    else:
        venue, date = _venue_of_item(cells[0], title), ""
    if date and parse_date(date) is None:  # "2024/03", "Mar. '24": keep a year if there is one
        date = year.group() if (year := _YEAR.search(date)) else ""
    if not date and (year := _YEAR.search(venue)):
        date = year.group()
    return venue, date


def _venue_of_item(markdown: str, title: str) -> str:
    """The venue of a list item or paragraph: a leading ``[CVPR 2024]`` tag, an italic text with a year
    (``*ICLR 2024*``), or a sentence after the title such as ``Arxiv 2023.``; else ``""``."""
    tag = _VENUE_TAG.match(_plain(markdown))
    if tag and _VENUE_LIKE.match(tag.group("venue").strip()):
        return tag.group("venue").strip()
    dated = (text for text in _italics(markdown) if _YEAR.search(text) and len(text.split()) <= 8)
    venue_like = (phrase for phrase in _phrases_after_title(markdown, title) if _VENUE_LIKE.match(phrase))
    return next(dated, "") or next(venue_like, "")


def _authors(cells: list[str], named: dict[str, str], title: str) -> list[str]:
    """Authors from a table's authors column; for a list item or paragraph, from an italic list of
    names or the sentence after the title (``Title. A. Author, B. Author. Venue``)."""
    if "authors" in named:
        return [n for n in (_trim(p) for p in _AUTHOR_SEPARATOR.split(_plain(named["authors"]))) if n]
    if named:
        return []
    candidates = [*_italics(cells[0]), *_phrases_after_title(cells[0], title)[:1]]
    return next((names for text in candidates if (names := _names(text))), [])


def _names(text: str) -> list[str]:
    """The names of an author list (``"A. Author, B. Author and C. Author et al."``),
    or ``[]`` unless it has two names or more, each of up to six capitalised words."""
    names = [_trim(part) for part in _AUTHOR_SEPARATOR.split(_trim(text).removesuffix("et al"))]
    names = [name for name in names if name]
    looks_right = all(_AUTHOR_NAME.match(name) and name[0].isupper() for name in names)
    return names if len(names) > 1 and looks_right else []


def _italics(markdown: str) -> list[str]:
    """The plain text of each italic span of inline Markdown."""
    return [_trim(_plain(m.group("text") or m.group("text2"))) for m in _ITALIC.finditer(markdown)]


def _phrases_after_title(markdown: str, title: str) -> list[str]:
    """The sentences and lines of an item after its title (``[]`` when it does not start
    with the title): ``"Title. A. Author, B. Author. Venue 2024."`` or one per line."""
    plain = _VENUE_TAG.sub("", _plain(markdown).strip(), count=1)
    phrases = [_trim(phrase) for line in plain.split("\n") for phrase in _SENTENCE.split(line)]
    return phrases[1:] if _usable(phrases[0]) == title else []


# --- inline text ----------------------------------------------------------------------------


def _inline(markdown: str) -> str:
    """Markdown with HTML turned into Markdown (links, bold, italics, line breaks), images,
    ``<sup>`` and other tags removed, autolinks and bare URLs made into ``[](url)`` links."""
    text = _HTML_SUP.sub("", _HTML_IMAGE.sub("", _IMAGE.sub("", markdown)))
    text = _HTML_ANCHOR.sub(lambda m: f"[{m.group('text')}]({m.group('url')})", text)
    text = _HTML_BREAK.sub("\n", _HTML_ITALIC.sub("*", _HTML_BOLD.sub("**", text)))
    text = _AUTOLINK.sub(r"[](\g<url>)", text.replace("\\\n", "\n"))  # "\" ends a line too
    text = _HTML_TAG.sub("", text)
    return _BARE_URL.sub(lambda m: f"[]({m.group()})", text)


def _links(markdown: str) -> list[_Link]:
    """Every ``[text](url)`` link of inline Markdown (see :func:`_inline`), in order."""
    return [_Link(m.group("text"), html.unescape(m.group("url"))) for m in _LINK.finditer(markdown)]


def _plain(markdown: str) -> str:
    """The text a reader sees: links give their text unless it is generic, emphasis,
    code marks, escapes and empty brackets go, HTML entities are decoded."""
    text = _LINK.sub(lambda m: "" if _is_generic(m.group("text")) else m.group("text"), markdown)
    text = _BOLD.sub(lambda m: m.group("text") or m.group("text2"), text)
    text = _ITALIC.sub(lambda m: m.group("text") or m.group("text2"), text)
    text = _EMPTY_BRACKETS.sub("", _EMPTY_BRACKETS.sub("", _CODE.sub(r"\1", text)))  # "[[]]" takes two
    return html.unescape(_ESCAPE.sub(r"\1", text))


def _first_line(text: str) -> str:
    """The first line of ``text`` that is not blank, stripped (``""`` if none)."""
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _is_generic(link_text: str) -> bool:
    """True when a link's text only says "the paper", "arXiv", "[1]", an id, or nothing."""
    words = _WORD.findall(link_text.lower())
    return all(word in _GENERIC_WORDS or word.isdigit() for word in words)


def _trim(text: str) -> str:
    """``text`` without spaces, punctuation and symbols (emoji) around it; brackets,
    quotes, ``?`` and ``!`` that belong to the text are kept."""
    text = " ".join(text.split())
    start, end = 0, len(text)
    while start < end and _edge(text[start], opening=True):
        start += 1
    while end > start and _edge(text[end - 1], opening=False):
        end -= 1
    return text[start:end]


def _edge(char: str, *, opening: bool) -> bool:
    """True for a character :func:`_trim` removes at the start (``opening``) or end of a text."""
    if char.isalnum():
        return False
    keep = "\"'“‘(¿¡" if opening else "\"'”’)?!"
    return char not in keep and (char.isspace() or unicodedata.category(char)[0] in "PSZ")


def _usable(text: str) -> str:
    """``text`` trimmed when it reads as a title (a letter, at most :data:`MAX_TITLE`
    characters, not generic), else ``""``."""
    text = _trim(text)
    ok = 2 <= len(text) <= MAX_TITLE and any(c.isalpha() for c in text) and not _is_generic(text)
    return text if ok else ""
