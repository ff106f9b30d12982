"""Crash-safe file replacement.

:func:`write_atomic` writes a file so that a crash or ``kill -9`` at any
instant leaves either the old content or the new one on disk, never a mix:
write a temporary file in the same folder, flush, ``fsync``, ``os.replace``
over the target (atomic on POSIX and Windows), then ``fsync`` the folder so
the rename itself survives a power cut. This is the recipe of
https://lwn.net/Articles/457667/ ("ensuring data reaches disk").
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from readlist.store.errors import WriteError

#: Suffix of the temporary files; a writer killed mid-write leaves one behind.
TEMP_SUFFIX = ".tmp"

def _new_file_mode() -> int:
    """The mode ``open(path, "w")`` would give a new file under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask

_REASONS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def reason_of(error: OSError) -> str:
    """A short, reader-facing phrase for an ``OSError`` (``"disk full"``, ...)."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    Args:
        path: the file to write; its folder must exist.
        data: the complete new content, or its pieces in order (written as
            they come, so a big file never has to be in memory whole).

    Raises:
        WriteError: the file could not be written (disk full, read-only
            folder, permission denied ...). The old file is then untouched and
            no temporary file is left behind.
    """
    replace_durably(write_temp(path, data), path)


def write_temp(path: Path, data: bytes | Iterable[bytes], *, unlocked: bool = False) -> Path:
    """The first half of :func:`write_atomic`: ``data`` written and fsync'd in a
    temporary file beside ``path`` (with the mode ``path`` has, or a new file's),
    for :func:`replace_durably` to switch in later (the reader's state is
    written this way outside the library's lock, then switched in under it:
    ``unlocked`` then names this process in the file's name, so another
    process opening the library meanwhile does not take it for a killed
    writer's, see :func:`remove_stale_temp_files`).

    Returns:
        The temporary file (``.<name>.<random>.tmp``, or ``.<name>.pid<N>-<random>.tmp``
        when ``unlocked``; the caller removes it if it is not switched in).

    Raises:
        WriteError: it could not be written; no temporary file is left.
    """
    fd, temp_name = -1, ""
    try:
        fd, temp = new_temp(path, unlocked=unlocked)
        temp_name = str(temp)
        with os.fdopen(fd, "wb") as handle:
            fd = -1  # now owned by the file object
            if isinstance(data, bytes | bytearray):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp_name = ""
        return temp
    except OSError as error:
        raise WriteError(path, f"not saved: {reason_of(error)}", error.errno) from error
    finally:
        if fd >= 0:
            os.close(fd)
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def new_temp(path: Path, *, unlocked: bool = False, like: Path | None = None) -> tuple[int, Path]:
    """A new, empty temporary file beside ``path``, named as
    :func:`remove_stale_temp_files` expects (``.<name>.<random>.tmp``, or
    ``.<name>.pid<N>-<random>.tmp`` when ``unlocked``, see :func:`write_temp`),
    with the mode of ``like`` (default ``path``) if it exists, else a new
    file's (``mkstemp`` alone makes it private, 0600).

    Returns:
        An open descriptor of it (the caller closes it) and its path.

    Raises:
        OSError: it could not be made (nothing is left then).
    """
    prefix = f".{path.name}.pid{os.getpid()}-" if unlocked else f".{path.name}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
    like = path if like is None else like
    try:
        os.chmod(name, like.stat().st_mode & 0o777 if like.exists() else _new_file_mode())
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return fd, Path(name)


def replace_durably(temp: Path, path: Path) -> None:
    """The second half of :func:`write_atomic`: ``os.replace`` the temporary file
    ``temp`` over ``path``, then fsync the folder.

    Raises:
        WriteError: the rename failed; ``temp`` is removed, ``path`` untouched.
    """
    try:
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise WriteError(path, f"not saved: {reason_of(error)}", error.errno) from error
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """``fsync`` a folder so renames inside it are durable (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; its renames are durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


#: Seconds after which a temporary file of ours is taken to be left by a killed
#: writer even when it names a live process (one that took its number since).
STALE_TEMP_SECONDS = 60
#: In the name of a temporary file written without the library's lock (see
#: :func:`write_temp`): the process writing it.
_OWNER = re.compile(r"\.pid(\d+)-")


def remove_stale_temp_files(folder: Path, name: str, *, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Delete temporary files left by killed writers of ``folder/name``.

    Called while holding the library's lock, so no writer that takes it is
    writing one now; a temporary file written without the lock (a compaction's
    snapshot, named with its process, see :func:`write_temp`) is left while
    that process lives, for ``older_than`` seconds at most. Never raises.

    Returns:
        How many were removed.
    """
    removed = 0
    cutoff = time.time() - older_than
    for temp in folder.glob(f".{name}.*{TEMP_SUFFIX}"):
        try:
            owner = _OWNER.match(temp.name, len(name) + 1)
            if owner and _alive(int(owner.group(1))) and temp.stat().st_mtime >= cutoff:
                continue  # another process's compaction, writing now
            temp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    """True when a process ``pid`` runs (on this machine)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (another user's), or this system cannot tell: leave it
    return True
