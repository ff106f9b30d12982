"""Editing a note in the reader's own editor (``$VISUAL``, else ``$EDITOR``,
else ``vi``, else ``nano``, as found on ``$PATH``: the fallbacks of ``git``
and ``crontab -e``).

The app hands the terminal to the editor (``App.suspend``), which edits a
temporary Markdown file holding the note; what the editor saved becomes the
note, without its trailing blank lines and final newline
(:func:`store.text.trim_note`). An editor that is not found, or exits with an
error, and no editor at all leave the note untouched, and :class:`EditorError`
says why in one line.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from readlist.store.errors import ReadlistError
from readlist.store.text import trim_note

#: Editors tried in this order when neither ``$VISUAL`` nor ``$EDITOR`` is set.
FALLBACK_EDITORS = ("vi", "nano")


class EditorError(ReadlistError):
    """The editor could not be run, or failed; the note was not changed."""


def editor_command() -> list[str]:
    """The reader's editor command, split like a shell would (``code -w`` -> 2 words):
    ``$VISUAL``, else ``$EDITOR``, else the first of :data:`FALLBACK_EDITORS`
    on ``$PATH`` (by its full path).

    Raises:
        EditorError: neither variable is set and no fallback editor is installed.
    """
    command = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip()
    if not command:
        for name in FALLBACK_EDITORS:
            found = shutil.which(name)
            if found:
                return [found]
        raise EditorError("no editor: set $VISUAL or $EDITOR (e.g. EDITOR=vim); neither vi nor nano is installed")
    try:
        return shlex.split(command)
    except ValueError as error:
        raise EditorError(f"cannot read the editor command {command!r}: {error}") from error


def edit_text(app: App, text: str, *, name: str = "note") -> str:
    """Let the reader edit ``text`` in their editor and return what they saved,
    trailing blank lines and the final newline trimmed.

    The terminal is handed to the editor while it runs. Where the app cannot
    hand it over (a headless or web driver), the command still runs, which
    suits editors that need no terminal (``code -w``, scripts).

    Raises:
        EditorError: no editor set, not found, or it exited with an error.
    """
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="readlist-") as folder:
        path = Path(folder) / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        try:
            with app.suspend():
                returncode = _run(command, path)
        except SuspendNotSupported:
            returncode = _run(command, path)
        if returncode != 0:
            raise EditorError(f"{command[0]} exited with status {returncode}; the note is unchanged")
        try:
            saved = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise EditorError(f"cannot read what {command[0]} saved ({error}); the note is unchanged") from error
        return trim_note(saved)


def _run(command: list[str], path: Path) -> int:
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except FileNotFoundError:
        raise EditorError(f"editor {command[0]!r} not found; the note is unchanged") from None
    except OSError as error:
        raise EditorError(f"cannot run {command[0]!r} ({error.strerror}); the note is unchanged") from error
