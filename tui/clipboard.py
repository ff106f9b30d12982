"""Copying text for the reader: the system clipboard, else the terminal's.

pyperclip reaches the system clipboard (pbcopy, xclip/xsel, wl-copy, Windows).
Over ssh or on a headless machine it has none; then the text goes to the
terminal with the OSC 52 escape sequence (Textual's ``App.copy_to_clipboard``),
which tmux, kitty, iTerm2, WezTerm and most modern terminals accept.
"""

from __future__ import annotations

from collections.abc import Callable

import pyperclip

from readlist.store.errors import ReadlistError


class ClipboardError(ReadlistError):
    """Neither the system clipboard nor the terminal could take the text."""


def copy_text(text: str, terminal_copy: Callable[[str], None]) -> str:
    """Copy ``text`` and say where it went.

    Args:
        text: what to copy.
        terminal_copy: the OSC 52 fallback, normally ``App.copy_to_clipboard``.

    Returns:
        A short message for the reader: which clipboard received the text.

    Raises:
        ClipboardError: both ways failed; the message says why.
    """
    try:
        pyperclip.copy(text)
        return "Copied to the clipboard"
    except pyperclip.PyperclipException as error:
        reason = str(error).split(".")[0] or "no clipboard program"
    try:
        terminal_copy(text)
    except Exception as error:
        message = f"could not copy: no system clipboard ({reason}) and the terminal refused ({error})"
        raise ClipboardError(message) from error
    return "Copied via the terminal (OSC 52): no system clipboard here"
