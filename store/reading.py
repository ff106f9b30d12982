"""Reading a file a reader named, safely: regular files only, and only up to a size.

A path given to ``readlist import``, picked in the import dialog, or found as
``config.toml`` may be anything: ``/dev/zero`` or ``/dev/urandom`` (endless), a
FIFO (blocks until someone writes), a socket, a folder, or a file far too big
to be what it claims. :func:`read_regular_file` refuses all of these at once,
with one line naming the file, before reading a byte:

- it looks at the path first (``stat``) and never opens anything that is not a
  regular file, so opening a device cannot have side effects and opening a
  FIFO cannot block;
- it opens with ``O_NONBLOCK`` and checks the opened file is still that regular
  file (the path may have been swapped in between);
- it reads at most ``limit + 1`` bytes, so a file that grows while it is read
  (or a ``/proc`` file whose size says 0) is still refused past the limit.

The limits: :data:`MAX_IMPORT_BYTES` for files to import (a JSON backup of a
100,000-paper library, as the benchmarks make it, is 241 MB) and
:data:`MAX_CONFIG_BYTES` for ``config.toml``.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

from readlist.store.errors import InputError

#: Largest file readlist imports, in bytes (512 MiB). Larger is refused, not read.
MAX_IMPORT_BYTES = 512 << 20
#: Largest ``config.toml`` readlist reads, in bytes (1 MiB). Larger is refused: the defaults apply.
MAX_CONFIG_BYTES = 1 << 20

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


# Never block on opening (a FIFO swapped in after the stat), never take a terminal as
# the controlling one, never leak into a child process.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class MissingFileError(InputError):
    """The file to read does not exist (an :class:`InputError` whose reason is ``"no such file"``)."""


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, for messages: ``"a FIFO"``, ``"a folder"`` ..."""
    return next((name for test, name in _KINDS if test(mode)), "of an unknown kind")


def size_text(size: int) -> str:
    """A size for messages: ``"512 MiB"``, ``"95.3 MiB"``, ``"12 KiB"``, ``"300 bytes"``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            value = size / (1 << shift)
            return (f"{value:.0f}" if value >= 100 else f"{value:.1f}".removesuffix(".0")) + f" {unit}"
    return f"{size} bytes"


def read_regular_file(path: Path, limit: int, *, what: str = "a file to import") -> bytes:
    """The bytes of ``path``, if it is a regular file of at most ``limit`` bytes.

    Args:
        path: the file the reader named (symbolic links are followed).
        limit: the most bytes to accept.
        what: what the file is, for the message about its size, e.g.
            ``"a file to import"`` gives ``"too large (600 MiB; a file to
            import may be at most 512 MiB)"``.

    Returns:
        The whole content (a ``bytearray``, which reads like ``bytes``).

    Raises:
        MissingFileError: there is no such file.
        InputError: it is a folder (``"is a folder, not a file"``), a FIFO, a
            device or a socket (``"not a regular file (a FIFO)"`` ...), larger
            than ``limit``, unreadable (``"permission denied"``, ...). Each names
            the file; nothing was read from anything but a regular file.
    """
    try:
        before = os.stat(path)
        _check(path, before.st_mode, before.st_size, limit, what)
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise MissingFileError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, _reason(error)) from None
    try:
        opened = os.fstat(fd)
        _check(path, opened.st_mode, opened.st_size, limit, what)  # the path may have changed since stat
        with io.FileIO(fd, closefd=False) as handle:
            return _read_at_most(handle, opened.st_size, limit, path, what)
    except OSError as error:
        raise InputError(path, _reason(error)) from None
    finally:
        os.close(fd)


def _check(path: Path, mode: int, size: int, limit: int, what: str) -> None:
    """Refuse anything but a regular file of at most ``limit`` bytes."""
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(path, f"not a regular file ({kind_of(mode)})")
    if size > limit:
        shown, most = size_text(size), size_text(limit)
        shown = shown if shown != most else f"over {most}"
        raise InputError(path, f"too large ({shown}; {what} may be at most {most})")


def _read_at_most(handle: io.FileIO, size: int, limit: int, path: Path, what: str) -> bytearray:
    """Read ``handle`` to its end, refusing it once more than ``limit`` bytes came.

    The buffer starts at the size ``fstat`` gave (plus one byte, to see the
    end), so a file that keeps its size is read into one allocation.
    """
    buffer = bytearray(min(size, limit) + 1)
    done = 0
    while True:
        if done == len(buffer):
            if done > limit:
                raise InputError(path, f"too large (grew past {size_text(limit)} while read; "
                                       f"{what} may be at most {size_text(limit)})")
            buffer.extend(bytes(min(max(len(buffer), 1 << 16), limit + 1 - done)))
        with memoryview(buffer) as view:
            count = handle.readinto(view[done:])
        if not count:
            break
        done += count
    del buffer[done:]
    return buffer


def _reason(error: OSError) -> str:
    """A short phrase for an error opening or reading a file."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
        return "not a regular file"
    return error.strerror or str(error)


def read_config_text(path: Path) -> str:
    """The text of ``config.toml`` (UTF-8, a byte order mark allowed), read as
    :func:`read_regular_file` reads, up to :data:`MAX_CONFIG_BYTES`.

    Raises:
        MissingFileError: there is no such file (the defaults apply, silently).
        InputError: it cannot be read: not a regular file, too large,
            unreadable, or not UTF-8 (one line naming the file, and the line of
            the first bad byte).
    """
    data = read_regular_file(path, MAX_CONFIG_BYTES, what="config.toml")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 text (byte 0x{data[error.start]:02x})", line) from None


def check_target(path: Path) -> None:
    """Refuse to write a file over anything but a regular file (or nothing).

    An export replaces its target atomically (a new file renamed over it): over
    ``/dev/null``, a FIFO or a socket that would put a plain file in its place.

    Raises:
        InputError: ``path`` is a folder, a FIFO, a device or a socket, naming it.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # absent (or unreachable: the write will say why)
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(path, f"not a regular file ({kind_of(mode)}); not written over")
