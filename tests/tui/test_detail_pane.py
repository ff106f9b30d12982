"""What the detail pane says about a paper."""

from __future__ import annotations

from readlist.store.models import Entry, Paper, ReaderState, Status
from readlist.tui.widgets.detail_pane import meta_text


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


def test_meta_says_where_and_when_the_paper_came_in() -> None:
    from readlist.store.bundled import seed_names
    from readlist.tui.widgets.detail_pane import origin_text

    imported = Paper(id="c" * 12, title="T", source="refs.bib", source_format="bibtex",
                     added="2026-11-22T15:02:27.789Z")
    assert meta_text(Entry(imported)).splitlines() == ["new", "from refs.bib (bibtex), added 2026-11-22"]
    bundled = Paper(id="d" * 12, title="T", source=sorted(seed_names())[0], source_format="daily-papers",
                    added="2026-11-01T08:00:00Z")
    assert origin_text(bundled) == "from the bundled catalogue"
    assert origin_text(Paper(id="e" * 12, title="T")) == ""


def test_meta_counts_an_author_list_that_ends_in_et_al_as_at_least() -> None:
    paper = Paper(id="d" * 12, title="T", authors=tuple(f"Author {i}" for i in range(12)), authors_count=12,
                  et_al=True)
    assert meta_text(Entry(paper)).splitlines()[0] == "new · 12+ authors"
    one = Paper(id="e" * 12, title="T", authors=("M. Abadi",), authors_count=1, et_al=True)
    assert meta_text(Entry(one)).splitlines()[0] == "new · 1+ authors"
