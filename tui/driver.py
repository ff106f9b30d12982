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
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Callable
from threading import Event

from textual import constants
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

#: Seconds to wait after an Esc for the rest of an escape sequence, unless ``$ESCDELAY`` says
#: otherwise: far shorter than two key presses, far longer than a sequence's bytes apart.
ESCAPE_DELAY = 0.02
#: Longest wait for input when no escape delay runs, as Textual's driver (seconds).
IDLE_WAIT = 0.1


def escape_delay() -> float:
    """The escape delay in seconds: ``$ESCDELAY`` milliseconds when set, else :data:`ESCAPE_DELAY`."""
    return constants.ESCAPE_DELAY if os.environ.get("ESCDELAY", "").strip() else ESCAPE_DELAY


def read_input(fileno: int, process: Callable[[Message], None], stop: Event, *, debug: bool = False) -> None:
    """Read keys (and mouse, paste, resize reports) from ``fileno`` until ``stop`` is set,
    passing each event to ``process``; Esc and Alt told apart as the module says.

    Args:
        fileno: the terminal's input (any readable file descriptor).
        process: receives every event parsed, in order.
        stop: set to end the loop.
        debug: let Textual's parser log what it reads.
    """
    constants.ESCAPE_DELAY = escape_delay()  # XTermParser reads it at each Esc
    parser = XTermParser(debug)
    decode = getincrementaldecoder("utf-8")().decode
    selector = selectors.SelectSelector()
    selector.register(fileno, selectors.EVENT_READ)

    def expire() -> None:
        for event in parser.tick():
            process(event)

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
                    for event in parser.feed(data):
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
        read_input(self.fileno, self.process_message, self.exit_event, debug=self._debug)
