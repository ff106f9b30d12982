"""Esc then a key, typed quickly, is Esc then the key, also when tmux sends both in one
write; an Alt+key the app binds stays Alt+key.

Through the real input loop of the app's driver (tui/driver.py) and Textual's own
parser, reading from a pipe as it reads from a terminal.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
from textual._xterm_parser import XTermParser

from readlist.tui.driver import ESCAPE_DELAY, read_input, split_alt_keys

#: Alt keys the app binds in these tests (readlist binds none unless a keymap says so).
BOUND = {"alt+j"}


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch):
    """Write bytes into the loop's input; ``keys.seen()`` lists the keys it read."""
    monkeypatch.delenv("ESCDELAY", raising=False)
    read_end, write_end = os.pipe()
    events: list = []
    stop = threading.Event()
    thread = threading.Thread(target=read_input, args=(read_end, events.append, stop),
                              kwargs={"alt_bound": BOUND.__contains__}, daemon=True)
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


def test_a_bound_alt_key_in_one_write_reads_as_textual_reads_it(keys) -> None:
    keys.write(b"\x1bj")
    assert keys.seen() == textual_reads("\x1bj") == ["alt+j"]


@pytest.mark.parametrize("data, expected", [
    (b"\x1b/", ["escape", "slash"]),  # Textual alone reads "slash": the Esc was lost
    (b"\x1bk", ["escape", "k"]),
    (b"\x1bJ", ["escape", "J"]),
    (b"abc\x1b/x", ["a", "b", "c", "escape", "slash", "x"]),
    (b"\x1b\x1b/", ["escape", "escape", "slash"]),
], ids=["esc-slash", "esc-k", "esc-J", "in-typing", "two-escs"])
def test_esc_and_a_key_in_one_write_as_tmux_sends_them_are_two_keys(keys, data: bytes,
                                                                     expected: list[str]) -> None:
    keys.write(data)
    assert keys.seen() == expected


def test_a_pasted_esc_stays_in_the_paste(keys) -> None:
    keys.write(b"\x1b[200~a\x1bkb\x1b[201~\x1bk")
    time.sleep(0.3)
    assert keys.seen()[-2:] == ["escape", "k"]  # after the paste, split again


def test_split_alt_keys_leaves_sequences_and_pastes_whole() -> None:
    def never(name: str) -> bool:
        return False

    sequences = "\x1b[A\x1bOP\x1b]11;rgb:0/0/0\x1b\\"  # up, F1, a colour report ended by ST
    assert split_alt_keys(sequences, never) == ([sequences], False)
    assert split_alt_keys("\x1b[200~x\x1bk", never) == (["\x1b[200~x\x1bk"], True)
    assert split_alt_keys("y\x1bk\x1b[201~\x1bk", never, pasting=True) == (["y\x1bk\x1b[201~", None, "k"], False)
    assert split_alt_keys("\x1bj", BOUND.__contains__) == (["\x1bj"], False)
    assert split_alt_keys("\x1b", never) == (["\x1b"], False)  # a lone Esc waits for the escape delay


def test_escape_sequences_and_plain_keys_still_parse(keys) -> None:
    keys.write(b"\x1b[Aab\x1b[B")
    assert keys.seen() == ["up", "a", "b", "down"]


def test_a_lone_esc_is_an_esc(keys) -> None:
    keys.write(b"\x1b")
    assert keys.seen() == ["escape"]
