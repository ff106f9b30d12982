"""The view of the library (store.view): what is shown, its counts, and an index kept exact as papers change."""

from __future__ import annotations

import random

import pytest

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.store.search import SearchIndex
from readlist.store.view import LibraryView


@pytest.fixture
def view(library: Library) -> LibraryView:
    view = LibraryView(library)
    view.ensure_index()
    return view


def test_skipped_papers_are_hidden_unless_shown_or_asked_for(library: Library, view: LibraryView) -> None:
    first, second = library.ids()[:2]
    view.refresh(library.set_status([first, second], Status.SKIPPED))
    assert first not in view.shown and len(view.shown) == 95
    assert view.counts().hidden == 2 and view.counts().total == 97
    view.set_query("status:skipped")
    assert set(view.shown) == {first, second}  # the query names them: shown
    view.set_query("")
    view.set_show_skipped(True)
    assert view.shown == library.ids() and view.counts().hidden == 0


def test_a_retitled_paper_is_found_by_its_new_title_only(library: Library, view: LibraryView) -> None:
    paper_id = next(pid for pid in library.ids() if library.title_of(pid).startswith("JointDiT"))
    view.refresh(library.set_title(paper_id, "Quokka tessellation on zebra stripes"))
    for old_word in ("jointdit", "rgb", "depth"):  # words only the old title had (not its abstract)
        view.set_query(f"title:{old_word}")
        assert paper_id not in view.shown, old_word
    for query in ("quokka", "zebra tessellation", "title:stripes", "quok"):
        view.set_query(query)
        assert view.shown == [paper_id], query
    view.refresh(library.set_title(paper_id, None))  # the catalogue's title again
    view.set_query("title:quokka")
    assert view.shown == []
    view.set_query("title:jointdit")
    assert view.shown == [paper_id]


def test_the_shown_answer_follows_edits_of_the_papers_it_holds(library: Library, view: LibraryView) -> None:
    a, b, c = library.ids()[:3]
    library.set_tags([a, b], ["rl"])
    view.refresh(None)
    view.set_query("tag:rl")
    assert view.shown == [a, b]
    view.refresh(library.edit_tags(a, "-rl"))
    assert view.shown == [b]
    view.refresh(library.edit_tags(c, "+rl"))
    assert view.shown == [b, c]
    assert view.count("tag:rl") == len(view.shown) == 2


def test_counts_of_a_query_agree_with_what_it_shows(library: Library, view: LibraryView) -> None:
    ids = library.ids()
    view.refresh(library.set_status(ids[:10], Status.SKIPPED))
    for query in ("video", "diffusion model", "status:new", "status:skipped", "-video", "votes:>=3"):
        view.set_query(query)
        assert view.count(query) == view.counts().shown == len(view.shown), query


def test_a_late_answer_is_brought_up_to_date(library: Library, view: LibraryView) -> None:
    """A search answered in a worker while the reader changed a paper must not bring back the old state."""
    first = library.ids()[0]
    late = view.search("status:new")  # computed before the change ...
    view.refresh(library.set_status(first, Status.TO_READ))
    view.show(late)  # ... and shown after it
    assert first not in view.shown
    assert view.count("status:new") == len(view.shown) == 96


def test_sort_orders_and_their_reverse(library: Library, view: LibraryView) -> None:
    view.set_sort("votes")
    votes = [library.paper(pid, with_abstract=False).votes for pid in view.shown]
    view.set_sort("-votes")
    reversed_votes = [library.paper(pid, with_abstract=False).votes for pid in view.shown]
    known = [v for v in votes if v is not None]
    assert reversed_votes[:len(known)] == sorted(known)  # fewest first; papers without votes still last
    assert reversed_votes[len(known):] == votes[len(known):]
    view.set_sort("-added")
    assert view.shown == library.ids()[::-1]
    with pytest.raises(ValueError):
        view.set_sort("sideways")


def test_papers_added_are_searched_at_once_on_a_small_library(library: Library, view: LibraryView, tmp_path) -> None:
    view.set_query("quokka")
    assert view.shown == []
    listing = tmp_path / "new.md"
    listing.write_text("- [Quokka: a marsupial benchmark](https://arxiv.org/abs/2501.00001)\n", encoding="utf-8")
    library.import_files([listing])
    view.refresh(None)
    assert len(view.shown) == 1 and library.title_of(view.shown[0]).startswith("Quokka")
    assert view.counts().total == 98


#: Words to retitle, tag and annotate with, some shared with the catalogue's titles.
WORDS = ["video", "diffusion", "quokka", "reward", "zebra", "model", "agent", "tessellation", "depth", "rl"]


def test_the_index_stays_exact_through_random_edits(library: Library, view: LibraryView) -> None:
    """After every edit, each query answers what a freshly built index answers."""
    rng = random.Random(7)
    ids = library.ids()
    queries = [*WORDS, "video model", "tag:rl", "note:zebra", "title:depth", "mod", "vid", "-video", "difusion"]
    for step in range(60):
        paper_id = rng.choice(ids[:12])
        what = rng.choice(("title", "tags", "note", "status"))
        if what == "title":
            title = " ".join(rng.sample(WORDS, 3)) if rng.random() < 0.8 else None
            change = library.set_title(paper_id, title)
        elif what == "tags":
            change = library.set_tags(paper_id, rng.sample(WORDS, rng.randint(0, 2)))
        elif what == "note":
            change = library.set_note(paper_id, " ".join(rng.sample(WORDS, rng.randint(0, 3))))
        else:
            change = library.set_status(paper_id, rng.choice(list(Status)))
        view.refresh(change)
        fresh = SearchIndex.from_library(library)
        for query in queries:
            assert set(view.index.search_ids(query)) == set(fresh.search_ids(query)), (step, query)


def test_tag_counts_follow_the_skip_rule(library: Library, view: LibraryView) -> None:
    a, b = library.ids()[:2]
    view.refresh(library.set_tags([a, b], ["rl"]))
    view.refresh(library.set_status(b, Status.SKIPPED))
    assert view.tag_counts()["rl"] == view.count("tag:rl") == 1
    view.set_show_skipped(True)
    assert view.tag_counts()["rl"] == view.count("tag:rl") == 2
