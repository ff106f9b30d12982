"""A monotonic clock for tests of paced and retried requests: it moves only when slept on."""

from __future__ import annotations


class FakeClock:
    """Pass the clock as ``clock=`` and its :meth:`sleep` as ``sleep=`` to a
    :class:`~store.services.http.ServiceClient` or :class:`~store.fetching.Fetcher`.

    Attributes:
        now: the current time, in seconds.
        sleeps: every wait asked for, in order (seconds).
    """

    def __init__(self, start: float = 5000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
