"""Snapshot tests: the screens as a reader sees them (SVG files in __snapshots__).

Update after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update``, after checking ``snapshot_report.html``.
"""

from __future__ import annotations

from pathlib import Path

from store.library import Library
from tui.app import ReadlistApp


def annotated_app(home: Path) -> ReadlistApp:
    """The bundled library with a few changes a reader would make."""
    library = Library.open(home)
    first, second, third = library.ids()[:3]
    library.set_read(first, True)
    library.set_tags(first, ["rl", "image-gen"])
    library.set_note(second, "Compare with **ViaRL** on VideoMME.")
    library.set_tags(third, ["efficiency"])
    return ReadlistApp(library)


def test_main_screen(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), press=["j"])


def test_main_screen_filtered(snap_compare, home: Path) -> None:
    assert snap_compare(annotated_app(home), terminal_size=(120, 36), press=["slash", *"unified reward", "enter"])


def test_help_screen(snap_compare, home: Path) -> None:
    app = annotated_app(home)
    assert snap_compare(app, terminal_size=(120, 44), press=["question_mark"], run_before=None)
