"""The terminal driver: Textual's, with Esc told apart from Alt as vim users expect.

A terminal sends Alt+key as Esc followed by the key, so a lone Esc is only
known to be one when nothing follows it for a moment (the *escape delay*,
``ESCDELAY`` as in ncurses). Textual 8.2.8's Linux driver waits up to 100 ms
for input, then feeds what came to its parser, and only then checks whether
the escape delay has run out: a key pressed 40 ms after Esc is read with it
and becomes Alt+key. A vim user's quick ``Esc`` ``/`` turned into ``alt+/``.

:class:`ReadlistDriver` reads input the same way, except that it waits no
longer than the escape delay that is running, and lets it run out before it
feeds what came next. So Esc followed by a key after :data:`ESCAPE_DELAY` is
Esc, then the key; a real Alt+key (or a pasted sequence), whose bytes come in
one write, still reads as one. ``$ESCDELAY`` (milliseconds) overrides the delay.

tmux (``escape-time``, 500 ms unless set) and some terminals send a quick Esc
and the next key in one write, exactly as an Alt+key. Such a pair is read as
Esc, then the key, unless the app binds that Alt+key (:func:`split_alt_keys`):
readlist binds none unless the reader's keymap does, and Textual reads some
pairs (``Esc /``, ``Esc space``) as the bare key, losing the Esc altogether.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Callable
from threading import Event

from textual import constants, events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.keys import _character_to_key
from textual.message import Message

#: Seconds to wait after an Esc for the rest of an escape sequence, unless ``$ESCDELAY`` says
#: otherwise: far shorter than two key presses, far longer than a sequence's bytes apart.
ESCAPE_DELAY = 0.02
#: Longest wait for input when no escape delay runs, as Textual's driver (seconds).
IDLE_WAIT = 0.1


#: After Esc these characters start a control sequence (CSI, SS3, DCS, OSC, ST, PM, APC, SOS), not Alt+key.
SEQUENCE_STARTS = frozenset("[OP]\\^_X")
#: Bracketed paste markers: what comes between them is text, never split.
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def alt_key_name(character: str) -> str:
    """The name Textual gives Esc followed by ``character`` (``"alt+j"``, ``"alt+shift+j"``,
    ``"alt+escape"``), as a binding names it."""
    if character == "\x1b":
        return "alt+escape"
    if character.isupper():
        return f"alt+shift+{character.lower()}"
    return f"alt+{_character_to_key(character)}"


def split_alt_keys(data: str, bound: Callable[[str], bool], *,
                   pasting: bool = False) -> tuple[list[str | None], bool]:
    """Cut ``data`` (decoded terminal input) before each Esc that, with the printable
    character (or Esc) after it, makes an Alt+key the app does not bind (``bound(name)``
    is False), so that it reads as Esc, then the key.

    Args:
        data: what one read gave.
        bound: whether the app binds a key name such as ``"alt+j"``.
        pasting: a bracketed paste started in an earlier read and has not ended.

    Returns:
        The pieces of text in order, with None where an Esc was split off (to be
        read as the Esc key), and whether a paste is still open at the end of ``data``.
    """
    pieces: list[str | None] = []
    start = 0
    index = data.find("\x1b")
    while index != -1:
        if data.startswith(PASTE_START, index):
            pasting = True
        elif data.startswith(PASTE_END, index):
            pasting = False
        elif not pasting and index + 1 < len(data):
            after = data[index + 1]
            alt_key = after == "\x1b" or (after.isprintable() and after not in SEQUENCE_STARTS)
            if alt_key and not bound(alt_key_name(after)):
                pieces += [data[start:index], None]
                start = index + 1
        index = data.find("\x1b", index + 1)
    pieces.append(data[start:])
    return [piece for piece in pieces if piece != ""], pasting


def escape_delay() -> float:
    """The escape delay in seconds: ``$ESCDELAY`` milliseconds when set, else :data:`ESCAPE_DELAY`."""
    return constants.ESCAPE_DELAY if os.environ.get("ESCDELAY", "").strip() else ESCAPE_DELAY


def read_input(fileno: int, process: Callable[[Message], None], stop: Event, *, debug: bool = False,
               alt_bound: Callable[[str], bool] = lambda name: False) -> None:
    """Read keys (and mouse, paste, resize reports) from ``fileno`` until ``stop`` is set,
    passing each event to ``process``; Esc and Alt told apart as the module says.

    Args:
        fileno: the terminal's input (any readable file descriptor).
        process: receives every event parsed, in order.
        stop: set to end the loop.
        debug: let Textual's parser log what it reads.
        alt_bound: whether the app binds an Alt key (``"alt+j"``); an unbound one
            that arrives in one write is read as Esc, then the key.
    """
    constants.ESCAPE_DELAY = escape_delay()  # XTermParser reads it at each Esc
    parser = XTermParser(debug)
    decode = getincrementaldecoder("utf-8")().decode
    selector = selectors.SelectSelector()
    selector.register(fileno, selectors.EVENT_READ)

    def expire() -> None:
        for event in parser.tick():
            process(event)

    pasting = False
    try:
        while not stop.is_set():
            deadline = parser._timeout_time  # when a running escape delay ends, if one runs
            wait = IDLE_WAIT if deadline is None else max(0.0, min(IDLE_WAIT, deadline - _now()))
            ready = selector.select(wait)
            expire()  # an Esc whose delay ran out is an Esc, before anything read now
            for _key, mask in ready:
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4))
                    if not data:
                        return
                    pieces, pasting = split_alt_keys(data, alt_bound, pasting=pasting)
                    for piece in pieces:
                        if piece is None:
                            process(events.Key("escape", "\x1b"))
                            continue
                        for event in parser.feed(piece):
                            process(event)
            expire()
    finally:
        selector.close()
        try:
            for event in parser.feed(""):
                process(event)
        except (EOFError, ParseError):
            pass


def _now() -> float:
    from textual._time import get_time

    return get_time()


class ReadlistDriver(LinuxDriver):
    """Textual's Linux (and macOS) driver, reading input with :func:`read_input`."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (replaces :meth:`LinuxDriver.run_input_thread`)."""
        alt_keys = self._app.alt_keys()
        read_input(self.fileno, self.process_message, self.exit_event, debug=self._debug,
                   alt_bound=alt_keys.__contains__)
