"""Snapshot tests: the screens as a reader sees them (SVG files in __snapshots__).

Update after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update``, after checking ``snapshot_report.html``.
"""

from __future__ import annotations

from pathlib import Path

from readlist.store.library import Library
from readlist.store.models import Status
from readlist.tui.app import ReadlistApp
from readlist.tui.config import Config


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
