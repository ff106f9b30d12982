"""Keeping Python's cyclic garbage collector out of the way of work that makes
many long-lived objects (a parsed catalogue, a change of 100,000 papers).

While such work runs, every 700 new container objects start a collection, and
the oldest generation is scanned whole each time it grew by a quarter: at
100,000 papers that is seconds of scanning objects that are all alive.
:func:`paused` turns the collector off meanwhile; with ``freeze`` it then moves
everything alive into the permanent generation (:func:`gc.freeze`), so later
collections do not scan it again either. Garbage is still freed by reference
counting (the library's documents and states hold no reference cycles).
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: A change of this many papers or more leaves what it made frozen (``paused(freeze=...)``).
MANY = 1_000


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """Run the ``with`` block with the cyclic collector off (as it was after it),
    then, with ``freeze``, freeze what is alive (see the module)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    if freeze:
        gc.freeze()


def give_back_memory() -> None:
    """Return memory freed by Python to the operating system where the C library
    can (glibc's ``malloc_trim``): after a big library lets go of its abstracts
    (about 200 MB at 100,000 papers), glibc would otherwise keep the freed
    memory for the process. Does nothing elsewhere; never raises."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL(None).malloc_trim
        except (AttributeError, OSError):  # not glibc (macOS, musl, Windows)
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def freeze_if_many(count: int) -> None:
    """Freeze what is alive (see the module) when ``count`` things were just made, and that is :data:`MANY` or more."""
    if count >= MANY:
        gc.freeze()
