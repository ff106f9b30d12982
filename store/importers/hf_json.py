"""Hugging Face Daily Papers, as JSON from the Hub API.

``GET https://huggingface.co/api/daily_papers`` (listed in the Hub API
reference, https://huggingface.co/docs/hub/api) answers with a list of
objects, one per paper of the day::

    [{"paper": {"id": "2501.04519",                      <- arXiv id
                "title": "rStar-Math: ...",
                "summary": "We present rStar-Math ...",  <- the abstract
                "authors": [{"name": "Xinyu Guan", "hidden": false}, ...],
                "upvotes": 189,
                "publishedAt": "2025-01-08T17:58:30.000Z",
                "organization": {"name": "microsoft", "fullname": "Microsoft"}},
      "title": "rStar-Math: ...", "publishedAt": "2025-01-08T17:58:30.000Z",
      "numComments": 7, "thumbnail": "...", "submittedBy": {...}}, ...]

Read here:

- the list, one such object, or the list under a key of a wrapper object
  (``{"papers": [...]}``), compact or pretty-printed (see
  :mod:`store.importers.json_records`);
- objects with the paper's fields at top level instead of under ``paper``
  (what ``/api/papers/<id>`` answers); a field under ``paper`` wins over
  the same field at top level, except ``title`` and ``publishedAt``, which
  the daily listing repeats at top level;
- titles and summaries with line breaks (joined into one line), and with the
  LaTeX arXiv lets authors write (``$\\pi_0$``, ``\\textbf{S}cale``), which becomes
  Unicode text (:func:`~store.importers.latex.markup_to_text`, in ``build_paper``);
- every author, ``hidden`` or not (``hidden`` only says whether the paper
  shows on that user's Hub profile);
- the organisation's ``fullname``, else its ``name``.

``date`` is the ``YYYY-MM-DD`` part of ``publishedAt``; ``votes`` is
``upvotes``; the link is the paper's Hugging Face page. Comments, thumbnails
and the submitter are not kept. A record with no title, summary or arXiv id,
or with a field of the wrong JSON type, is rejected and named by its index.
"""

from __future__ import annotations

import re
from typing import Any

from readlist.store.identity import normalise_arxiv_id
from readlist.store.importers import json_records

FORMAT = "hf-json"

#: Keys of a Daily Papers object that other formats do not use.
_HF_KEYS = frozenset({
    "summary", "upvotes", "publishedAt", "numComments", "submittedBy", "submittedOnDailyAt",
    "thumbnail", "discussionId", "ai_summary", "ai_keywords", "isAuthorParticipating",
})
_MARKERS = re.compile(r'"(?:upvotes|summary|numComments|submittedOnDailyAt|paper)"\s*:')
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Digits of an up-vote count written as text: a longer number is none (the library stores
#: 64-bit numbers, and int() refuses 4,300 digits or more).
_MAX_VOTE_DIGITS = 9
_PAGE = "https://huggingface.co/papers/"


def _is_record(record: dict[str, Any]) -> bool:
    """True for a Daily Papers object: a ``paper`` object, or two of its own keys."""
    return isinstance(record.get("paper"), dict) or len(_HF_KEYS & record.keys()) >= 2


def _read_record(record: dict[str, Any]) -> dict[str, Any]:
    """The :func:`build_paper` fields of one Daily Papers object.

    Raises:
        ValueError: no title, summary or arXiv id, or a field of the wrong type.
    """
    paper = record.get("paper")
    if paper is None:
        paper = {}
    elif not isinstance(paper, dict):
        raise ValueError(f"'paper' is {json_records.kind(paper)}, not an object")
    title = _text(record, paper, "title", paper_first=False)
    summary = _text(record, paper, "summary", paper_first=True)
    paper_id = _text(record, paper, "id", paper_first=True).strip()
    if not (title or summary or paper_id):
        raise ValueError("no title, summary or arXiv id ('paper.id')")
    return {
        "title": title,
        "abstract": summary,
        "markup": "text",
        "arxiv_id": paper_id,
        "url": _PAGE + (normalise_arxiv_id(paper_id) or paper_id) if paper_id else "",
        "authors": _authors(paper.get("authors", record.get("authors"))),
        "votes": _votes(paper.get("upvotes", record.get("upvotes"))),
        "date": _day(_text(record, paper, "publishedAt", paper_first=False)),
        "org": _organisation(paper.get("organization") or record.get("organization")),
    }


#: Scores 90 for a Daily Papers file (at least half its records), 40 when only some records are,
#: 20 for broken JSON that names its keys (:meth:`~store.importers.json_records.JsonRecordsImporter.sniff`).
IMPORTER = json_records.JsonRecordsImporter(
    FORMAT, "Hugging Face Daily Papers JSON", is_record=_is_record, markers=_MARKERS, read_record=_read_record,
)


def _text(record: dict[str, Any], paper: dict[str, Any], key: str, *, paper_first: bool) -> str:
    """Text field ``key`` from the ``paper`` object or the top-level object,
    whichever comes first and is not empty.

    Raises:
        ValueError: the field is not text (the message names it, e.g. ``'paper.summary'``).
    """
    places = [(f"paper.{key}", paper), (key, record)]
    if not paper_first:
        places.reverse()
    for name, where in places:
        value = json_records.text_field(where.get(key), name)
        if value.strip():
            return value
    return ""


def _authors(value: Any) -> list[str]:
    """Author names from a list of ``{"name": ...}`` objects (or plain strings).

    Raises:
        ValueError: not a list, or an author without a text name.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"'authors' is {json_records.kind(value)}, not a list")
    names = []
    for number, author in enumerate(value, start=1):
        name = author.get("name") if isinstance(author, dict) else author
        if not isinstance(name, str):
            raise ValueError(f"author {number} has no name")
        names.append(name)
    return names


def _votes(value: Any) -> int | None:
    """``upvotes`` as a number, ``None`` when absent.

    Raises:
        ValueError: not a whole number.
    """
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= _MAX_VOTE_DIGITS:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"'upvotes' is {json_records.kind(value)}, not a whole number")


def _day(published: str) -> str:
    """``"2025-01-08"`` from ``"2025-01-08T17:58:30.000Z"``; any other text as given."""
    match = _ISO_DAY.match(published.strip())
    return match.group() if match else published


def _organisation(value: Any) -> str:
    """The organisation's display name (``fullname``, else ``name``), or ``""``.

    Raises:
        ValueError: the organisation is neither an object nor text.
    """
    if value is None or isinstance(value, str):
        return value or ""
    if not isinstance(value, dict):
        raise ValueError(f"'organization' is {json_records.kind(value)}, not an object")
    for key in ("fullname", "name"):
        name = json_records.text_field(value.get(key), f"organization.{key}")
        if name.strip():
            return name
    return ""
