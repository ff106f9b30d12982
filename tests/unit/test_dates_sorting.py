"""Dates as sources write them (store.dates) and the list's sort orders (store.sorting)."""

from __future__ import annotations

import pytest

from readlist.store.dates import PaperDate, parse_date
from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.sorting import SORTS, next_sort, sort_ids


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Oct 13", PaperDate(None, 10, 13)),
        ("Dec 9, 2024", PaperDate(2024, 12, 9)),
        ("Sept 3 2023", PaperDate(2023, 9, 3)),
        ("13 October 2024", PaperDate(2024, 10, 13)),
        ("October 2024", PaperDate(2024, 10, None)),
        ("2024-03-01", PaperDate(2024, 3, 1)),
        ("2024-03", PaperDate(2024, 3, None)),
        ("2024", PaperDate(2024, None, None)),
        ("2024-03-01T12:00:00Z", PaperDate(2024, 3, 1)),
    ],
)
def test_parse_date(text: str, date: PaperDate) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["", "soon", "Foo 13", "2024-13", "Oct 45"])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_sort_cycle_wraps() -> None:
    assert [next_sort(s) for s in SORTS] == [*SORTS[1:], SORTS[0]]


def test_sorts_on_the_bundled_catalogue(library: Library) -> None:
    ids = library.ids()
    titled = {library.title_of(pid): pid for pid in ids}
    by_date = sort_ids(library, ids, "date")
    dated = [library.paper(pid, with_abstract=False).date for pid in by_date]
    assert parse_date(dated[0]).year is None  # this year's (no year given) first
    with_years = [parse_date(d) for d in dated if d and parse_date(d).year]
    assert with_years == sorted(with_years, key=lambda d: d.sort_key(), reverse=True)
    assert all(not d for d in dated[len(dated) - dated.count(""):])  # undated last

    votes = [library.paper(pid, with_abstract=False).votes for pid in sort_ids(library, ids, "votes")]
    known = [v for v in votes if v is not None]
    assert known == sorted(known, reverse=True) and votes[len(known):] == [None] * (len(votes) - len(known))

    titles = [library.title_of(pid) for pid in sort_ids(library, ids, "title")]
    assert titles == sorted(titles, key=str.casefold)

    library.set_status(titled[titles[5]], Status.READING)
    library.set_status(titled[titles[6]], Status.TO_READ)
    library.set_priority(titled[titles[6]], 1)
    library.set_status(titled[titles[7]], Status.SKIPPED)
    by_status = sort_ids(library, ids, "status")
    assert by_status[:2] == [titled[titles[5]], titled[titles[6]]]
    assert by_status[-1] == titled[titles[7]]
    assert sort_ids(library, ids, "changed")[0] == titled[titles[7]]  # the latest change
    assert sort_ids(library, ids, "added") == ids
