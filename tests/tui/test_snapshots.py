"""Snapshot tests: the screens as a reader sees them (SVG files in __snapshots__).

Update after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update``, after checking ``snapshot_report.html``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DirectoryTree

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.app import ReadlistApp
from readlist.tui.config import Config
from readlist.tui.screens import library as library_screen
from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.library import DETAIL_AFTER


def annotated_app(home: Path) -> ReadlistApp:
    """The bundled library with a few changes a reader would make."""
    library = Library.open(home)
    ids = library.ids()
    library.set_status(ids[0], Status.READ)
    library.set_tags(ids[0], ["rl", "image-gen"])
    library.set_note(ids[1], "Compare with **ViaRL** on VideoMME.")
    library.set_tags(ids[2], ["efficiency"])
    library.decide(ids[3], Status.TO_READ, priority=1)
    library.set_status(ids[4], Status.READING)
    library.set_status(ids[5], Status.SKIPPED)
    return ReadlistApp(library, config=Config())


def test_main_screen(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), press=["j"])


def test_main_screen_filtered(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), press=["slash", *"unified reward", "enter"])


def test_main_screen_with_marked_papers(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), press=["j", "space", "v", "j", "j"])


def test_help_screen(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 60), press=["question_mark"])


def test_triage_screen(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), press=["T", "a"])


# -- every screen and dialog, at the smallest usual terminal and a big one ------------

#: Each dialog and screen below is shown at these terminal sizes (columns, rows).
SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 42)], ids=["80x24", "140x42"])


async def settle(pilot: Pilot) -> None:
    """Let timers started by the keys fire (the detail pane follows the filter
    box after :data:`~readlist.tui.screens.library.DETAIL_AFTER` seconds)."""
    await pilot.pause(DETAIL_AFTER * 2)


@SIZES
def test_import_dialog(snap_compare, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       size: tuple[int, int]) -> None:
    """``i``: the import dialog browsing the folder readlist started in (a fixed one)."""
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "refs.bib").write_text("@article{a, title={A}}\n", encoding="utf-8")
    (papers / "daily.json").write_text("[]\n", encoding="utf-8")
    (papers / "notes.md").write_text("- A\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # The tree's root label is the start folder as given: a relative one, so
    # no random temporary path shows.
    monkeypatch.setattr(library_screen, "ImportScreen", partial(ImportScreen, start=Path("papers")))

    async def open_dialog(pilot: Pilot) -> None:
        await pilot.pause()  # let the screen mount first
        await pilot.press("i")
        tree = pilot.app.screen.query_one(DirectoryTree)
        for _ in range(200):  # the tree lists the folder in a worker thread
            if tree.root.children:
                break
            await pilot.pause(0.01)
        assert [node.label.plain for node in tree.root.children] == ["daily.json", "notes.md", "refs.bib"]

    assert snap_compare(annotated_app(home), terminal_size=size, run_before=open_dialog)


@SIZES
def test_note_editor(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """``n`` on a paper that has a note: the editor holds it."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["j", "n"])


@SIZES
def test_tags_prompt(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """``t`` on a tagged paper, a tag half typed after its tags: the box suggests the rest."""
    # The box starts with the tags selected (typing would replace them): End keeps them.
    assert snap_compare(annotated_app(home), terminal_size=size, press=["t", "end", "comma", "space", "e", "f"])


@SIZES
def test_confirm_dialog(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """``A`` then ``r``: changing more than five papers asks first."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["A", "r"])


@SIZES
def test_sidebar(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """``b``: two saved searches and the tags, with their counts."""
    app = annotated_app(home)
    app.settings.save_search("RL and efficiency", "tag:rl OR tag:efficiency")
    app.settings.save_search("Queue", "status:to-read")
    assert snap_compare(app, terminal_size=size, press=["b"])


@SIZES
def test_filter_error(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """An invalid query: the line under the box says what is wrong, the list
    keeps the last good result (``votes:>=2``, pasted just before the ``x``)."""

    async def type_query(pilot: Pilot) -> None:
        await pilot.pause()  # let the screen mount first, or "/" is lost
        await pilot.press("slash")
        # pasted, then one key: two searches instead of one a character (cheaper)
        pilot.app.screen.filter_bar.post_message(events.Paste("votes:>=2"))
        await pilot.press("x")
        await settle(pilot)

    assert snap_compare(annotated_app(home), terminal_size=size, run_before=type_query)


@SIZES
def test_triage_done(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """Two marked papers triaged to the end: the summary of the decisions."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["space", "space", "T", "a", "x"])


@SIZES
def test_help_screen_sizes(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """``?``: the keys, at the top of the scrollable list."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["question_mark"])


@SIZES
def test_list_with_empty_columns(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """The first papers: no date or votes, so the titles get the room; the
    second paper's note shows as Markdown, and is marked in the list."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["j"])


@SIZES
def test_list_with_dates_and_votes(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """The last papers have dates and votes: those columns take their room."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["G"])


@SIZES
def test_detail_scrolled(snap_compare, home: Path, size: tuple[int, int]) -> None:
    """``J`` from the list scrolls the detail pane (a long abstract)."""
    assert snap_compare(annotated_app(home), terminal_size=size, press=["J"] * 8)


# -- more like this (m) and statistics (ctrl+t) ---------------------------------------

async def _similar_shown(pilot: Pilot) -> None:
    await pilot.press("m")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_similar_screen(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), run_before=_similar_shown)


def _stats_app(home: Path) -> ReadlistApp:
    """The bundled library with decisions on known days: reads over three months, a busy last week."""
    from datetime import date, timedelta

    from readlist.store.models import ReaderState

    library = Library.open(home)
    ids = library.ids()
    start = date(2026, 8, 3)
    states = {}
    for n, paper_id in enumerate(ids[:40]):
        day = start + timedelta(days=(n * 3) % 110)
        status = (Status.READ, Status.TO_READ, Status.SKIPPED)[n % 3]
        when = f"{day.isoformat()}T10:00:00.000Z"
        tags = (("rl",), ("video", "rl"), ())[n % 3]
        states[paper_id] = ReaderState(status=status, history=((str(status), when),), tags=tags, changed=when)
    library.restore_states(states)
    return ReadlistApp(library, config=Config())


async def _stats_shown(pilot: Pilot) -> None:
    from datetime import date

    from readlist.tui.screens.stats import StatsScreen

    await pilot.app.push_screen(StatsScreen(pilot.app.library, today=date(2026, 11, 25)))
    await pilot.pause()
    await pilot.app.screen.query_one("#stats-chart").recompose()  # drawn at its final size
    await pilot.pause()


def test_stats_screen(snap_compare, home: Path) -> None:
    assert snap_compare(_stats_app(home), terminal_size=(120, 40), run_before=_stats_shown)
