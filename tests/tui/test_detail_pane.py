"""What the detail pane says about a paper."""

from __future__ import annotations

from store.models import Entry, Paper, ReaderState, Status
from tui.widgets.detail_pane import meta_text


def test_meta_lists_authors_venue_and_link() -> None:
    paper = Paper(id="a" * 12, title="T", date="2017-12", authors=tuple(f"Author {i}" for i in range(8)),
                  venue="NeurIPS", doi="10.5555/x")
    lines = meta_text(Entry(paper, ReaderState(status=Status.TO_READ, priority=1))).splitlines()
    assert lines == [
        "to-read P1 · 2017-12 · 8 authors",
        "Author 0, Author 1, Author 2, Author 3, Author 4, Author 5, …",
        "NeurIPS",
        "https://doi.org/10.5555/x",
    ]


def test_meta_of_a_listing_paper_is_one_line() -> None:
    paper = Paper(id="b" * 12, title="T", date="Oct 13", org="HKUST", authors_count=1, votes=3)
    assert meta_text(Entry(paper)) == "new · Oct 13 · HKUST · 1 author · ▲3"
