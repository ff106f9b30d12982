"""Where a paper can be read on the web: its page and its PDF.

One rule for each, used by everything that links a paper (``Paper.link``, the
detail pane, the Markdown export, ``readlist list --json``, ``o``/``O`` in the
TUI and ``readlist open``):

- the page is the arXiv abstract page when the paper has an arXiv id, else the
  DOI's resolver page, else the URL its source gave;
- the PDF is arXiv's PDF when the paper has an arXiv id, else the source's URL
  when that names a ``.pdf`` file.

Old-style arXiv ids (``hep-th/9901001``) work in arXiv's URLs as they are
(https://info.arxiv.org/help/arxiv_identifier.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from readlist.store.models import Paper

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"
DOI_RESOLVER = "https://doi.org/"
#: What stays as it is when a DOI goes into a URL: DOIs may hold almost any
#: character, but ``#``, ``?``, ``%``, spaces and quotes must be escaped there
#: (the DOI Handbook, 3.8.1: https://www.doi.org/the-identifier/resources/handbook).
_DOI_SAFE = "/:;()[],.+-_~=!$&'*@"


def page_url(paper: Paper) -> str:
    """The paper's page: ``https://arxiv.org/abs/<arxiv_id>``, else
    ``https://doi.org/<doi>``, else its URL; ``""`` when it has none of them.

    Args:
        paper: any :class:`~store.models.Paper` (only ``arxiv_id``, ``doi``
            and ``url`` are read).

    Returns:
        An absolute URL, or ``""``. Never raises.
    """
    return _page_url(paper.arxiv_id, paper.doi, paper.url)


def doc_page_url(doc: Mapping[str, Any]) -> str:
    """:func:`page_url` of a paper's stored document (:meth:`Paper.to_doc
    <readlist.store.models.Paper.to_doc>`), without making the paper."""
    return _page_url(doc.get("arxiv_id", ""), doc.get("doi", ""), doc.get("url", ""))


def _page_url(arxiv_id: str, doi: str, url: str) -> str:
    if arxiv_id:
        return ARXIV_ABS + arxiv_id.strip()
    if doi:
        return DOI_RESOLVER + quote(doi.strip(), safe=_DOI_SAFE)
    return url.strip()


def pdf_url(paper: Paper) -> str:
    """The paper's PDF: ``https://arxiv.org/pdf/<arxiv_id>``, else its URL when
    that names a ``.pdf`` file (in any case, whatever query or fragment follows);
    ``""`` when no PDF is known.

    Args:
        paper: any :class:`~store.models.Paper` (``arxiv_id`` and ``url`` are read).

    Returns:
        An absolute URL, or ``""``. Never raises.
    """
    if paper.arxiv_id:
        return ARXIV_PDF + paper.arxiv_id.strip()
    url = paper.url.strip()
    return url if is_pdf_url(url) else ""


def is_pdf_url(url: str) -> bool:
    """True when ``url``'s path ends in ``.pdf`` (any case), e.g.
    ``https://x.org/paper.PDF?download=1``."""
    try:
        path = urlsplit(url).path
    except ValueError:  # e.g. an unclosed "[" in the host part
        return False
    return path.lower().endswith(".pdf")
