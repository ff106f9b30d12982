"""Turning raw file bytes into clean text, and text into comparison keys.

Readers bring files saved by every kind of tool: UTF-8 with or without a byte
order mark, UTF-16 from Windows editors, CRLF or bare CR line endings,
no-break and thin spaces pasted from web pages. Importers call
:func:`decode` once and :func:`clean` on each field, so every format gets the
same treatment.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

from readlist.store.errors import InputError
from readlist.store.reading import MAX_IMPORT_BYTES, read_regular_file

#: Byte order marks we accept, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Largest file an importer will read, in bytes (see :data:`store.reading.MAX_IMPORT_BYTES`).
MAX_FILE_BYTES = MAX_IMPORT_BYTES

# Space-like characters (Unicode category Zs, plus tab) become a plain space;
# zero-width characters that only get in the way of matching are dropped.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_NON_ALNUM = re.compile(r"[\W_\u141f]+", re.UNICODE)  # U+141F, a letter: the raised slash of "n⁵ᐟ²"
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())


def read_text(path: Path) -> str:
    """Read a file a reader gave us and return its text, decoded.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (see
    :func:`store.reading.read_regular_file`): a device, FIFO, socket or
    folder is refused at once, without blocking.

    Args:
        path: the file to read.

    Returns:
        The whole text, without a byte order mark; line endings untouched.

    Raises:
        InputError: missing path, a folder, not a regular file (a FIFO, a device,
            a socket), unreadable, too large, empty, binary or not UTF-8 (the
            message names the line of the first bad byte).
    """
    return decode(read_regular_file(path, MAX_FILE_BYTES), str(path))


def decode(data: bytes, source: str) -> str:
    """Decode file bytes to text: BOM-marked UTF-8/16/32, UTF-16 without a BOM
    (told by its NUL bytes), else strict UTF-8.

    Args:
        data: the raw bytes of a file.
        source: the file name, used in error messages.

    Returns:
        The decoded text without the byte order mark.

    Raises:
        InputError: the file is empty (or only whitespace), looks binary (NUL
            bytes without a UTF-16/32 byte order mark), or is not valid UTF-8.
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    else:
        encoding = _utf16_without_bom(data) or encoding
    if encoding == "utf-8" and b"\x00" in data[:65536]:
        raise InputError(source, "binary file, not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise InputError(
            source, f"not {encoding.upper()} text (byte 0x{data[exc.start]:02x})", line
        ) from None
    if not text or text.isspace():  # not text.strip(): no copy of a big file
        raise InputError(source, "empty file")
    if _looks_binary(text):
        raise InputError(source, "binary file, not text")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` for UTF-16 text saved without a byte order
    mark (mostly ASCII, so every other byte is NUL), else ``None``."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """True when more than 1% of the first 64k characters are control characters."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    return controls > max(8, len(sample) // 100)


def clean(text: str) -> str:
    """Normalise one field for storage: odd spaces to plain ones, trimmed.

    Applies Unicode NFC (so an accent typed as two code points matches the
    precomposed one), maps no-break/thin/ideographic spaces and tabs to a
    space, removes zero-width characters and soft hyphens, and collapses runs
    of spaces. Line breaks inside the text are kept.
    """
    if text.isascii():  # the common case, and NFC is the identity on ASCII
        if "\t" in text:
            text = text.replace("\t", " ")
    else:
        text = unicodedata.normalize("NFC", text)
        text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    if "  " in text:
        text = _RUNS_OF_SPACES.sub(" ", text)
    return text.strip()


def one_line(text: str) -> str:
    """Like :func:`clean`, and also joins every line into one."""
    if text.isascii():
        if _one_ascii_line(text):  # most abstracts: the split and join would give it back
            return text
        return " ".join(text.split())
    return clean(" ".join(text.split()))


def _one_ascii_line(text: str) -> bool:
    """True when ASCII ``text`` is its own :func:`one_line`: no whitespace but single
    inner spaces (each ``in`` is a C scan: ten times faster than splitting)."""
    return not (text[:1] == " " or text[-1:] == " " or "  " in text or "\n" in text or "\t" in text
                or "\r" in text or "\x0b" in text or "\x0c" in text or "\x1c" in text or "\x1d" in text
                or "\x1e" in text or "\x1f" in text)


def lines(text: str) -> list[str]:
    """Split text into cleaned lines, whatever the line endings (LF, CRLF, CR)."""
    return [line.strip() if line.isascii() and "\t" not in line and "  " not in line else clean(line)
            for line in text.splitlines()]  # clean(), without a call for plain ASCII lines


def first_lines(text: str, count: int, *, separator: str | None = None) -> list[str]:
    """``text.splitlines()[:count]`` (or ``text.split(separator)[:count]``),
    splitting only as much of ``text`` as those lines need (a format's sniff
    looks at the start of a file of hundreds of megabytes)."""
    size = 1 << 16
    while True:
        head = text[:size]
        parts = head.splitlines() if separator is None else head.split(separator)
        if len(parts) > count or size >= len(text):
            return parts[:count]
        size *= 4


def match_key(text: str) -> str:
    """A key under which two spellings of the same text compare equal.

    NFKC-normalised, case-folded, with every run of non-alphanumeric
    characters removed: ``"ReasonGen-R1:  a Two-stage…"`` and
    ``"reasongen r1 a two stage"`` give the same key; so do ``"n^(5/2)"`` and
    ``"n⁵ᐟ²"`` (the raised slash is punctuation here, though Unicode has it a letter).
    """
    if text.isascii():  # bytes.translate deletes in C, ten times faster than a regex
        return text.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii").lower()
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def short_hash(text: str, length: int = 12) -> str:
    """The first ``length`` hex digits of the BLAKE2b hash of ``text`` (UTF-8)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun`` in English: ``"1 paper"``, ``"2 papers"`` (regular plurals only)."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def authors_text(count: int, et_al: bool) -> str:
    """A number of authors: ``"1 author"``, ``"9 authors"``, or with ``et_al`` (the list
    named only the first of them) a lower bound, ``"12+ authors"``, ``"1+ authors"``."""
    return f"{count}+ authors" if et_al else plural(count, "author")


#: The line break ending a text's last line, and the blank lines after it.
_TRAILING_BLANK_LINES = re.compile(r"(?:\r\n|\n|\r)(?:[ \t]*(?:\r\n|\n|\r))*[ \t]*\Z")


def trim_note(note: str) -> str:
    """A note without its trailing blank lines and final line break (an editor's
    final newline, empty lines left at the end), as the reader's note editors
    save it; everything before, inner blank lines and line endings included, is
    kept as typed. A note of only spaces and line breaks becomes ``""``.

    ``"Idea\n\nmore\n\n  \n"`` -> ``"Idea\n\nmore"``.
    """
    if not note.strip():
        return ""
    return _TRAILING_BLANK_LINES.sub("", note)
