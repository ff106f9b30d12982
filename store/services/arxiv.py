"""The arXiv API: papers by id, by title, and the newest of some categories.

The API (https://info.arxiv.org/help/api/user-manual.html) answers
``GET /api/query`` with an Atom 1.0 feed: ``search_query`` (``cat:cs.CV``,
``ti:"..."``, joined with ``AND``/``OR``) or ``id_list`` (comma separated),
``start`` and ``max_results`` for paging, ``sortBy=submittedDate`` and
``sortOrder=descending`` for the newest first. ``opensearch:totalResults``
says how many match. Each ``entry`` is a paper::

    <entry>
      <id>http://arxiv.org/abs/2501.01234v2</id>          (https:// since 2025)
      <published>2025-01-02T18:59:59Z</published>          first version
      <updated>2025-01-09T10:00:00Z</updated>
      <title>...</title>  <summary>...</summary>           the abstract
      <author><name>...</name></author> ...
      <arxiv:doi>10....</arxiv:doi>  <arxiv:journal_ref>...</arxiv:journal_ref>
      <link href="http://arxiv.org/abs/2501.01234v2" rel="alternate" type="text/html"/>
      <link title="pdf" href="http://arxiv.org/pdf/2501.01234v2" rel="related" type="application/pdf"/>
      <arxiv:primary_category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
      <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    </entry>

Since arXiv's 2025 update the ids and links are ``https://``, the PDF link has
no ``title`` and ``primary_category`` may come without the ``arxiv:``
namespace: elements are found here by their local name, whatever their
namespace, so both shapes read the same. An error (a malformed id, say) is
answered as a feed with one entry titled ``Error`` whose summary says what
is wrong; it becomes a :class:`~store.errors.ServiceError`.

The terms of use (https://info.arxiv.org/help/api/tou.html) ask for one
request at a time, at least 3 seconds apart: :data:`MIN_INTERVAL`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from readlist.store import services
from readlist.store.errors import InputError, ServiceError
from readlist.store.identity import normalise_arxiv_id
from readlist.store.importers.base import build_paper
from readlist.store.importers.latex import arxiv_latex_to_text
from readlist.store.models import Paper
from readlist.store.services.http import ServiceClient, looks_like

FORMAT = "arxiv-api"
#: Least seconds between two requests (the API's terms of use).
MIN_INTERVAL = 3.0
#: Entries asked for per request (the manual suggests at most 2000; smaller pages fail less).
PAGE_SIZE = 100
QUERY_PATH = "/api/query"
_ERROR_ID = re.compile(r"/api/errors", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Feed:
    """One answer of the API.

    Attributes:
        total: how many entries match in all (``opensearch:totalResults``), or ``None``.
        papers: the entries read, in feed order.
        published: arXiv id -> ISO 8601 time of its first version, for "since" checks.
        rejected: entries that could not be read, each saying why.
    """

    total: int | None = None
    papers: list[Paper] = field(default_factory=list)
    published: dict[str, str] = field(default_factory=dict)
    rejected: list[InputError] = field(default_factory=list)


class QueryRefused(ServiceError):
    """The API's error entry: arXiv refused the query and its summary says why."""


def client(base_url: str, **options) -> ServiceClient:
    """A :class:`ServiceClient` for the arXiv API at ``base_url``, paced :data:`MIN_INTERVAL` apart."""
    options.setdefault("min_interval", MIN_INTERVAL)
    return ServiceClient(services.NAMES[services.ARXIV], base_url, **options)


def query(http: ServiceClient, *, search_query: str = "", id_list: Iterable[str] = (), start: int = 0,
          max_results: int = PAGE_SIZE, newest_first: bool = False) -> Feed:
    """Ask the API once and read its feed.

    Args:
        http: a client from :func:`client`.
        search_query: e.g. ``"cat:cs.CV OR cat:cs.CL"``; may be empty with ``id_list``.
        id_list: arXiv ids, any spelling :func:`~store.identity.normalise_arxiv_id` reads.
        start: index of the first entry wanted (paging).
        max_results: entries wanted.
        newest_first: sort by submission date, newest first.

    Raises:
        ServiceError: the API cannot be reached, fails, answers something that
            is not an Atom feed, or answers with its error entry.
    """
    params: dict[str, str | int] = {"start": start, "max_results": max_results}
    if search_query:
        params["search_query"] = search_query
    ids = [normalise_arxiv_id(i) or i for i in id_list]
    if ids:
        params["id_list"] = ",".join(ids)
    if newest_first:
        params["sortBy"], params["sortOrder"] = "submittedDate", "descending"
    response = http.get(QUERY_PATH, params=params, accept="application/atom+xml", also_ok=(400,))
    try:
        feed = parse_feed(response.content, source=f"{http.base_url}{QUERY_PATH}", service=http.service,
                          what=looks_like(response))
    except QueryRefused:
        raise  # the error entry says why (answered 400 or not)
    except ServiceError:
        if response.status_code == 400:  # no error entry to explain it
            raise ServiceError(http.service, f"HTTP 400 Bad Request ({response.url})") from None
        raise
    if response.status_code == 400:
        raise ServiceError(http.service, "HTTP 400 Bad Request without an error entry")
    return feed


def words(text: str) -> list[str]:
    """The words of ``text`` without punctuation (the query language has its own, e.g. ``:`` and ``-``)."""
    return _WORD.findall(text)


def title_query(title: str) -> str:
    """A ``search_query`` for papers whose title has every word of ``title`` (at most 12)."""
    return " AND ".join(f"ti:{word}" for word in words(title)[:12])


def category_query(categories: Iterable[str]) -> str:
    """A ``search_query`` for papers in any of ``categories`` (``cs.CV`` ...)."""
    return " OR ".join(f"cat:{c}" for c in categories)


def submitted_between(start: datetime, end: datetime) -> str:
    """A ``search_query`` term for papers first submitted between two times
    (``submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]``, GMT, as the API manual writes it)."""
    stamp = lambda when: when.astimezone(UTC).strftime("%Y%m%d%H%M")  # noqa: E731
    return f"submittedDate:[{stamp(start)} TO {stamp(end)}]"


def parse_feed(body: bytes, *, source: str, service: str = "arXiv", what: str = "something else") -> Feed:
    """Read an arXiv API answer (either shape; see the module docstring).

    Args:
        body: the answer's bytes.
        source: where it came from, for ``Paper.source`` and messages.
        service: the service's name for errors.
        what: what the answer looks like when it is no feed (:func:`~.http.looks_like`).

    Raises:
        ServiceError: empty, not XML, not an Atom feed, or the API's error entry.
    """
    if not body.strip():
        raise ServiceError(service, "sent an empty answer, not an Atom feed")
    if b"<!DOCTYPE" in body[:1024].upper() and b"<feed" not in body[:4096]:
        raise ServiceError(service, f"sent {what}, not an Atom feed")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise ServiceError(service, f"sent {what} that is not a whole Atom feed ({error})") from None
    if _local(root.tag) != "feed":
        raise ServiceError(service, f"sent {what} (<{_local(root.tag)}>), not an Atom feed")
    feed = Feed()
    total = _child_text(root, "totalResults")
    feed.total = int(total) if total.isdigit() else None
    for index, entry in enumerate(_children(root, "entry"), start=1):
        entry_id = _child_text(entry, "id")
        if _ERROR_ID.search(entry_id) or (_child_text(entry, "title") == "Error" and not normalise_arxiv_id(entry_id)):
            raise QueryRefused(service, f"refused the query: {_one_line(_child_text(entry, 'summary')) or entry_id}")
        try:
            paper, published = _paper(entry, source)
        except InputError as error:
            feed.rejected.append(InputError(source, f"entry {index}: {error.reason}"))
            continue
        feed.papers.append(paper)
        feed.published[paper.arxiv_id] = published
    return feed


def _paper(entry: ET.Element, source: str) -> tuple[Paper, str]:
    """One entry as a paper, and the time of its first version."""
    arxiv_id = normalise_arxiv_id(_child_text(entry, "id"))
    if not arxiv_id:
        raise InputError(source, f"no arXiv id in <id> ({_child_text(entry, 'id')!r})")
    published = _child_text(entry, "published")
    journal = _one_line(_child_text(entry, "journal_ref"))
    paper = build_paper(
        source=source, source_format=FORMAT,
        title=arxiv_latex_to_text(_one_line(_child_text(entry, "title"))),
        abstract=arxiv_latex_to_text(_one_line(_child_text(entry, "summary"))),
        authors=[_one_line(_child_text(author, "name")) for author in _children(entry, "author")],
        date=published[:10],
        arxiv_id=arxiv_id,
        doi=_child_text(entry, "doi"),
        url=f"https://arxiv.org/abs/{arxiv_id}",
        venue=journal or "arXiv",
        entry_type="article" if journal else "misc",
    )
    return paper, published


def _local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element: ET.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())
