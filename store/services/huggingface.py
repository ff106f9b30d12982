"""The Hugging Face Hub's paper API: Daily Papers, and one paper by its arXiv id.

Endpoints (https://huggingface.co/docs/hub/api, and the Hub's own
``huggingface_hub`` client, ``HfApi.list_daily_papers`` and ``paper_info``):

- ``GET /api/daily_papers?date=YYYY-MM-DD`` (or ``week=YYYY-Www``,
  ``month=YYYY-MM``), paged with ``p`` (0-based) and ``limit`` (default 50,
  :data:`PAGE_SIZE`): the papers featured that day, week or month (the day a
  paper was put on Daily Papers, not its arXiv date);
- ``GET /api/papers/<arXiv id>``: one paper, its fields at top level.

Every answer is JSON that :mod:`store.importers.hf_json` reads, so a paper
fetched here is the same as one imported from a saved answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from readlist.store import services
from readlist.store.errors import InputError, ServiceError
from readlist.store.importers import hf_json
from readlist.store.importers.base import ParseResult
from readlist.store.services.http import ServiceClient

#: Papers asked for per Daily Papers page (the Hub's default ``limit``; 100 is said to be its largest,
#: but that is not documented).
PAGE_SIZE = 50
#: At most this many pages of one day, week or month (a guard against a server that never ends).
MAX_PAGES = 50
DAILY_PATH = "/api/daily_papers"
PAPERS_PATH = "/api/papers/"


def client(base_url: str, **options) -> ServiceClient:
    """A :class:`ServiceClient` for the Hugging Face Hub at ``base_url``."""
    return ServiceClient(services.NAMES[services.HUGGINGFACE], base_url, **options)


def daily_papers(http: ServiceClient, *, date: str = "", week: str = "", month: str = "") -> ParseResult:
    """Every paper of one day (``date="2025-01-08"``), week (``"2025-W02"``) or month
    (``"2025-01"``), all pages of it.

    Raises:
        ServiceError: the Hub cannot be reached, fails, or answers something
            that is not a Daily Papers list.
    """
    when = {"date": date} if date else {"week": week} if week else {"month": month}
    result = ParseResult(hf_json.FORMAT)
    for page in range(MAX_PAGES):
        document = http.get_json(DAILY_PATH, params={**when, "limit": PAGE_SIZE, "p": page})
        if not isinstance(document, list):
            raise ServiceError(http.service, f"sent {_kind(document)} where a list of Daily Papers was expected")
        _extend(result, _parse(http, document, f"daily_papers {next(iter(when.values()))} page {page + 1}"))
        if len(document) < PAGE_SIZE:
            break
    return result


def paper(http: ServiceClient, arxiv_id: str) -> ParseResult:
    """One paper by its arXiv id (``/api/papers/<id>``).

    Raises:
        ServiceError: as :func:`daily_papers`; 404 when the Hub does not know the paper.
    """
    document = http.get_json(PAPERS_PATH + quote(arxiv_id, safe="./"))
    if not isinstance(document, dict):
        raise ServiceError(http.service, f"sent {_kind(document)} where one paper was expected")
    return _parse(http, [document], f"papers/{arxiv_id}")


def _parse(http: ServiceClient, document: list[Any], what: str) -> ParseResult:
    """Read a Hub answer's objects as papers (an object that is none is rejected, not fatal)."""
    if not document:
        return ParseResult(hf_json.FORMAT)
    source = f"{http.base_url}/api/{what}"
    try:
        return hf_json.IMPORTER.parse(orjson.dumps(document).decode(), source)
    except InputError as error:  # cannot happen for a list just dumped, but never crash on it
        raise ServiceError(http.service, f"sent papers that cannot be read ({error.reason})") from None


def _extend(result: ParseResult, more: ParseResult) -> None:
    result.papers.extend(more.papers)
    result.rejected.extend(more.rejected)
    result.warnings.extend(more.warnings)


def _kind(document: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string"}.get(type(document), "a number or null")
