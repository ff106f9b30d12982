"""A paper's page and PDF on the web (store.links), and Paper.link, which is the page."""

from __future__ import annotations

import pytest

from readlist.store.links import is_pdf_url, page_url, pdf_url
from readlist.store.models import Paper


def paper(**links: str) -> Paper:
    return Paper(id="a" * 12, title="T", **links)


@pytest.mark.parametrize(("links", "page", "pdf"), [
    # an arXiv id wins over a DOI and a URL, for both
    ({"arxiv_id": "2501.01234", "doi": "10.1/x", "url": "https://example.org/p.pdf"},
     "https://arxiv.org/abs/2501.01234", "https://arxiv.org/pdf/2501.01234"),
    # an old-style id goes in as it is, slash and all
    ({"arxiv_id": "hep-th/9901001"}, "https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/pdf/hep-th/9901001"),
    ({"arxiv_id": "math.GT/0309136"}, "https://arxiv.org/abs/math.GT/0309136",
     "https://arxiv.org/pdf/math.GT/0309136"),
    # a DOI beats the URL for the page; the URL is the PDF only when it is one
    ({"doi": "10.5555/x", "url": "https://example.org/paper"}, "https://doi.org/10.5555/x", ""),
    ({"doi": "10.5555/x", "url": "https://example.org/paper.pdf"}, "https://doi.org/10.5555/x",
     "https://example.org/paper.pdf"),
    ({"url": "https://example.org/Paper.PDF?download=1#page=2"}, "https://example.org/Paper.PDF?download=1#page=2",
     "https://example.org/Paper.PDF?download=1#page=2"),
    ({"url": "https://example.org/view?file=paper.pdf"}, "https://example.org/view?file=paper.pdf", ""),
    ({"url": "https://example.org/pdf"}, "https://example.org/pdf", ""),
    ({}, "", ""),
])
def test_page_and_pdf(links: dict[str, str], page: str, pdf: str) -> None:
    assert page_url(paper(**links)) == page
    assert pdf_url(paper(**links)) == pdf
    assert paper(**links).link == page  # one rule for "the paper's link"


def test_a_doi_is_escaped_where_a_url_needs_it() -> None:
    assert page_url(paper(doi="10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0")) == (
        "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-0"
    )
    assert page_url(paper(doi="10.1000/a#b?c d%e")) == "https://doi.org/10.1000/a%23b%3Fc%20d%25e"


def test_a_malformed_url_is_no_pdf() -> None:
    assert not is_pdf_url("http://[broken/paper.pdf")
    assert pdf_url(paper(url="http://[broken/paper.pdf")) == ""
    assert page_url(paper(url="http://[broken/paper.pdf")) == "http://[broken/paper.pdf"
