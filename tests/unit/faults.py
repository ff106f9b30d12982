"""A storage layer that fails at a chosen step: ENOSPC (or EROFS ...) from the Nth
file write, fsync, rename, link or copy the process makes.

``with Faults(errno.ENOSPC, at=3) as faults: ...`` makes the third such call
raise ``OSError(ENOSPC)`` (``at=None`` fails none: it only counts them);
``faults.calls`` says how many were made, ``faults.hit`` whether the failure
happened, ``faults.failed`` which step it was.
"""

from __future__ import annotations

import errno as errnos
import io
import os
import shutil
from typing import Any


class Faults:
    """Count (and fail) the system calls that put a library on disk."""

    def __init__(self, errno: int = errnos.ENOSPC, at: int | None = None, only: str | None = None) -> None:
        self.errno, self.at, self.only = errno, at, only
        self.calls = 0
        self.hit = False
        self.failed = ""
        self._saved: list[tuple[Any, str, Any]] = []

    def step(self, what: str) -> None:
        if self.only is not None and what != self.only:
            return
        self.calls += 1
        if self.calls == self.at:
            self.hit, self.failed = True, what
            raise OSError(self.errno, os.strerror(self.errno))

    def _patch(self, owner: Any, name: str, make: Any) -> None:
        original = getattr(owner, name)
        self._saved.append((owner, name, original))
        setattr(owner, name, make(original))

    def __enter__(self) -> Faults:
        faults = self

        def counted(what: str):
            def wrap(original):
                def call(*args, **kwargs):
                    faults.step(what)
                    return original(*args, **kwargs)
                return call
            return wrap

        class FailingFile(io.BufferedWriter):
            def write(self, data):  # type: ignore[override]
                faults.step("write")
                return super().write(data)

            def writelines(self, lines):  # type: ignore[override]
                for line in lines:
                    self.write(line)

        def fdopen(original):
            def call(fd, mode="r", *args, **kwargs):
                if "w" in mode and "b" in mode:
                    return FailingFile(io.FileIO(fd, "wb", closefd=True))
                return original(fd, mode, *args, **kwargs)
            return call

        self._patch(os, "fdopen", fdopen)
        self._patch(os, "fsync", counted("fsync"))
        self._patch(os, "replace", counted("replace"))
        self._patch(os, "link", counted("link"))
        self._patch(shutil, "copyfile", counted("copy"))
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved.clear()
