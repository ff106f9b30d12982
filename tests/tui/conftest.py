"""Fixtures for driving the real app with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import pyperclip
import pytest
from textual.widgets import Input, TextArea

from readlist.store.library import Library
from readlist.tui.app import ReadlistApp


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screens differ from frame to frame."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fake system clipboard: what pyperclip was asked to copy."""
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied


@pytest.fixture
def make_app(home: Path, clipboard):
    """Build the app on the test's library (re-opened from disk each call)."""

    def make() -> ReadlistApp:
        return ReadlistApp(Library.open(home))

    return make
