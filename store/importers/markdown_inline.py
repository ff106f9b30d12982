r"""Inline Markdown of paper lists: links, emphasis, HTML, and the text a reader sees.

Helpers of :mod:`store.importers.markdown_list` (which reads papers) and
:mod:`store.importers.markdown_blocks` (which reads the structure). They take
*inline* Markdown: the text of one list item, table cell or paragraph, its lines
joined by ``"\n"``.

The inline Markdown is read by markdown-it-py's inline parser (CommonMark: links,
reference links already made inline by :func:`resolve_references`, emphasis, code
spans, images, autolinks, entities, escapes, raw HTML); this module only reads its
tokens (:func:`_reading`, once per text):

- **Links**: Markdown links and autolinks, HTML ``<a href>`` anchors, and bare
  ``http(s)://`` URLs in the text (these two with no text of their own);
- **Plain text**: what a reader sees: a link gives its text unless it is generic
  (:func:`is_generic`), images, ``<sup>`` notes and other HTML tags go (``<br>`` and
  ``<p>`` break the line), emphasis and code marks go, entities are decoded;
- **Spans**: the bold (``**``, ``__``, ``<b>``, ``<strong>``), italic and code spans.

Three things TeX titles need are kept for :func:`store.importers.latex.markup_to_text`:
escaped braces stay escaped (``\{``), a code span that is a TeX quote (``````Foo''``)
keeps its backticks, and :func:`trim` keeps a ``$`` that opens or closes math.
"""

from __future__ import annotations

import gc
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from markdown_it import MarkdownIt, helpers, rules_inline
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers.parse_link_destination import _Result
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

#: A title longer than this is a sentence of prose, not a title.
MAX_TITLE = 300
#: A venue tag longer than this is not one (and is not matched against :data:`VENUE_LIKE`).
MAX_VENUE = 60


def _parser() -> MarkdownIt:
    """CommonMark's inline rules; URLs as written; escapes and entities kept as tokens of
    their own (``text_special``, so an escaped brace can stay escaped).

    Raises:
        RuntimeError: markdown-it enables an inline rule this module does not expect (its
            start character might not end a text token).
    """
    parser = MarkdownIt("commonmark", {"maxNesting": 100}).disable(["text_join"])
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # paper_ids judges URLs
    # A text token runs up to a character an enabled rule starts at (not markdown-it's
    # default set, which keeps ":", "-", "=" ... for extensions: URLs are full of them).
    # markdown-it-py 4 reads ``terminator_re``; 3.x has a fixed set and ignores it.
    parser.inline.terminator_re = re.compile(r"[\n!\\`*_\[\]<&]")
    parser.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=helpers.parseLinkLabel, parseLinkTitle=helpers.parseLinkTitle,
        parseLinkDestination=_destination,
    )
    parser.inline.ruler.at("image", _image)
    rules = parser.get_active_rules()["inline"]
    if rules != ["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline",
                 "entity"]:
        raise RuntimeError(f"markdown-it's inline rules changed: {rules}")
    return parser


def _image(state: StateInline, silent: bool) -> bool:
    """markdown-it's image rule, without reading the image's alt text (an image gives no
    text here): an ``image`` token with no attributes, or nothing."""
    if not rules_inline.image(state, True):
        return False
    if not silent:
        state.push("image", "img", 0)
    return True


#: The characters of a link destination that need no look (all but spaces, controls, ``\ ( )``).
_DESTINATION_RUN = re.compile(r"[^\x00-\x20\x7f\\()]*")


def _destination(string: str, pos: int, maximum: int) -> _Result:
    """markdown-it's ``parseLinkDestination`` with its runs of ordinary characters skipped by
    a regex (not one by one: badge URLs are long, and that loop took a third of reading a
    list's links); the same result for every input."""
    if string.startswith("<", pos):
        return helpers.parseLinkDestination(string, pos, maximum)
    result, start, level = _Result(), pos, 0
    while pos < maximum:
        pos = _DESTINATION_RUN.match(string, pos, maximum).end()  # type: ignore[union-attr]  # "*" matches
        if pos >= maximum:
            break
        char = string[pos]
        if char == "\\":
            if pos + 1 < maximum and string[pos + 1] == " ":
                break
            pos += 2 if pos + 1 < maximum else 1
        elif char == "(":
            level += 1
            if level > 32:
                return result
            pos += 1
        elif char == ")":
            if level == 0:
                break
            level -= 1
            pos += 1
        else:  # a space or a control character ends it
            break
    if start == pos or level != 0:
        return result
    result.str, result.pos, result.ok = unescapeAll(string[start:pos]), pos, True
    return result


_PARSER = _parser()

# --- HTML tags, as markdown-it gives them (one tag per ``html_inline`` token) ---
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<url1>[^"]*)"|'(?P<url2>[^']*)'|(?P<url3>[^"'\s<>]+))""", re.IGNORECASE)
_BOLD_TAGS = frozenset({"b", "strong"})
_ITALIC_TAGS = frozenset({"i", "em"})
_BREAK_TAGS = frozenset({"br", "p"})

# --- Markdown ---
_BARE_URL = re.compile(r"h(?<![(\[<\"'=/\w]h)ttps?://[^\s<>()\[\]|\"']+")
#: ``[text][label]`` and ``[label][]`` (a reference link), and ``[label]`` alone (a shortcut).
_REFERENCE = re.compile(r"\[(?P<text>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\] ?\[(?P<label>[^\[\]]*)\]")
_SHORTCUT = re.compile(r"\[(?P<label>[^\[\]]+)\](?! ?[\[(:])")
#: A text with more ``[`` than this has its ``[`` escaped but those opening ``[text](``: markdown-it
#: scans ahead from each unclosed ``[`` (a run of 100,000 took seconds).
MAX_BRACKETS = 1000
_STRAY_BRACKET = re.compile(r"(?<!\\)\[(?![^\[\]]*\]\()")
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
#: Spaces other than " " and "\n" (tabs, no-break spaces ...: see :func:`squash`).
_OTHER_SPACE = re.compile(r"[^\S \n]")
#: What may come before an item's first word: emoji, ``:fire:``, symbols, spaces, newlines.
LEADING_SYMBOLS = re.compile(r"^(?::[a-z0-9_+-]+:|[^\w*\[])*")

# --- words ---
#: Words of link texts that say "the paper" (or the code) rather than name it.
_GENERIC_WORDS = frozenset({
    "paper", "papers", "arxiv", "pdf", "link", "links", "abs", "abstract", "html", "url", "doi",
    "openreview", "here", "preprint", "project", "page", "website", "homepage", "code", "github",
    "demo", "blog", "video", "slides", "poster", "official", "full", "text", "view", "download",
    "pub", "publication", "proceedings", "hf", "huggingface", "model", "models", "dataset",
    "version", "v", "org", "cs", "the", "on", "oral", "spotlight",
})
_WORD = re.compile(r"[^\W\d_]+|\d+")
#: "CVPR 2024", "NeurIPS'23", "ICLR2025", "ICML 2024 Oral" (not "YOLOv10").
VENUE_LIKE = re.compile(
    r"^[A-Za-z][\w&.-]*?(?:\s+[A-Za-z][\w&.-]*){0,3}(?:\s*['’]\s*\d{2}|\s*(?:19|20)\d{2}|\s+\d{2})(?:\s+[A-Za-z]+)?$"
)
#: Characters a heading keeps in its keyword when they sit between two letters or digits.
_INNER_KEEP = "-+.'’"


@dataclass(frozen=True)
class Link:
    """A link of inline Markdown: its text as a reader sees it (plain text, generic or not),
    its URL, and its quoted title if any."""

    text: str
    url: str
    title: str = ""


@dataclass(frozen=True)
class Span:
    """A part of inline Markdown outside any link or emphasis (see :func:`spans`):
    ``kind`` is ``"text"``, ``"bold"``, ``"italic"``, ``"code"`` or ``"link"``; ``text`` is its
    plain text (a link's own text, generic or not); ``url`` a link's URL."""

    kind: str
    text: str
    url: str = ""


class _Frame:
    """An element being read: its kind, the plain text of what it holds so far, a link's URL
    and title."""

    __slots__ = ("kind", "parts", "title", "url")

    def __init__(self, kind: str, url: str = "", title: str = "") -> None:
        self.kind, self.parts, self.url, self.title = kind, [], url, title


@dataclass(frozen=True)
class _Reading:
    """What the tokens of one inline Markdown text give (see the module docstring)."""

    plain: str
    links: tuple[Link, ...]
    bolds: tuple[str, ...]
    italics: tuple[str, ...]
    codes: tuple[str, ...]
    spans: tuple[Span, ...]


def squash(text: str) -> str:
    """Each line of ``text`` with its runs of spaces and tabs made one space, stripped;
    blank lines dropped."""
    loose = (
        "  " in text or "\n " in text or " \n" in text or "\n\n" in text or text[:1].isspace()
        or text[-1:].isspace() or (_OTHER_SPACE.search(text) is not None)
    )
    if not loose:
        return text  # the common case, and much faster
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def resolve_references(
    markdown: str, target: Callable[[str], tuple[str, str] | None], used: set[str] | None = None
) -> str:
    """Reference links (``[text][label]``, ``[label][]``, ``[label]``) made inline links.

    Args:
        markdown: inline Markdown.
        target: the ``(url, title)`` a label is defined as, ``None`` for an undefined label
            (which is left as written).
        used: when given, the normalised labels that were resolved are added to it.
    """
    if "[" not in markdown:
        return markdown

    def link(text: str, label: str, original: str) -> str:
        key = normalise_label(label)
        found = target(key) if key else None
        if found is None:
            return original
        if used is not None:
            used.add(key)
        url, title = found
        title_part = f' "{title}"' if title and '"' not in title else ""
        return f"[{text}](<{url}>{title_part})" if " " not in url else original

    markdown = _REFERENCE.sub(lambda m: link(m["text"], m["label"] or m["text"], m.group()), markdown)
    return _SHORTCUT.sub(lambda m: link(m["label"], m["label"], m.group()), markdown)


def normalise_label(label: str) -> str:
    """A reference label as CommonMark compares them: spaces collapsed, case folded."""
    return " ".join(label.split()).casefold()


def inline(markdown: str) -> str:
    """The inline Markdown of a block as this module reads it: its spaces squashed
    (:func:`squash`). HTML, images and bare URLs are read from it by :func:`plain`,
    :func:`links` and the other readers."""
    return squash(markdown)


def _finish(text: str) -> str:
    """Plain text put together from tokens: empty brackets gone, spaces squashed."""
    if "[" in text or "(" in text:
        text = _EMPTY_BRACKETS.sub("", _EMPTY_BRACKETS.sub("", text))  # "[[]]" takes two
    return squash(text)


@lru_cache(maxsize=4096)
def _reading(markdown: str) -> _Reading:
    """The tokens of ``markdown`` read (see the module docstring). Never raises."""
    if markdown.count("[") > MAX_BRACKETS:
        markdown = _STRAY_BRACKET.sub(r"\\[", markdown)
    collecting = gc.isenabled()
    gc.disable()  # tokens are many small objects without cycles: collecting meanwhile only walks
    try:          # the objects a large import keeps, again and again
        tokens = _PARSER.parseInline(markdown) if markdown else []
    finally:
        if collecting:
            gc.enable()
    children: list[Token] = (tokens[0].children or []) if tokens else []
    links: list[Link] = []
    bolds: list[str] = []
    italics: list[str] = []
    codes: list[str] = []
    spans: list[Span] = []
    stack = [_Frame("root")]

    def add(text: str, kind: str = "text", url: str = "") -> None:
        stack[-1].parts.append(text)
        if len(stack) == 1:
            if kind == "text" and spans and spans[-1].kind == "text":
                spans[-1] = Span("text", spans[-1].text + text)
            else:
                spans.append(Span(kind, text, url))

    def text_with_urls(text: str) -> None:
        if "://" not in text or any(frame.kind == "link" for frame in stack):
            add(text)
            return
        position = 0
        for match in _BARE_URL.finditer(text):
            add(text[position:match.start()])
            links.append(Link("", match.group()))
            if len(stack) == 1:
                spans.append(Span("link", "", match.group()))
            position = match.end()
        add(text[position:])

    def open_frame(kind: str, url: str = "", title: str = "") -> None:
        stack.append(_Frame(kind, url=url, title=title))

    def close_frame(kind: str) -> None:
        if stack[-1].kind != kind:  # the common case is the element last opened
            index = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].kind == kind), 0)
            if not index:
                return  # a closing tag that opens nothing
            while len(stack) - 1 > index:  # elements left open inside: their text, as text
                unclosed = stack.pop()
                add("".join(unclosed.parts))
        frame = stack.pop()
        text = _finish("".join(frame.parts))
        if kind == "link":
            url = frame.url.strip()
            links.append(Link(text, url, frame.title))
            if len(stack) == 1:
                stack[0].parts.append("" if is_generic(text) else text)
                spans.append(Span("link", text, url))
            else:
                stack[-1].parts.append("" if is_generic(text) else text)
        elif kind == "sup":
            return
        else:
            (bolds if kind == "bold" else italics).append(text)
            add(text, kind)

    for token in children:
        kind = token.type
        if kind == "text":
            if token.content:
                text_with_urls(token.content)
        elif kind == "text_special":
            math_brace = token.info == "escape" and token.content in "{}" \
                and "".join(stack[-1].parts).count("$") % 2 == 1  # inside $...$ TeX needs "\{"
            add(token.markup if math_brace else token.content)
        elif kind in ("softbreak", "hardbreak"):
            add("\n")
        elif kind == "code_inline":
            content = token.content
            codes.append(content)
            tex_quote = token.markup in ("`", "``") and ("''" in content or content.rstrip().endswith("'"))
            add(f"{token.markup}{content}{token.markup}" if tex_quote else content, "code")
        elif kind == "link_open":
            if token.markup == "autolink":
                open_frame("link", str(token.attrs.get("href", "")))
                stack[-1].parts.append("\0")  # an autolink has no text of its own
            else:
                open_frame("link", str(token.attrs.get("href", "")), str(token.attrs.get("title", "") or ""))
        elif kind == "link_close":
            if stack[-1].kind == "link" and stack[-1].parts[:1] == ["\0"]:
                stack[-1].parts = []
            close_frame("link")
        elif kind == "strong_open":
            open_frame("bold")
        elif kind == "strong_close":
            close_frame("bold")
        elif kind == "em_open":
            open_frame("italic")
        elif kind == "em_close":
            close_frame("italic")
        elif kind == "html_inline":
            _html_tag(token.content, open_frame, close_frame, add)
        # images (and their alt text) give nothing
    while len(stack) > 1:
        unclosed = stack.pop()
        add("".join(unclosed.parts))
    return _Reading(
        _finish("".join(stack[0].parts)), tuple(links), tuple(bolds), tuple(italics), tuple(codes), tuple(spans)
    )


def _html_tag(
    tag: str, open_frame: Callable[..., None], close_frame: Callable[[str], None], add: Callable[[str], None]
) -> None:
    """One raw HTML tag of inline Markdown read: ``<a href>`` opens a link, ``<b>`` ``<strong>``
    bold, ``<i>`` ``<em>`` italics, ``<sup>`` a note that is left out; ``<br>`` and ``<p>``
    break the line; other tags (``<img>`` included) give nothing."""
    match = _TAG.match(tag)
    if match is None:
        return  # a comment, a declaration
    name, closing = match["name"].lower(), bool(match["close"])
    kind = "link" if name == "a" else "bold" if name in _BOLD_TAGS else "italic" if name in _ITALIC_TAGS \
        else "sup" if name == "sup" else ""
    if name in _BREAK_TAGS:
        add("\n")
    elif kind and closing:
        close_frame(kind)
    elif kind == "link":
        href = _HREF.search(tag)
        if href is not None:
            url = href["url1"] or href["url2"] or href["url3"] or ""
            open_frame("link", html.unescape(url) if "&" in url else url)
    elif kind:
        open_frame(kind)


def links(markdown: str) -> list[Link]:
    """Every link of inline Markdown, in order: Markdown links and autolinks, HTML anchors,
    bare URLs (these with no text)."""
    return list(_reading(markdown).links)


def plain(markdown: str) -> str:
    """The text a reader sees: links give their text unless it is generic, emphasis,
    code marks, escapes, images and HTML tags go, HTML entities are decoded."""
    return _reading(markdown).plain


def spans(markdown: str) -> tuple[Span, ...]:
    """The parts of inline Markdown that lie outside any link or emphasis, in order."""
    return _reading(markdown).spans


def opening_spans(markdown: str) -> Iterator[Span]:
    """The :func:`spans` of ``markdown`` without the emoji, symbols and spaces between them
    (:data:`LEADING_SYMBOLS` only, as text spans that hold nothing else)."""
    return (span for span in spans(markdown) if span.kind != "text" or not LEADING_SYMBOLS.fullmatch(span.text))


def bolds(markdown: str) -> list[str]:
    """The plain text of each bold span of inline Markdown, in order."""
    return list(_reading(markdown).bolds)


def leading_bold(markdown: str) -> str | None:
    """The plain text of the bold span ``markdown`` starts with (after emoji and symbols),
    ``None`` when it starts otherwise."""
    first = next(opening_spans(markdown), None)
    return first.text if first is not None and first.kind == "bold" else None


def italics(markdown: str) -> Iterator[str]:
    """The plain text of each italic span of inline Markdown, trimmed, in order."""
    return (trim(text) for text in _reading(markdown).italics)


def code_spans(markdown: str) -> Iterator[str]:
    """The text of each code span of inline Markdown, trimmed, in order."""
    return (trim(text) for text in _reading(markdown).codes)


def is_label(bold_text: str) -> bool:
    """True for a bold text that labels what follows (``**Survey Paper:**``), not a title."""
    return bold_text.rstrip().endswith(":")


def first_line(text: str) -> str:
    """The first line of ``text`` that is not blank, stripped (``""`` if none)."""
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


@lru_cache(maxsize=4096)
def is_generic(link_text: str) -> bool:
    """True when a link's text only says "the paper", "arXiv", "[1]", an id, or nothing."""
    words = _WORD.findall(link_text.lower())
    return all(word in _GENERIC_WORDS or word.isdigit() for word in words)


def venue_like(text: str) -> bool:
    """True for a short text that reads as a venue and year (``"CVPR 2024"``, ``"NeurIPS'23"``)."""
    return len(text) <= MAX_VENUE and VENUE_LIKE.match(text) is not None


def trim(text: str) -> str:
    """``text`` without spaces, punctuation and symbols (emoji) around it; brackets,
    quotes, ``?`` and ``!`` that belong to the text are kept, and so are TeX's ``$`` and
    `````` when the text holds math (two ``$`` or more: ``$x_i$ Sampling``) or a TeX
    quote (``````Quoted'' Learning``)."""
    text = " ".join(text.split())
    tex = text.count("$") >= 2 or ("``" in text and "''" in text)
    opening_run, closing_run = (_OPENING_MATH, _CLOSING_MATH) if tex else (_OPENING_RUN, _CLOSING_RUN)
    start, end = 0, len(text)
    while start < end:  # ASCII runs at C speed, other characters one by one
        start = opening_run.match(text, start, end).end()  # type: ignore[union-attr]  # "*" always matches
        if start < end and not text[start].isascii() and _edge(text[start], opening=True):
            start += 1
        else:
            break
    last = text[end - 1] if end > start else ""
    if last and _edge(last, opening=False) and not (tex and last in _TEX_EDGES):
        backwards = text[start:end][::-1]
        skipped, length = 0, end - start
        while skipped < length:
            skipped = closing_run.match(backwards, skipped).end()  # type: ignore[union-attr]
            if skipped < length and not backwards[skipped].isascii() and _edge(backwards[skipped], opening=False):
                skipped += 1
            else:
                break
        end -= skipped
    return text[start:end]


def _edge(char: str, *, opening: bool) -> bool:
    """True for a character :func:`trim` removes at the start (``opening``) or end of a text."""
    if char.isalnum():
        return False
    keep = "\"'“‘(¿¡" if opening else "\"'”’)?!"
    return char not in keep and (char.isspace() or unicodedata.category(char)[0] in "PSZ")




#: What :func:`trim` keeps at the ends of a text with TeX math or quotes.
_TEX_EDGES = "$`"


def _edge_run(*, opening: bool, math: bool) -> re.Pattern[str]:
    """A run of the ASCII characters :func:`trim` removes (not :data:`_TEX_EDGES` in ``math``)."""
    chars = "".join(c for c in map(chr, range(128)) if _edge(c, opening=opening) and not (math and c in _TEX_EDGES))
    return re.compile("[" + re.escape(chars) + "]*")


_OPENING_RUN, _CLOSING_RUN = _edge_run(opening=True, math=False), _edge_run(opening=False, math=False)
_OPENING_MATH, _CLOSING_MATH = _edge_run(opening=True, math=True), _edge_run(opening=False, math=True)


@lru_cache(maxsize=4096)
def usable(text: str) -> str:
    """``text`` trimmed when it reads as a title (a letter, at most :data:`MAX_TITLE`
    characters, not generic), else ``""``."""
    text = trim(text)
    ok = 2 <= len(text) <= MAX_TITLE and any(c.isalpha() for c in text) and not is_generic(text)
    return text if ok else ""


def keyword(heading: str) -> str:
    """A heading as a keyword, lower case, letters and digits only:
    ``"🤔 Why On-Policy? — The Core Problem"`` -> ``"why on-policy the core problem"``,
    ``"2.1 Discrete & Masked Diffusion"`` -> ``"discrete and masked diffusion"``.

    Emoji, symbols and punctuation become spaces, except ``-`` ``+`` ``.`` and
    apostrophes between two letters or digits; ``&`` reads ``and``; a leading
    section number goes.
    """
    text = plain(inline(heading)).replace("&", " and ")
    last = len(text) - 1
    kept = (
        char if char.isalnum() or (char in _INNER_KEEP and 0 < index < last and text[index - 1].isalnum()
                                   and text[index + 1].isalnum()) else " "
        for index, char in enumerate(text)
    )
    words = "".join(kept).split()
    while len(words) > 1 and all(c.isdigit() or c == "." for c in words[0]):  # "2.1 Video" -> "Video"
        words.pop(0)
    return " ".join(words).lower()

