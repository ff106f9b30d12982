"""The reader's typed settings kept with the library (store.settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.library import Library
from readlist.store.settings import HISTORY_SIZE, SavedSearch, Settings, check
from readlist.store.triage import TriageSession


@pytest.fixture
def settings(library: Library) -> Settings:
    return Settings(library)


def test_saved_searches_are_kept_in_order_and_replaced_by_name(settings: Settings, home: Path) -> None:
    assert settings.save_search("videos", "video") == 1
    assert settings.save_search(" rl ", " tag:rl ") == 2
    assert settings.save_search("videos", "video -status:read") == 2  # replaced, moved last
    assert Settings(Library.open(home)).saved_searches() == [
        SavedSearch("rl", "tag:rl"), SavedSearch("videos", "video -status:read")]


def test_query_history_keeps_each_query_once_newest_last(settings: Settings) -> None:
    for number in range(HISTORY_SIZE + 5):
        settings.remember_query(f"q{number}")
    settings.remember_query("q10")
    settings.remember_query("   ")  # blank: not kept
    history = settings.query_history()
    assert len(history) == HISTORY_SIZE and history[-1] == "q10" and history.count("q10") == 1
    assert history[0] == "q5"


def test_sort_orders_are_checked(settings: Settings) -> None:
    assert settings.sort() == "added"
    settings.set_sort("-date")
    assert settings.sort() == "-date"
    with pytest.raises(ValueError):
        settings.set_sort("sideways")


def test_triage_sessions_resume_without_papers_that_are_gone(settings: Settings, library: Library) -> None:
    first, second = library.ids()[:2]
    settings.set_triage(TriageSession([first, "gone00000000", second], position=1, decisions={first: "to-read"}))
    session = settings.triage()
    assert session is not None and session.ids == [first, second] and session.decisions == {first: "to-read"}
    settings.set_triage(TriageSession([first], position=1))  # finished: forgotten
    assert settings.triage() is None and library.setting("triage") is None


@pytest.mark.parametrize(("name", "value"), [
    ("saved_searches", [{"name": ["x"], "query": "q"}]),
    ("saved_searches", "video"),
    ("query_history", 5),
    ("sort", 7),
    ("sort", "sideways"),
    ("triage", {"ids": ["a"], "position": "2"}),
    ("triage", {"ids": "a"}),
    ("theme", ""),
])
def test_a_value_of_the_wrong_shape_reads_as_absent(settings: Settings, library: Library, name: str, value) -> None:
    library.set_setting(name, value)
    assert not check(name, value)
    assert {"saved_searches": settings.saved_searches, "query_history": settings.query_history,
            "sort": settings.sort, "triage": settings.triage, "theme": settings.theme}[name]() in ([], "added", None)


def test_saved_searches_of_a_hand_edited_file_keep_the_good_entries(settings: Settings, library: Library) -> None:
    library.set_setting("saved_searches", [{"name": ["x"], "query": "q"}, "junk", {"name": "ok", "query": "tag:x"}])
    assert settings.saved_searches() == [SavedSearch("ok", "tag:x")]
    library.set_setting("query_history", ["ok", 3, None])
    assert settings.query_history() == ["ok"]


def test_restoring_a_backup_fills_what_is_missing_and_merges_searches_by_name(settings: Settings) -> None:
    settings.save_search("mine", "tag:mine")
    settings.set_sort("votes")
    settings.restore({
        "sort": "date",  # the library has its own: kept
        "theme": "nord",  # none here: restored
        "query_history": 12,  # wrong shape: ignored
        "saved_searches": [{"name": "mine", "query": "other"}, {"name": "theirs", "query": "tag:theirs"}, 3],
    })
    assert settings.sort() == "votes" and settings.theme() == "nord" and settings.query_history() == []
    assert settings.saved_searches() == [SavedSearch("mine", "tag:mine"), SavedSearch("theirs", "tag:theirs")]


def test_shared_changes_round_trip_and_only_current_ones_are_adopted(library) -> None:
    from readlist.store.library import Library

    first, second = library.ids()[:2]
    settings = Settings(library)
    settings.share_change(library.set_status(first, "read"))
    settings.share_change(library.edit_tags(second, "+rl"))
    library.set_note(second, "changed since")  # the tag change is no longer the newest state of that paper
    other = Library.open(library.home)
    shared = Settings(other).shared_changes()
    assert [change.description.split(" “")[0] for _, change in shared] == ["marked read", "tagged (+rl)"]
    taken = other.adopt_changes(change for _, change in shared)
    assert [c.ids for c in taken] == [[first]]
    other.undo()
    assert not other.state(first).read and other.state(second).tags == ("rl",)
    library.set_setting("shared_changes", [{"id": 1}])  # a hand-edited file: read as none
    assert Settings(library).shared_changes() == []
