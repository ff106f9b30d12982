"""Pre-computed sort orders (store.sorting.Ranking) and the view's cache of them."""

from __future__ import annotations

import pytest

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.sorting import SORTS, Ranking, _descending, sort_ids
from readlist.store.view import LibraryView

ORDERS = [order for name in SORTS for order in (name, f"-{name}")]


def _touch(library: Library) -> None:
    ids = library.ids()
    library.set_status(ids[3:9], Status.READING)
    library.set_priority(ids[4:6], 2)
    library.toggle_read(ids[20])
    library.edit_tags(ids[30], "+x")


@pytest.mark.parametrize("order", ORDERS)
def test_view_sorts_as_sort_ids(library: Library, order: str) -> None:
    _touch(library)
    view = LibraryView(library, sort=order)
    assert view.shown == sort_ids(library, library.ids(), order)


@pytest.mark.parametrize("name", [name for name in SORTS if name != "added"])
def test_ranking_of_a_subset_keeps_the_given_order_of_ties(library: Library, name: str) -> None:
    ids = library.ids()[::-1][:40]  # not library order: ties must keep this one
    ranking = Ranking(library, name)
    for reverse in (False, True):
        assert ranking.order(ids, reverse) == sort_ids(library, ids, "-" * reverse + name)


@pytest.mark.parametrize("order", ["changed", "-changed", "status", "title", "-status"])
def test_rankings_follow_the_readers_changes(library: Library, order: str) -> None:
    view = LibraryView(library, sort=order)
    _ = view.shown
    ids = library.ids()
    for paper_id in (ids[50], ids[2], ids[50], ids[70]):
        view.refresh(library.toggle_read(paper_id))
        view.refresh(library.edit_tags(paper_id, "+t"))
        view.refresh(library.set_title(paper_id, f"Aaa {paper_id}"))
        assert view.shown == sort_ids(library, library.ids(), order)
    if order == "changed":
        assert view.shown[0] == ids[70]


def test_a_ranking_built_in_a_worker_takes_in_changes_made_meanwhile(library: Library) -> None:
    view = LibraryView(library)
    built = view.build_ranking("changed")
    paper_id = library.ids()[40]
    view.refresh(library.toggle_read(paper_id))
    assert view.use_ranking(*built)
    view.set_sort("changed")
    assert view.sort_ready("changed") and view.shown[0] == paper_id


def test_descending_text_keys() -> None:
    texts = ["2025-01-02T10:00", "2025-01-02T10:00:01", "2024-12-31", "", "2025-01-02T09"]
    assert sorted(texts, key=_descending) == sorted(texts, reverse=True)


@pytest.mark.parametrize("name", ["status", "changed", "title"])
@pytest.mark.parametrize("move_at_most", [200, 2])
def test_the_kept_sorted_library_follows_changes_in_both_directions(
        library: Library, name: str, move_at_most: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # few papers changed: each is moved in the kept lists; more than MOVE_AT_MOST: the lists are rebuilt
    monkeypatch.setattr("readlist.store.sorting.MOVE_AT_MOST", move_at_most)
    view = LibraryView(library, sort=name)
    ids = library.ids()
    changes = [lambda: library.set_status(ids[10:15], Status.SKIPPED), lambda: library.toggle_read(ids[60]),
               lambda: library.set_priority(ids[5:9], 1), lambda: library.set_title(ids[1], "Zzz last"),
               lambda: library.set_status(ids[12], Status.NEW)]
    for change in changes:
        for order in (name, f"-{name}"):
            view.set_sort(order)
            shown = [pid for pid in sort_ids(library, ids, order) if library.state(pid).status != Status.SKIPPED]
            assert view.shown == shown
            assert view.counts().hidden == len(ids) - len(shown)
        view.refresh(change())
