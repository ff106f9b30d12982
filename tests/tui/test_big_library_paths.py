"""The paths the app takes on big libraries and with other processes, on the bundled one.

Thresholds are lowered so the 97 bundled papers go through the worker threads
that 100,000 papers need (index built in the background, abstracts searched
after the fast answer), and another process's changes arrive while the app runs.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from readlist.store import view as view_module
from readlist.store.library import Library
from readlist.store.view import LibraryView
from readlist.tui.widgets import filter_bar
from readlist.tui.widgets.paper_list import PaperList

SIZE = (120, 40)


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_module, "SEARCH_AT_ONCE", 10)


async def test_abstract_matches_arrive_after_the_fast_answer(make_app, big, monkeypatch) -> None:
    answers: list[tuple[str, bool, list[str]]] = []
    show = LibraryView.show

    def record(view, result):
        answers.append((result.query, result.complete, result.ids))
        show(view, result)

    monkeypatch.setattr(LibraryView, "show", record)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the index, built in the background
        await pilot.press("slash", *"grpo")
        await pilot.pause(filter_bar.ABSTRACTS_AFTER + 0.1)  # typing paused: abstracts are searched
        await app.workers.wait_for_complete()
        await pilot.pause()
        [(_, _, fast)] = [(q, c, ids) for q, c, ids in answers if q == "grpo" and not c]
        [(_, _, complete)] = [(q, c, ids) for q, c, ids in answers if q == "grpo" and c]
        titles = [app.library.entry(pid).title for pid in complete]
        assert titles[0].startswith("SAGE-GRPO")
        assert any(t.startswith("ReasonGen-R1") for t in titles)  # GRPO is only in its abstract
        assert set(fast) < set(complete)
        assert app.screen.query_one(PaperList).ids == complete
        assert "searching" not in app.screen.sub_title


async def test_typing_before_the_index_is_ready_is_answered_when_it_is(make_app, big) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"unifrok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.screen.query_one(PaperList).ids
        assert app.library.entry(shown[0]).title.startswith("UniFork")


async def test_another_process_changes_show_up(make_app, home: Path, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        other = Library.open(home)
        first = other.ids()[0]
        other.set_note(first, "written by the CLI")
        extra = tmp_path / "extra.txt"
        extra.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
        other.import_files([extra])

        app.check_disk()  # what the app's timer does every two seconds
        await pilot.pause()
        assert app.screen.sub_title.startswith("98 shown / 98 ·")
        assert app.library.entry(first).note == "written by the CLI"
        await pilot.press("slash", *"wombatnet")
        await pilot.pause()
        [found] = app.screen.query_one(PaperList).ids
        assert app.library.entry(found).title.startswith("WombatNet")


async def test_a_typo_typed_while_the_vocabularies_build_says_so_then_finds_the_paper(
        make_app, big, monkeypatch) -> None:
    """At 100,000 papers the typo-tolerant vocabularies take seconds to build after start-up:
    until then only exact words match, and the screen must not claim that nothing does."""
    import threading

    from textual.widgets import Static

    from readlist.store.search import SearchIndex

    release = threading.Event()
    build = SearchIndex.build_vocabularies

    def slow_build(index: SearchIndex) -> None:
        release.wait(10)
        build(index)

    monkeypatch.setattr(SearchIndex, "build_vocabularies", slow_build)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"unifrok")
        await pilot.pause(0.3)
        assert app.screen.query_one(PaperList).ids == []
        assert "indexing for typos…" in app.screen.sub_title
        assert str(app.screen.query_one("#detail-title", Static).content) == "No match yet: still searching…"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.screen.query_one(PaperList).ids
        assert app.library.entry(shown[0]).title.startswith("UniFork")
        assert "indexing" not in app.screen.sub_title


async def test_a_query_nothing_matches_says_so_once_the_search_is_complete(make_app, big) -> None:
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"zzqxw")
        await pilot.pause(filter_bar.ABSTRACTS_AFTER + 0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(PaperList).ids == []
        assert str(app.screen.query_one("#detail-title", Static).content) == "No paper matches the filter."
        assert "searching" not in app.screen.sub_title and "indexing" not in app.screen.sub_title


async def test_when_the_abstracts_arrive_the_highlighted_paper_stays_put_and_title_matches_stay_first(
        make_app, big, monkeypatch) -> None:
    answers: dict[bool, list[str]] = {}
    show = LibraryView.show

    def record(view, result):
        if result.query == "video":
            answers[result.complete] = result.ids
        show(view, result)

    monkeypatch.setattr(LibraryView, "show", record)
    keys_done = threading.Event()  # the abstract pass waits for the reader's keys, however slow the machine
    search = LibraryView.search

    def search_after_the_keys(view, text, *args, abstracts=False, **kwargs):
        if abstracts:
            keys_done.wait(10)
        return search(view, text, *args, abstracts=abstracts, **kwargs)

    monkeypatch.setattr(LibraryView, "search", search_after_the_keys)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"video", "enter", "j", "j", "j", "j", "j", "j")
        papers = app.screen.query_one(PaperList)
        assert False in answers and True not in answers, "the abstracts arrived before the keys"
        chosen, row_on_screen = papers.highlighted, papers.cursor - round(papers.scroll_y)
        keys_done.set()
        await pilot.pause(filter_bar.ABSTRACTS_AFTER + 0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        fast, complete = answers[False], answers[True]
        assert len(complete) > len(fast)  # the abstract pass added papers
        assert complete[:len(fast)] == fast  # title matches first, in the same order
        assert papers.ids == complete
        assert papers.highlighted == chosen
        assert papers.cursor - round(papers.scroll_y) == row_on_screen  # same row on screen
        assert 0 <= row_on_screen < papers.scrollable_content_region.height


async def test_a_big_librarys_abstracts_are_shown_and_searched_from_their_file(library, make_app, big,
                                                                             monkeypatch) -> None:
    """Above LOAD_ABSTRACTS_AT_ONCE the app never holds the abstracts: the detail pane
    reads the highlighted one from the file, a search reads them all as it goes."""
    from textual.widgets import Static

    from readlist.store import library as library_module

    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)
    monkeypatch.setattr(library_module, "HOLD_ABSTRACTS_UP_TO", 0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = app.library
        assert library.abstracts_ready and not library.abstracts_loaded
        shown = app.screen.query_one(PaperList).ids
        abstract = str(app.screen.query_one("#detail-abstract", Static).content)
        assert library.abstract(shown[0])[:60] in abstract.replace("\n", " ")
        await pilot.press("slash", *"grpo")
        await pilot.pause(filter_bar.ABSTRACTS_AFTER + 0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [library.entry(pid).title for pid in app.screen.query_one(PaperList).ids]
        assert any(t.startswith("ReasonGen-R1") for t in titles)  # GRPO is only in its abstract
        assert not library.abstracts_loaded


async def test_a_big_librarys_abstracts_get_a_word_index_in_the_background(make_app, big, monkeypatch,
                                                                           tmp_path: Path) -> None:
    """Over INDEX_ABSTRACTS_ABOVE the app builds the abstracts' word index once the
    list is up; a search then takes its abstract words from it (no pass over them,
    no pause), and papers imported meanwhile are in it."""
    from readlist.store import library as library_module

    monkeypatch.setattr(library_module, "INDEX_ABSTRACTS_ABOVE", 0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first frame: then the worker starts
        await app.workers.wait_for_complete()
        library = app.library
        assert library.abstracts_indexed
        extra = tmp_path / "extra.txt"
        extra.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
        Library.open(library.home).import_files([extra])  # another readlist: it updates the index too
        app.check_disk()
        await app.workers.wait_for_complete()
        await pilot.pause()
        passes = []
        map_abstracts = Library.map_abstracts
        monkeypatch.setattr(Library, "map_abstracts",
                            lambda self, *a, **k: passes.append(1) or map_abstracts(self, *a, **k))
        await pilot.press("slash", *"marsupial")
        await pilot.pause(0.05)  # less than the pause before a pass over the abstracts
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [library.entry(pid).title for pid in app.screen.query_one(PaperList).ids]
        assert any("WombatNet" in t for t in titles)  # the word is only in its abstract
        assert passes == [] and library.abstracts_indexed


async def test_the_complete_answer_shows_its_paper_without_waiting(make_app, big, monkeypatch) -> None:
    """While typing, the detail pane waits for a pause (DETAIL_AFTER) before it
    follows the cursor; the complete answer of a big library's abstract search
    is the last for its query, so the pane follows it at once."""
    from textual.widgets import Static

    from readlist.tui.screens import library as library_screen

    monkeypatch.setattr(library_screen, "DETAIL_AFTER", 30.0)  # no pause would ever be long enough
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"grpo")
        await pilot.pause(filter_bar.ABSTRACTS_AFTER + 0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        assert app.view.complete
        title = str(app.screen.query_one("#detail-title", Static).content)
        assert app.library.entry(papers.highlighted).title[:30] in title.replace("\n", " ")
