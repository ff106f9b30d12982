"""An Obsidian-style vault: one Markdown file per paper, kept in step on re-export.

Each file is a Markdown note with YAML front matter, the way Obsidian reads
"properties" (https://help.obsidian.md/Editing+and+formatting/Properties):
a first line ``---``, YAML 1.2 mappings (https://yaml.org/spec/1.2.2/), a line
``---``. Below it, ``# Title``, a metadata line and the reader's readlist note
(CommonMark, see :mod:`store.exporters.markdown`), then :data:`MARKER`::

    ---
    title: "Attention Is All You Need"
    id: "ab12cd34ef56"
    tags:
      - "transformers"
    ...
    ---

    # Attention Is All You Need

    *2017 · Google · tags: `transformers` · unread*

    The note typed in readlist.

    <!-- readlist: write below this line; it is kept on re-export -->
    Whatever the reader writes in Obsidian.

Everything above the marker line is readlist's and is rewritten on every
export; everything after it is the reader's and is copied over byte for byte.
A file of ours whose marker line was deleted is left alone (reported as
skipped), since readlist could no longer tell the reader's text from its own.

Front matter values are written by :func:`front_matter`, a small emitter of
double-quoted YAML scalars and block lists (YAML 1.2 §7.3.1), so the output
does not depend on whichever YAML library happens to be installed.

File names are ``<safe title> (<first 8 hex digits of the id>).md``, safe on
Windows, macOS and Linux (see :func:`safe_file_stem`) and on Obsidian's wiki
links. A paper keeps the file it got on its first export even if its title
changes since: the file is found again by the id in its name and front
matter, so the reader's links to it keep working. Files are written
atomically, only when their content changes; nothing of the reader's is ever
deleted. The one thing an export deletes is readlist's own temporary files
(``.<file name>.<8 characters>.tmp``, see :func:`store.atomic.write_atomic`)
that an export killed mid-write left, once they are a minute old
(:func:`remove_stale_temp_files`).
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from readlist.store.atomic import STALE_TEMP_SECONDS, TEMP_SUFFIX, reason_of, write_atomic
from readlist.store.errors import InputError, StorageError
from readlist.store.exporters.markdown import escape, metadata_line
from readlist.store.models import Entry
from readlist.store.reading import MAX_IMPORT_BYTES, read_regular_file

#: The line after which a vault file is the reader's; kept on every re-export.
MARKER = "<!-- readlist: write below this line; it is kept on re-export -->"
#: What a line of a readlist note that equals :data:`MARKER` is written as, so
#: the file has exactly one marker line.
_MARKER_IN_NOTE = "<!-- readlist: (a marker line quoted from the note) -->"

#: How many hex digits of the paper id a file name carries.
SHORT_ID = 8
#: Longest title part of a file name, in characters and in UTF-8 bytes (ext4
#: and APFS allow 255 bytes per name; the id suffix adds at most 18 more).
MAX_STEM_CHARS = 80
MAX_STEM_BYTES = 200

# -- YAML front matter ---------------------------------------------------------

#: Escapes of YAML double-quoted scalars (YAML 1.2 §5.7). NEL, LS and PS are
#: escaped too: YAML 1.1 readers (PyYAML) would fold them as line breaks.
_YAML_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n",
    "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
}
# What a double-quoted scalar must escape: the quote, the backslash, every character
# outside YAML's printable set (§5.1), YAML 1.1's extra line breaks and the byte order mark.
_YAML_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')


def _yaml_escape(char: str) -> str:
    """The escape of one character matched by ``_YAML_SPECIAL``."""
    code = ord(char)
    return _YAML_ESCAPES.get(char) or (f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")


def yaml_scalar(value: str | int | None) -> str:
    """One YAML scalar: ``null``, a decimal integer, or a double-quoted string.

    Strings are always double-quoted (so ``"2024-03-01"``, ``"yes"`` or ``"1e3"``
    stay strings), with backslash escapes for ``\\``, ``"``, line breaks and
    every character outside YAML's printable set.

    Raises:
        TypeError: ``value`` is of another type.
    """
    if value is None:
        return "null"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"no YAML scalar for {type(value).__name__}")
    if isinstance(value, int):
        return str(value)
    return '"' + _YAML_SPECIAL.sub(lambda m: _yaml_escape(m.group()), value) + '"'


def front_matter(values: dict[str, str | int | list[str] | tuple[str, ...] | None]) -> str:
    """The YAML front matter block for ``values``, ``---`` lines included.

    Keys must be plain identifiers; values scalars (see :func:`yaml_scalar`) or
    lists of strings, written as block sequences (``[]`` when empty), the
    form Obsidian itself writes.
    """
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, list | tuple):
            lines.append(f"{key}: []" if not value else f"{key}:")
            lines.extend(f"  - {yaml_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def paper_front_matter(entry: Entry) -> str:
    """The front matter of one paper's file (see the module docstring)."""
    paper, state = entry.paper, entry.state
    return front_matter({
        "title": entry.title, "id": paper.id, "arxiv": paper.arxiv_id, "doi": paper.doi, "url": paper.url,
        "authors": paper.authors, "org": paper.org, "venue": paper.venue, "date": paper.date,
        "tags": entry.tags, "status": str(entry.status), "priority": state.priority,
        "added": paper.added, "changed": state.changed,
    })


def readlist_part(entry: Entry) -> str:
    """Everything of a paper's file down to and including the marker line
    (without its line break): front matter, heading, metadata, note."""
    parts = [paper_front_matter(entry), f"# {escape(entry.title)}\n", f"*{metadata_line(entry)}*\n"]
    note = entry.note.strip("\n")
    if note.strip():
        parts.append("\n".join(_MARKER_IN_NOTE if line.strip() == MARKER else line for line in note.split("\n")) + "\n")
    parts.append(MARKER)
    return "\n".join(parts)


# -- file names ----------------------------------------------------------------

#: Names Windows reserves whatever the extension (``CON.md`` cannot be created);
#: see https://learn.microsoft.com/windows/win32/fileio/naming-a-file.
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in ("0123456789¹²³")]
)
# Forbidden on Windows (<>:"/\|?*) or breaking Obsidian links (#^[]|), and what they become.
_NAME_CHARS = str.maketrans({
    ":": " - ", "/": "-", "\\": "-", "|": "-", "[": "(", "]": ")",
    "<": "", ">": "", '"': "", "?": "", "*": "", "#": "", "^": "",
})
# Control characters, and the bidirectional overrides used to disguise file names.
_NAME_DROP = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_file_stem(text: str, *, max_chars: int = MAX_STEM_CHARS, max_bytes: int = MAX_STEM_BYTES) -> str:
    """``text`` made into a file name (without extension) valid on every OS.

    NFC-normalised; runs of whitespace become one space; other control and
    bidi-override characters, and ``<>"?*#^``, are dropped; ``:`` becomes
    ``" - "``, ``/\\|`` become ``-``, ``[]`` become ``()``; leading dots and
    spaces (hidden files) and trailing ones (refused by Windows) are
    stripped; the result is cut at a word boundary, with ``…``, when longer
    than ``max_chars`` characters or ``max_bytes`` UTF-8 bytes; a Windows
    reserved name (``CON``, ``NUL``, ``COM1`` ...) gets a leading ``_``.
    Never empty: ``"Untitled"`` when nothing is left.
    """
    text = " ".join(unicodedata.normalize("NFC", text).translate(_NAME_CHARS).split())
    stem = " ".join(_NAME_DROP.sub("", text).split()).lstrip(". ")
    if len(stem) > max_chars or len(stem.encode()) > max_bytes:
        stem = _shorten(stem, max_chars, max_bytes)
    stem = stem.rstrip(". ")
    if stem.split(".")[0].rstrip().upper() in _RESERVED:
        stem = "_" + stem
    return stem or "Untitled"


def _shorten(stem: str, max_chars: int, max_bytes: int) -> str:
    """``stem`` cut to fit (ellipsis included), at a space when one is near the end."""
    cut = stem[: max_chars - 1]
    while len(cut.encode()) > max_bytes - 3:  # "…" is 3 bytes
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip(". -") + "…"


def file_names(entry: Entry) -> tuple[str, str]:
    """The two names a paper's file may get: ``"<title> (<8 hex>).md"``, and
    ``"<title> (<full id>).md"`` when the first is taken by another file."""
    stem = safe_file_stem(entry.title)
    return f"{stem} ({entry.id[:SHORT_ID]}).md", f"{stem} ({entry.id}).md"


_NAME_ID = re.compile(rf" \(([0-9a-f]{{{SHORT_ID}}}|[0-9a-f]{{12}})\)\.md$")
_FRONT_MATTER_ID = re.compile(rb"""(?m)^id:[ \t]*["']?([0-9a-f]{12})["']?[ \t]*\r?$""")
_MARKER_LINE = re.compile(rb"(?m)^" + re.escape(MARKER.encode()) + rb"[ \t]*(?=\r?$)")


def _owner(data: bytes) -> str | None:
    """The paper id in the front matter of a vault file, or ``None``."""
    if not data.startswith(b"---"):
        return None
    end = data.find(b"\n---", 3)
    match = _FRONT_MATTER_ID.search(data, 0, end if end >= 0 else len(data))
    return match.group(1).decode() if match else None


# -- exporting -----------------------------------------------------------------


@dataclass
class VaultReport:
    """What exporting to a vault did.

    Attributes:
        written: files created.
        updated: existing files rewritten because their content changed.
        unchanged: existing files already up to date (not touched).
        skipped: files left alone because their marker line was removed (the
            reader's text could not be told apart), or a paper whose every
            possible name is taken by files of other papers.
    """

    written: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """One line such as ``"3 written, 1 updated, 40 unchanged, 0 skipped"`` (skipped files named)."""
        line = (f"{self.written} written, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped")
        if self.skipped:
            line += " (marker line removed: " + ", ".join(path.name for path in self.skipped[:3])
            line += " …)" if len(self.skipped) > 3 else ")"
        return line


class _Folder:
    """The vault folder's Markdown files, and the names claimed in this export."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.existing: set[str] = set()  # casefolded names
        self.by_id: dict[str, list[Path]] = defaultdict(list)  # id or short id in the name -> files
        for path in sorted(folder.glob("*.md")):
            self.existing.add(path.name.casefold())
            if match := _NAME_ID.search(path.name):
                self.by_id[match.group(1)].append(path)
        self.claimed: set[str] = set()

    def place(self, entry: Entry) -> tuple[Path, bytes | None] | None:
        """Where ``entry``'s file goes, with the current content if it exists;
        ``None`` when every name it may take belongs to another paper."""
        for path in (*self.by_id.get(entry.id, ()), *self.by_id.get(entry.id[:SHORT_ID], ())):
            if path.name.casefold() not in self.claimed and _owner(data := _read(path)) == entry.id:
                self.claimed.add(path.name.casefold())
                return path, data
        for name in file_names(entry):
            key = name.casefold()
            if key not in self.claimed and key not in self.existing:
                self.claimed.add(key)
                return self.folder / name, None
        return None


def _read(path: Path) -> bytes:
    """A vault file's bytes; a FIFO or device named like a paper's file is refused, not read."""
    try:
        return bytes(read_regular_file(path, MAX_IMPORT_BYTES, what="a vault file"))
    except InputError as error:
        raise StorageError(path, f"cannot read: {error.reason}") from None


#: The temporary files :func:`~store.atomic.write_atomic` makes for a vault file:
#: ``.`` + the file's name + ``.`` + ``mkstemp``'s 8 random characters + ``.tmp``.
_TEMP_NAME = re.compile(
    rf"\..+ \((?:[0-9a-f]{{{SHORT_ID}}}|[0-9a-f]{{12}})\)\.md\.[a-z0-9_]{{8}}{re.escape(TEMP_SUFFIX)}", re.DOTALL
)


def remove_stale_temp_files(folder: Path, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete the temporary files a killed export left in ``folder``.

    Only files named as readlist names its temporary vault files (see
    :data:`_TEMP_NAME`) and not changed for ``older_than`` seconds are
    deleted; any other file, and one another export may be writing now, is
    left alone. A file that cannot be deleted is left too (never raises).

    Returns:
        The files deleted.
    """
    removed = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _unique(entries: Iterable[Entry]) -> Iterator[Entry]:
    seen: set[str] = set()
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            yield entry


def export_vault(entries: Iterable[Entry], folder: Path) -> VaultReport:
    """Write one Markdown file per paper into ``folder`` (created if needed).

    Args:
        entries: the papers to export (a paper given twice is written once).
        folder: the vault folder, or a folder inside one.

    Returns:
        How many files were created, updated and left unchanged, and which
        were skipped (see :class:`VaultReport`).

    Temporary files an earlier, killed export left are deleted first (see
    :func:`remove_stale_temp_files`); this one leaves none, even when it fails.

    Raises:
        StorageError: the folder cannot be created, or a file cannot be read
            (a FIFO or device with a vault file's name is refused) or written
            (files written before it stand).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(folder)
        files = _Folder(folder)
    except OSError as error:
        raise StorageError(folder, f"cannot create or list the folder: {reason_of(error)}") from error
    report = VaultReport()
    for entry in _unique(entries):
        placed = files.place(entry)
        if placed is None:
            report.skipped.append(folder / file_names(entry)[1])
            continue
        path, old = placed
        head = readlist_part(entry).encode()
        if old is None:
            write_atomic(path, head + b"\n")
            report.written += 1
        elif (marker := _MARKER_LINE.search(old)) is None:
            report.skipped.append(path)
        elif (new := head + old[marker.end():]) == old:
            report.unchanged += 1
        else:
            write_atomic(path, new)
            report.updated += 1
    return report
