"""Readable titles for papers whose source gives only an abstract.

Abstracts almost always name what they contribute ("We introduce ReasonGen-R1,
a two-stage framework that ..."). :func:`derive_title` looks for that
sentence and builds ``"<name>: <what it is>"``; when no name is introduced it
falls back to the contribution clause, then to the abstract's first clause.
The result is marked as derived (``Paper.title_derived``) and readers can
replace it with their own title.
"""

from __future__ import annotations

import re

#: Longest derived title, in characters (cut at a word boundary, ending in "…").
MAX_TITLE = 90

_VERB = (
    r"(?:introduce|propose|present|develop|release|build|design|establish|construct"
    r"|unveil|offer|describe|explore|curate)[sd]?"
)
_INTRO = re.compile(
    rf"\b(?:we|this (?:paper|work|study|report)|our (?:paper|work))\s+"
    rf"(?:(?:first|further|also|then|here|thus|therefore)\s+)?{_VERB}\s+",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(?:referred to as|called|dubbed|named|termed|coined)\s+", re.IGNORECASE)
# A name: one token, optionally "X and Y" (e.g. "Phi-4-Mini and Phi-4-Multimodal").
_TOKEN = r"[A-Za-z0-9][\w.+$'^-]*[\w+$]|[A-Z]"
_NAME_AT_START = re.compile(rf"(?P<name>(?:{_TOKEN})(?:\s+and\s+(?:{_TOKEN}))?)")
_PAREN_AT_START = re.compile(r"\s*\((?P<inner>[^()]{2,80})\)")
_PHRASE_THEN_PAREN = re.compile(r"(?P<phrase>[^.;:()]{3,120}?)\s*\((?P<inner>[^()]{2,40})\)")
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)|,\s|\s[-–—]\s|\s\(")
_DANGLING = frozenset(
    {"a", "an", "the", "that", "which", "who", "and", "or", "of", "to", "for", "with"}
    | {"in", "on", "by", "from", "as", "via", "while", "whereas"}
)
_LEADING_ARTICLE = re.compile(r"^(?:to|the)\s+", re.IGNORECASE)


def looks_like_name(token: str) -> bool:
    """True for tokens that read as a system name rather than an ordinary word.

    ``ReasonGen-R1``, ``ViaRL``, ``SOAR``, ``eMIGM``, ``Phi-4-Mini`` are names
    (a capital after the first letter, or a digit, or three or more capitals);
    ``We``, ``Large``, ``RL``, ``a`` are not.
    """
    first = token.split()[0]
    if sum(c.isalpha() for c in first) < 2:
        return False
    if first.isupper() and len(first) < 3:
        return False  # two-letter acronyms such as RL, AI, LM name concepts, not systems
    has_letter = any(c.isalpha() for c in first)
    # Hyphenated Title-Case words ("Variance-Reduced") are not names; a capital
    # inside a segment ("ViaRL", "MoE", "eMIGM", "SOAR") or a digit ("R1") is.
    return any(
        any(c.isupper() for c in segment[1:]) or (has_letter and any(c.isdigit() for c in segment))
        for segment in first.split("-")
    )


def first_clause(text: str) -> str:
    """The text up to its first clause break (period, semicolon, comma, dash)."""
    match = _CLAUSE_END.search(text)
    return (text[: match.start()] if match else text).strip()


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…".

    A dangling function word at the end (``that``, ``of``, ``and`` ...) is dropped.
    """
    text = " ".join(text.split()).strip(" ,;:")
    cut = text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0]
    words = cut.rstrip(" ,;:").split(" ")
    while len(words) > 2 and words[-1].lower() in _DANGLING:
        words.pop()
    cut = " ".join(words).rstrip(" ,;:")
    return cut if cut == text else cut + "…"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named_title(name: str, rest: str) -> str:
    """``"<name>: <description>"`` from the text that follows the name."""
    paren = _PAREN_AT_START.match(rest)
    inner = paren.group("inner") if paren else ""
    if inner and (len(inner.split()) > 1 or not looks_like_name(inner)):
        return shorten(f"{name}: {inner}")  # SOAR (Self-Correction for ...)
    rest = rest.lstrip(" ,")
    description = first_clause(rest) if rest else ""
    if not description or looks_like_name(description.split()[0]):
        return shorten(name)
    if description.split()[0].lower() in {"for", "with", "that", "which", "to"}:
        return shorten(f"{name} {description}")
    return shorten(f"{name}: {description}")


def derive_title(abstract: str) -> str:
    """A readable title made from an abstract.

    Args:
        abstract: the abstract, one paragraph.

    Returns:
        A title of at most :data:`MAX_TITLE` characters, e.g.
        ``"ReasonGen-R1: a two-stage framework that first imbues an autoregressive…"``,
        or ``"Untitled paper"`` for an empty abstract.
    """
    text = " ".join(abstract.split())
    if not text:
        return "Untitled paper"
    for intro in _INTRO.finditer(text):
        rest = text[intro.end():]
        name = _NAME_AT_START.match(rest)
        if name and looks_like_name(name.group("name")):
            return _named_title(name.group("name"), rest[name.end():])
        phrase = _PHRASE_THEN_PAREN.match(rest)
        if phrase and looks_like_name(phrase.group("inner")):
            inner = phrase.group("inner")
            return shorten(f"{inner}: {phrase.group('phrase').strip()}")
    named = _NAMED.search(text)
    if named:
        name = _NAME_AT_START.match(text[named.end():])
        if name and looks_like_name(name.group("name")):
            return shorten(f"{name.group('name')}: {first_clause(text)}")
    intro = _INTRO.search(text)
    if intro:
        clause = _LEADING_ARTICLE.sub("", first_clause(text[intro.end():]))
        if len(clause.split()) >= 3:
            return shorten(_capitalise(clause))
    return shorten(first_clause(text) or text)
