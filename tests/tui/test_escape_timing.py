"""Esc then a key, typed quickly, is Esc then the key; Alt+key (one write) stays Alt+key.

Through the real input loop of the app's driver (tui/driver.py) and Textual's own
parser, reading from a pipe as it reads from a terminal.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
from textual._xterm_parser import XTermParser

from readlist.tui.driver import ESCAPE_DELAY, read_input


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch):
    """Write bytes into the loop's input; ``keys.seen()`` lists the keys it read."""
    monkeypatch.delenv("ESCDELAY", raising=False)
    read_end, write_end = os.pipe()
    events: list = []
    stop = threading.Event()
    thread = threading.Thread(target=read_input, args=(read_end, events.append, stop), daemon=True)
    thread.start()

    class Keys:
        def write(self, data: bytes) -> None:
            os.write(write_end, data)

        def seen(self, settle: float = 0.3) -> list[str]:
            time.sleep(settle)
            return [e.key for e in events if hasattr(e, "key")]

    yield Keys()
    stop.set()
    os.close(write_end)
    thread.join(timeout=2)
    os.close(read_end)


def test_esc_then_slash_40_ms_later_is_two_keys(keys) -> None:
    keys.write(b"\x1b")
    time.sleep(ESCAPE_DELAY + 0.02)  # a quick vim user: well under Textual's old 100 ms
    keys.write(b"/")
    assert keys.seen() == ["escape", "slash"]


def textual_reads(data: str) -> list[str]:
    """What Textual's own parser makes of ``data`` arriving in one piece."""
    parser = XTermParser()
    events = list(parser.feed(data))
    time.sleep(0.15)
    events += list(parser.tick())
    return [e.key for e in events if hasattr(e, "key")]


def test_alt_key_in_one_write_reads_as_textual_reads_it(keys) -> None:
    keys.write(b"\x1b/")
    seen = keys.seen()
    assert seen == textual_reads("\x1b/")
    assert "escape" not in seen  # one key, not Esc and a key


def test_escape_sequences_and_plain_keys_still_parse(keys) -> None:
    keys.write(b"\x1b[Aab\x1b[B")
    assert keys.seen() == ["up", "a", "b", "down"]


def test_a_lone_esc_is_an_esc(keys) -> None:
    keys.write(b"\x1b")
    assert keys.seen() == ["escape"]
