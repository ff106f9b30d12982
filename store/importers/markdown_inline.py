r"""Inline Markdown of paper lists: links, emphasis, HTML, and the text a reader sees.

Helpers of :mod:`store.importers.markdown_list` (which reads papers) and
:mod:`store.importers.markdown_blocks` (which reads the structure). They take
*inline* Markdown: the text of one list item, table cell or paragraph, its lines
joined by ``"\n"``.

Every pattern here runs in time linear in its input, whatever the input (lines
of 200,000 spaces, pipes, brackets or asterisks included):

- a quantified character class never spans the character that starts the next
  possible match (``\[[^\[\]]*\]``, ``<a\b[^<>]*>``), so the scans from two
  starting points never overlap;
- an element's text is matched up to the next tag of its kind
  (``[^<]*(?:<(?!/?a\b)[^<]*)*``), never with ``.*?`` up to a closing tag that
  may not come;
- callers :func:`squash` the spaces of a text before matching it, so no run of
  spaces is ever longer than one character for ``\s*`` / ``\s+`` pairs to split
  in many ways; patterns that could still try every split of a long word
  (:data:`VENUE_LIKE`) are only tried on short texts (:func:`venue_like`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

#: A title longer than this is a sentence of prose, not a title.
MAX_TITLE = 300
#: A venue tag longer than this is not one (and is not matched against :data:`VENUE_LIKE`).
MAX_VENUE = 60

# --- HTML ---
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_HTML_SUP = re.compile(r"<sup\b[^<>]*>[^<]*(?:<(?!/?sup\b)[^<]*)*</sup>", re.IGNORECASE)
#: ``<a href="url" ...>text</a>``; the attributes before ``href`` cannot hold another
#: ``href``, and after an unquoted URL only a space, a quote or ``>`` may follow, so that no
#: two parts of the pattern can take the same characters.
_HTML_ANCHOR = re.compile(
    r"<a\b(?:[^<>h]|h(?!ref\b))*\bhref\s*=\s*"
    r"(?:\"(?P<url1>[^\"<>]*)\"[^<>]*|'(?P<url2>[^'<>]*)'[^<>]*|(?P<url3>[^\"'\s<>]+)(?:[\s\"'][^<>]*)?)>"
    r"(?P<text>[^<]*(?:<(?!/?a\b)[^<]*)*)</a>",
    re.IGNORECASE,
)
_HTML_BOLD = re.compile(r"</?(?:b|strong)\b[^<>]*>", re.IGNORECASE)
_HTML_ITALIC = re.compile(r"</?(?:i|em)\b[^<>]*>", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\b[^<>]*>|</?p\b[^<>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")

# --- Markdown ---
_IMAGE = re.compile(r"!\[[^\[\]]*\](?:\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^\s<>]+)>")
_BARE_URL = re.compile(r"h(?<![(\[<\"'=/\w]h)ttps?://[^\s<>()\[\]|\"']+")
#: ``[text](url "title")``; the text may hold one level of brackets (``[[paper]](url)``),
#: the URL one level of parentheses (DOIs such as ``10.1016/S0140-6736(20)30183-5``).
LINK = re.compile(
    r"\[(?P<text>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]"
    r"\(\s*<?(?P<url>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+\"(?P<title>[^\"]*)\")?\s*\)"
)
#: ``[text][label]`` and ``[label][]`` (a reference link), and ``[label]`` alone (a shortcut).
_REFERENCE = re.compile(r"\[(?P<text>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\] ?\[(?P<label>[^\[\]]*)\]")
_SHORTCUT = re.compile(r"\[(?P<label>[^\[\]]+)\](?! ?[\[(:])")
BOLD = re.compile(r"\*\*(?P<text>.+?)\*\*|__(?P<text2>.+?)__")
#: ``*text*`` or ``_text_`` (not ``**``, not ``snake_case``); each pattern of this module that
#: looks behind its first character starts with that character, which lets ``re`` skip ahead fast.
_ITALIC = re.compile(r"\*(?<![*\w]\*)(?![*\s])(?P<text>[^*]+?)(?<!\s)\*(?!\*)|_(?<!\w_)(?!_)(?P<text2>[^_]+?)_(?!\w)")
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
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
    """A Markdown link: its text (inline Markdown), its URL, and its quoted title if any."""

    text: str
    url: str
    title: str = ""


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
    """Markdown with HTML turned into Markdown (links, bold, italics, line breaks), images,
    ``<sup>`` and other tags removed, autolinks and bare URLs made into ``[](url)`` links."""
    if "<" in markdown:
        markdown = _HTML_SUP.sub("", _HTML_IMAGE.sub("", markdown))
        markdown = _HTML_ANCHOR.sub(_anchor, markdown)
        markdown = _HTML_BREAK.sub("\n", _HTML_ITALIC.sub("*", _HTML_BOLD.sub("**", markdown)))
        markdown = _AUTOLINK.sub(r"[](\g<url>)", markdown)
        markdown = _HTML_TAG.sub("", markdown)
    text = _IMAGE.sub("", markdown) if "![" in markdown else markdown
    text = text.replace("\\\n", "\n")  # "\" ends a line too
    text = _BARE_URL.sub(lambda m: f"[]({m.group()})", text) if "://" in text else text
    return squash(text)  # removed tags and images may leave runs of spaces


def _anchor(match: re.Match[str]) -> str:
    """An HTML ``<a href>`` as a Markdown link."""
    url = match["url1"] or match["url2"] or match["url3"] or ""
    return f"[{match['text']}]({url.strip()})"


def links(markdown: str) -> list[Link]:
    """Every ``[text](url "title")`` link of inline Markdown (see :func:`inline`), in order."""
    return [
        Link(m["text"], html.unescape(url) if "&" in (url := m["url"]) else url, m["title"] or "")
        for m in LINK.finditer(markdown)
    ]


@lru_cache(maxsize=2048)
def plain(markdown: str) -> str:
    """The text a reader sees: links give their text unless it is generic, emphasis,
    code marks, escapes and empty brackets go, HTML entities are decoded."""
    text = markdown
    if "](" in text:
        text = LINK.sub(lambda m: "" if is_generic(m["text"]) else m["text"], text)
    if "**" in text or "__" in text:
        text = BOLD.sub(lambda m: m["text"] or m["text2"], text)
    if "*" in text or "_" in text:
        text = _ITALIC.sub(lambda m: m["text"] or m["text2"], text)
    if "`" in text:
        text = _CODE.sub(lambda m: m[1], text)
    if "[" in text or "(" in text:
        text = _EMPTY_BRACKETS.sub("", _EMPTY_BRACKETS.sub("", text))  # "[[]]" takes two
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return squash(html.unescape(text) if "&" in text else text)


def bolds(markdown: str) -> list[tuple[str, int]]:
    """The plain text and start offset of each bold span of inline Markdown."""
    return [(plain(m["text"] or m["text2"]), m.start()) for m in BOLD.finditer(markdown)]


def leading_bold(markdown: str) -> str | None:
    """The plain text of the bold span ``markdown`` starts with (after emoji and symbols),
    ``None`` when it starts otherwise."""
    start = LEADING_SYMBOLS.match(markdown).end()  # type: ignore[union-attr]  # it matches ""
    if not markdown.startswith(("**", "__"), start):
        return None
    match = BOLD.match(markdown, start)
    return plain(match["text"] or match["text2"]) if match else None


def italics(markdown: str) -> Iterator[str]:
    """The plain text of each italic span of inline Markdown, trimmed, in order."""
    return (trim(plain(m["text"] or m["text2"])) for m in _ITALIC.finditer(markdown))


def code_spans(markdown: str) -> Iterator[str]:
    """The text of each code span of inline Markdown, trimmed, in order."""
    return (trim(m[1]) for m in _CODE.finditer(markdown))


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
    quotes, ``?`` and ``!`` that belong to the text are kept."""
    text = " ".join(text.split())
    start, end = 0, len(text)
    while start < end:  # ASCII runs at C speed, other characters one by one
        start = _OPENING_RUN.match(text, start, end).end()  # type: ignore[union-attr]  # "*" always matches
        if start < end and not text[start].isascii() and _edge(text[start], opening=True):
            start += 1
        else:
            break
    if end > start and _edge(text[end - 1], opening=False):
        backwards = text[start:end][::-1]
        skipped, length = 0, end - start
        while skipped < length:
            skipped = _CLOSING_RUN.match(backwards, skipped).end()  # type: ignore[union-attr]
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


_OPENING_RUN = re.compile("[" + re.escape("".join(c for c in map(chr, range(128)) if _edge(c, opening=True))) + "]*")
_CLOSING_RUN = re.compile("[" + re.escape("".join(c for c in map(chr, range(128)) if _edge(c, opening=False))) + "]*")


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

