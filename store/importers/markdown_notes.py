r"""The date and venue note that ends a paper's line in a Markdown list.

A helper of :mod:`store.importers.markdown_list`. Awesome lists write a paper's
date and venue after its title, on the item's first line::

    - [Title](https://arxiv.org/abs/2506.01234) (Jun. 2025, CVPR)
    + [Title](https://arxiv.org/pdf/2505.20256) (May. 2025, arXiv)
    - [Title](…) (2024, ICLR Spotlight)        (YYYY, venue)
    - [Title](…) (Sept. 2024)                  a date alone
    - [Title](…) (CVPR 2025)                   a venue with its year
    - [Title](…) [NeurIPS 2024]
    - [Title](…), ICML 2024
    - [Title](…) (Jun. 2025, CVPR 25' Best Student Paper Honorable Mention)

:func:`trailing_note` reads such a note from the plain text of the line (see
:func:`~store.importers.markdown_inline.plain`). A note counts only when it holds
a year: ``(Hugging Face)`` or ``(code)`` is no note. Month names may be full,
three letters or other abbreviations, with or without a full stop (``June.``,
``Jun.``, ``May.``, ``Sept.``); a date that :func:`store.dates.parse_date` reads
is kept as written (``"Jun. 2025"``), one it cannot read (``"Jl. 2025"``) is
reduced to its year. Every pattern here runs in linear time: no quantified part
can take the characters of the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.store.dates import MONTH_NAMES, parse_date

_MONTH_NAMES = tuple(names[0].lower() for names in MONTH_NAMES)
#: A venue longer than this is a sentence, not a venue.
MAX_VENUE = 80

#: A year on its own (not part of a longer number).
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: ``, venue 2024`` at the end of a line: the text after the last comma.
_AFTER_COMMA = re.compile(r",\s*(?P<venue>[^,()\[\]]{2,80})$")
#: A month alone (before a comma and its year: ``Oct., 2025``).
_MONTH_ALONE = re.compile(r"(?P<month>[A-Za-z]{2,9})\.?")
#: A month (any spelling of letters, a full stop or not) and a year, or a year alone.
_MONTH_YEAR = re.compile(r"(?:(?P<month>[A-Za-z]{2,9})\.?\s+)?(?P<year>(?:19|20)\d{2})")
#: ``2025.06``, ``2025-06``, ``2025/06/01``.
_NUMERIC = re.compile(r"(?:19|20)\d{2}[./-](?:0?[1-9]|1[0-2])(?:[./-](?:0?[1-9]|[12]\d|3[01]))?")
#: A venue and its year: ``CVPR 2025``, ``NeurIPS'24``, ``ICLR 2024 Oral`` (letters first).
_VENUE_YEAR = re.compile(r"[A-Za-z][^,]{0,60}?(?:\s|['’])(?:(?:19|20)\d{2}|\d{2})\b.{0,40}|[A-Za-z]+(?:19|20)\d{2}")


@dataclass(frozen=True)
class Note:
    """What a note says: the date (as written, or its year) and the venue (``""`` if none)."""

    date: str
    venue: str
    start: int  # where the note starts in the text it was read from


def trailing_note(text: str) -> Note | None:
    """The date and venue note at the end of ``text`` (one line of plain text), ``None``
    when it ends otherwise. Never raises.

    >>> trailing_note("Title (Jun. 2025, CVPR)")
    Note(date='Jun. 2025', venue='CVPR', start=6)
    """
    text = text.rstrip()
    last = text[-1:]
    if last in (")", "]"):
        start = text.rfind("(" if last == ")" else "[")
        inner = text[start + 1 : -1]
        if start == -1 or not 2 <= len(inner) <= 120 or any(bracket in inner for bracket in "()[]"):
            return None
        found = _read_inner(" ".join(inner.split()))
        return Note(*found, start) if found else None
    if not YEAR.search(text[-4:]):
        return None
    if (comma := _AFTER_COMMA.search(text)) is not None:
        venue = " ".join(comma["venue"].split())
        if _VENUE_YEAR.fullmatch(venue) and (year := YEAR.search(venue)):
            return Note(year.group(), venue, comma.start())
    return None


def note_date(text: str) -> str:
    """``text`` as a date of a note: as written when :func:`parse_date` reads it with a
    year (``"Jun. 2025"``, ``"Sept. 2024"``), ISO for ``2025.06`` (``"2025-06"``), its year
    when the month is spelt otherwise (``"Jl. 2025"`` -> ``"2025"``); ``""`` for no date."""
    text = " ".join(text.split())
    if _NUMERIC.fullmatch(text):
        parts = re.split(r"[./-]", text)
        return "-".join([parts[0], *(f"{int(part):02d}" for part in parts[1:])])
    if (date := parse_date(text)) is not None and date.year is not None:
        return text
    if (match := _MONTH_YEAR.fullmatch(text)) is not None and (match["month"] is None or _monthish(match["month"])):
        return match["year"]
    return ""


def _monthish(word: str) -> bool:
    """True for a word spelt from a month's name: its letters in order, the first first
    (``"Jl"``, ``"Sept"``, ``"Juli"``), not ``"CVPR"`` or ``"ICML"``."""
    word = word.lower()
    return any(name[0] == word[0] and _in_order(word, name) for name in _MONTH_NAMES)


def _in_order(letters: str, word: str) -> bool:
    """True when ``letters`` appear in ``word`` in this order (gaps allowed)."""
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _read_inner(inner: str) -> tuple[str, str] | None:
    """The ``(date, venue)`` of a bracketed note's text: ``"Jun. 2025, CVPR"``,
    ``"2024, ICML"``, ``"CVPR, 2024"``, ``"Sept. 2024"``, ``"CVPR 2025"``, ``"Oct., 2025 |
    CVPR 2026"``; ``None`` when it holds no year."""
    inner = inner.replace("|", ",")  # "Oct., 2025 | CVPR 2026": a bar between date and venue
    head, comma, tail = (part.strip() for part in inner.partition(","))
    month = _MONTH_ALONE.fullmatch(head)
    if comma and month and _monthish(month["month"]):  # "Oct., 2025" and "Oct., 2025, CVPR"
        year, _, venue = (part.strip() for part in tail.partition(","))
        if YEAR.fullmatch(year) and (date := note_date(f"{head} {year}")) and len(venue) <= MAX_VENUE:
            return date, venue
    if date := note_date(head):
        return (date, tail) if len(tail) <= MAX_VENUE else None
    if comma and (date := note_date(tail)):
        return (date, head) if len(head) <= MAX_VENUE else None
    if not comma and len(inner) <= MAX_VENUE and _VENUE_YEAR.fullmatch(inner) and (year := YEAR.search(inner)):
        return year.group(), inner
    return None
