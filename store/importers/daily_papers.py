"""Hugging Face "Daily Papers" listing, copied from the web page as text.

What a copy of https://huggingface.co/papers looks like (blank lines between
every line, which this reader ignores)::

    Daily Papers                      <- page chrome, skipped
    byAK and the research community
    Dec 10
    MammothModa2: A Unified AR-Diffusion Framework ...     <- title
    Unified multimodal models aim to integrate ...          <- abstract
      • 13 authors                    <- or an organisation: "showlab Show Lab"
    ·
    Nov 22                            <- date as shown, then optional up-votes:
                                         "Oct 13 3", "Dec 9, 2024 2"

Each paper is a title line, its abstract line, then optional metadata. Dates
are kept exactly as shown: the page omits the year for the current year, and
we do not invent one.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from readlist.store.dates import MONTH_NAMES
from readlist.store.errors import InputError
from readlist.store.importers.base import FunctionImporter, ParseResult, Progress, build_papers
from readlist.store.text import clean, first_lines, match_key
from readlist.store.text import lines as clean_lines

FORMAT = "daily-papers"

#: A month as the page writes it: ``Dec``, ``Sept`` (and, to be safe, ``December``, ``Dec.``).
_MONTH = "(?:" + "|".join(abbreviation for _, *abbreviations in MONTH_NAMES for abbreviation in abbreviations) \
    + r")[a-z]*\.?"
#: Up-vote and author counts have at most nine digits: a longer number is none (and would not
#: fit the library, which stores 64-bit numbers; int() refuses 4,300 digits or more).
_DATE = re.compile(rf"^(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)(?:\s+(?P<votes>\d{{1,9}}))?$")
_AUTHORS = re.compile(r"^[•·*\-–]?\s*(?P<n>\d{1,9})\s+authors?$", re.IGNORECASE)
_SEPARATOR = "·"
_VOTES_ONLY = re.compile(r"^\d{1,9}$")
#: The first line at least this long is taken as the first abstract; the line
#: before it is the first title and everything above is page chrome.
MIN_FIRST_ABSTRACT = 120
#: A title longer than this is not a title.
MAX_TITLE = 400
#: How often ``parse`` reports progress, in records.
PROGRESS_EVERY = 500


def sniff(text: str) -> int:
    """85 for a listing with ``·`` + date metadata blocks, 60 if it only says
    "Daily Papers", else 0."""
    lines = [clean(line) for line in first_lines(text, 5000)]
    lines = [line for line in lines if line]
    blocks = sum(
        1 for a, b in pairwise(lines) if a == _SEPARATOR and _DATE.match(b)
    )
    if blocks:
        return 85
    return 60 if any(line == "Daily Papers" for line in lines[:30]) else 0


def _organisation(line: str) -> str:
    """The display name of an organisation line such as ``"showlab Show Lab"``.

    The page shows the organisation's handle, then its name; when the first
    word is that handle (``ByteDance ByteDance``, ``OpenMOSS-Team OpenMOSS``)
    it is dropped. A line of one word (``HKUST``) is kept whole.
    """
    handle, _, name = line.partition(" ")
    if not name:
        return line
    handle_key, name_key = match_key(handle), match_key(name)
    if handle_key and name_key and (
        handle_key.startswith(name_key) or name_key.startswith(handle_key)
    ):
        return name.strip()
    return line


def _is_metadata(lines: list[tuple[int, str]], i: int) -> bool:
    """True when ``lines[i]`` belongs to a paper's metadata, not a new title."""
    text = lines[i][1]
    if text == _SEPARATOR or _AUTHORS.match(text):
        return True
    following = lines[i + 1][1] if i + 1 < len(lines) else ""
    return following == _SEPARATOR  # an organisation line is followed by "·"


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read every paper of a copied Daily Papers listing (see module docstring).

    Args:
        text: the decoded file.
        source: the file name for ``Paper.source`` and error messages.
        progress: called with ``(records done, records in all)`` every
            :data:`PROGRESS_EVERY` records and at the end (a record is a
            title with what follows it).

    Returns:
        The papers in page order. A title with no abstract after it (a listing
        cut short, say) is rejected with its line number. Never raises.
    """
    return build_papers(FORMAT, source, _records(text, source), progress, PROGRESS_EVERY)


IMPORTER = FunctionImporter(FORMAT, "Hugging Face Daily Papers page", sniff, parse, progress_every=PROGRESS_EVERY)


def _records(text: str, source: str) -> list[dict[str, Any] | InputError]:
    """The records of the listing in page order: the :func:`build_paper` fields of
    each paper, or why a title (or the whole listing) is rejected."""
    records: list[dict[str, Any] | InputError] = []
    lines = [(n, line) for n, line in enumerate(clean_lines(text), start=1) if line]
    start = next(
        (i for i, (_, line) in enumerate(lines) if len(line) >= MIN_FIRST_ABSTRACT and i > 0),
        None,
    )
    if start is None:
        if lines:
            records.append(InputError(source, "no paper found in the listing", lines[0][0]))
        return records
    i = start - 1
    while i < len(lines):
        title_line, title = lines[i]
        if i + 1 >= len(lines) or _is_metadata(lines, i + 1) or len(title) > MAX_TITLE:
            reason = "title too long" if len(title) > MAX_TITLE else "title without an abstract"
            records.append(InputError(source, reason, title_line))
            i += 1
            while i < len(lines) and _is_metadata(lines, i):
                i += 1
            continue
        abstract = lines[i + 1][1]
        fields: dict[str, Any] = {}
        i += 2
        while i < len(lines):
            line = lines[i][1]
            date = _DATE.match(line)
            if date and (lines[i - 1][1] == _SEPARATOR or "date" not in fields):
                fields["date"] = date.group("date")
                if date.group("votes"):
                    fields["votes"] = int(date.group("votes"))
            elif _VOTES_ONLY.match(line) and "date" in fields and "votes" not in fields:
                fields["votes"] = int(line)
            elif authors := _AUTHORS.match(line):
                fields["authors_count"] = int(authors.group("n"))
            elif line == _SEPARATOR:
                pass
            elif _is_metadata(lines, i):
                fields["org"] = _organisation(line)
            else:
                break
            i += 1
        records.append({"line": title_line, "title": title, "abstract": abstract, "markup": "text", **fields})
    return records
