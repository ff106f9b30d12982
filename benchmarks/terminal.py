"""A program in a real pseudo-terminal, its screen read the way a reader sees it.

:class:`Terminal` starts a command under a pseudo-terminal of a fixed size
(pexpect), feeds everything it writes into a pyte screen, and lets a benchmark
wait for a condition on the screen's text, timing it from a moment it chose
(the process start, a key written). Only the text of the screen is compared,
not its colours, so a blinking cursor is no change.

Needs the ``bench`` extra (``pip install -e '.[bench]'``: pexpect and pyte).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence

import pexpect
import pyte

COLUMNS, LINES = 120, 40
#: CPU seconds per wall second below which the program counts as idle (its workers done).
IDLE_CPU = 0.08


class TerminalError(RuntimeError):
    """The program ended, or the screen never showed what was waited for."""


class Terminal:
    """``command`` running in a pseudo-terminal of :data:`COLUMNS` x :data:`LINES`.

    Args:
        command: the program and its arguments.
        env: its environment (``TERM`` is set to xterm-256color).

    Attributes:
        started: ``time.perf_counter()`` just before the process was spawned.
        last_change: ``perf_counter()`` when the screen's text last changed.
    """

    def __init__(self, command: Sequence[str], env: dict[str, str]) -> None:
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.child = pexpect.spawn(command[0], list(command[1:]), env={**env, "TERM": "xterm-256color"},
                                   dimensions=(LINES, COLUMNS))
        self.lines: list[str] = list(self.screen.display)
        self.last_change = self.started

    @property
    def pid(self) -> int:
        """The process id of the program (the one that was exec'd, not a shell)."""
        return self.child.pid

    def pump(self, seconds: float) -> bool:
        """Read what the program writes for up to ``seconds``, returning as soon as
        the screen's text has changed (True) or the time is up (False).

        Raises:
            TerminalError: the program ended.
        """
        end = time.perf_counter() + seconds
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return False
            try:
                data = self.child.read_nonblocking(1 << 16, timeout=left)
            except pexpect.TIMEOUT:
                return False
            except pexpect.EOF as error:
                raise TerminalError(f"the program ended; its screen was:\n{self.text()}") from error
            now = time.perf_counter()
            self.stream.feed(data)
            lines = self.screen.display
            if lines != self.lines:
                self.lines, self.last_change = list(lines), now
                return True

    def wait_for(self, condition: Callable[[list[str]], bool], timeout: float, what: str) -> float:
        """Wait until ``condition(screen lines)`` holds; ``perf_counter()`` of the change that made it so.

        Raises:
            TerminalError: not within ``timeout`` seconds (naming ``what``), or the program ended.
        """
        end = time.perf_counter() + timeout
        while not condition(self.lines):
            if time.perf_counter() > end:
                raise TerminalError(f"no {what} within {timeout:.0f} s; the screen was:\n{self.text()}")
            self.pump(end - time.perf_counter())
        return self.last_change

    def send(self, keys: str) -> float:
        """Write ``keys`` to the program as typed; ``perf_counter()`` just before the write."""
        now = time.perf_counter()
        self.child.send(keys)
        return now

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the program so far (all its threads), from /proc."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, quiet: float = 0.5, timeout: float = 120.0) -> float:
        """Read the screen until the program is idle (under :data:`IDLE_CPU`) and the
        text has not changed for ``quiet`` seconds: its background work is done.

        Returns:
            ``perf_counter()`` of the screen's last change.

        Raises:
            TerminalError: still busy after ``timeout`` seconds, or the program ended.
        """
        end = time.perf_counter() + timeout
        samples = [(time.perf_counter(), self.cpu_seconds())]  # (when, CPU seconds then), oldest first
        while time.perf_counter() < end:
            self.pump(0.05)
            now = time.perf_counter()
            samples.append((now, self.cpu_seconds()))
            while len(samples) > 2 and samples[1][0] <= now - quiet:
                samples.pop(0)  # keep one sample at least `quiet` old: the window is [samples[0], now]
            at, cpu = samples[0]
            if now - at >= quiet and now - self.last_change >= quiet and (samples[-1][1] - cpu) / (now - at) < IDLE_CPU:
                return self.last_change
        raise TerminalError(f"the program was still busy after {timeout:.0f} s; its screen:\n{self.text()}")

    def memory_mb(self) -> tuple[float, float]:
        """The program's (peak, current) resident memory in MB: VmHWM and VmRSS of /proc/<pid>/status."""
        values = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    values[key] = int(rest.split()[0]) / 1024
        return values["VmHWM"], values["VmRSS"]

    def text(self) -> str:
        """The screen's text, one line per row."""
        return "\n".join(line.rstrip() for line in self.lines)

    def close(self) -> None:
        """End the program (it is killed if it does not stop at once)."""
        self.child.terminate(force=True)
        self.child.close(force=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
