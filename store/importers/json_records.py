"""What the JSON importers (:mod:`~store.importers.hf_json`, :mod:`~store.importers.csl_json`,
:mod:`~store.importers.paper_json`) share: one importer type, :class:`JsonRecordsImporter`.

A JSON file of papers holds its records in one of four shapes, all read:

- a list of records: ``[{...}, {...}]``;
- one record: ``{...}``;
- a list under some key of a wrapper object: ``{"papers": [{...}, ...]}``;
- JSON Lines (https://jsonlines.org): one record per line.

This module loads the JSON (an error names its line), finds that list, tells
the line where each record starts, scores a file for ``sniff`` and runs the
record-by-record loop of ``parse``; a format module only says what one of its
records looks like (``is_record``), which keys only it uses (``markers``) and
how one record becomes :func:`build_paper` fields (``read_record``), in its
``IMPORTER = JsonRecordsImporter(...)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from readlist.store.errors import InputError
from readlist.store.importers.base import ParseResult, Progress, build_paper, with_progress

#: Says whether a JSON object is a record of the format.
IsRecord = Callable[[dict[str, Any]], bool]
#: Turns one record into keyword arguments of :func:`build_paper`; raises
#: ``ValueError`` with a reason naming the field at fault. It may add a
#: ``"warnings"`` entry: a list of reasons about fields it had to leave out.
ReadRecord = Callable[[dict[str, Any]], dict[str, Any]]

#: Score of a file that starts like JSON, names the format's keys, but does not
#: parse: high enough for ``parse`` to run and report the syntax error's line.
BROKEN_JSON_SCORE = 20
#: How often ``parse`` reports progress, in records.
PROGRESS_EVERY = 500

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
#: A JSON string, its escapes included.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
#: A number, ``true``, ``false`` or ``null``.
_SCALAR = re.compile(r"[^\s,\]}]+")
#: What changes the depth inside an array or object: brackets, and strings (which may hold brackets).
_NESTING_MARKS = re.compile(r'[\[\]{}"]')


@dataclass(frozen=True)
class JsonRecordsImporter:
    """The :class:`~store.importers.base.Importer` of a JSON format of paper records.

    Attributes:
        format: the format's short name (``"csl-json"``).
        name: the format's name in messages (``"CSL-JSON"``).
        is_record: tells a record of the format from any other JSON object
            (and so a record from a wrapper object).
        markers: a pattern of keys only this format uses, searched in the
            first 64 KiB of a text whose JSON does not parse.
        read_record: turns one record into :func:`build_paper` fields (see
            :data:`ReadRecord`).
        score_divisor: the sniff scores are divided by it (2 lets the formats
            with a fixed shape win a file over a looser one).
        progress_every: ``parse`` reports progress after every this many records.
    """

    format: str
    name: str
    is_record: IsRecord
    markers: re.Pattern[str]
    read_record: ReadRecord
    score_divisor: int = 1
    progress_every: int = PROGRESS_EVERY

    def sniff(self, text: str) -> int:
        """Score ``text``, the decoded file, for this format.

        Returns:
            90 when at least half the records are the format's, 40 when some are,
            :data:`BROKEN_JSON_SCORE` for invalid JSON showing ``markers``, and 0
            for anything else: not JSON, a readlist file (backup or catalogue),
            a bare number or string, or no record of the format. Each divided
            by ``score_divisor``.
        """
        return _sniff(text, self.is_record, self.markers) // self.score_divisor

    def parse(self, text: str, source: str, progress: Progress | None = None) -> ParseResult:
        """Read every record of a JSON file into papers.

        Args:
            text: the decoded file.
            source: the file name for ``Paper.source`` and error messages.
            progress: called with ``(records done, records in all)`` every
                ``progress_every`` records and at the end.

        Returns:
            The papers in file order, each at the line where its record starts,
            and one error per unusable record, such as ``"item 3: no title, DOI
            or arXiv id"`` at that line.

        Raises:
            InputError: the text is not valid JSON (with the line of the error).
        """
        document = load(text, source)
        _forget()
        records, key = find_records(document, self.is_record)
        if isinstance(document, list) and text[_skip(text, 0)] == "{":  # JSON Lines: a record a line
            lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        else:
            lines = record_lines(text, key, len(records))
        result = ParseResult(self.format)
        numbered = list(enumerate(zip(records, lines, strict=True), start=1))
        for index, (record, line) in with_progress(numbered, progress, self.progress_every):
            try:
                if not isinstance(record, dict):
                    raise ValueError(f"{kind(record)}, not an object")
                fields = self.read_record(record)
                for reason in fields.pop("warnings", ()):
                    result.warnings.append(InputError(source, f"item {index}: {reason}", line))
                result.papers.append(build_paper(source=source, source_format=self.format, line=line, **fields))
            except ValueError as error:
                result.rejected.append(InputError(source, f"item {index}: {error}", line))
            except InputError as error:
                result.rejected.append(InputError(source, f"item {index}: {error.reason}", line))
        return result


def _sniff(text: str, is_record: IsRecord, markers: re.Pattern[str]) -> int:
    """:meth:`JsonRecordsImporter.sniff`, before the division."""
    if text.lstrip()[:1] not in ("[", "{"):
        return 0
    try:
        document = _parsed(text)
    except orjson.JSONDecodeError:
        return BROKEN_JSON_SCORE if markers.search(text, 0, 65536) else 0
    if isinstance(document, dict) and isinstance(name := document.get("format"), str) and name.startswith("readlist"):
        return 0
    records, _ = find_records(document, is_record)
    matches = sum(1 for record in records if isinstance(record, dict) and is_record(record))
    if not matches:
        return 0
    return 90 if 2 * matches >= len(records) else 40


def load(text: str, source: str) -> Any:
    """Parse ``text`` as JSON.

    Raises:
        InputError: ``"not valid JSON (<what>)"`` at the line of the error.
    """
    try:
        return _parsed(text)
    except orjson.JSONDecodeError as error:
        raise InputError(source, f"not valid JSON ({error.msg})", error.lineno) from None


#: The last text parsed and its document: detecting a format sniffs the same
#: text with every JSON importer, then parses it; a big file is parsed once.
_last: tuple[str, Any] | None = None


def _parsed(text: str) -> Any:
    """The JSON document of ``text``, or the list of records of a JSON Lines text.

    Raises:
        orjson.JSONDecodeError: neither (the error of reading it as one document).
    """
    global _last
    if _last is not None and _last[0] is text:
        return _last[1]
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        document = _json_lines(text)
        if document is None:
            raise
    _last = (text, document)
    return document


def _json_lines(text: str) -> list[dict[str, Any]] | None:
    """The objects of a JSON Lines text (two or more lines, each one object), else ``None``."""
    records = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            return None
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            return None
        records.append(record)
    return records if len(records) >= 2 else None


def _forget() -> None:
    global _last
    _last = None


def find_records(document: Any, is_record: IsRecord) -> tuple[list[Any], str | None]:
    """The records of a parsed JSON document, and the key they sit under.

    Returns:
        ``(document, None)`` for a list; ``([document], None)`` for an object
        that is itself a record; ``(list, key)`` for the first value of a
        wrapper object that is a list holding objects; ``([], None)`` otherwise.
    """
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict):
        if is_record(document):
            return [document], None
        for key, value in document.items():
            if isinstance(value, list) and any(isinstance(item, dict) for item in value):
                return value, key
    return [], None


def record_lines(text: str, key: str | None, count: int) -> list[int | None]:
    """The line where each of ``count`` records starts (see :func:`find_records`).

    ``text`` must be valid JSON. When the lines cannot be told, every line is
    ``None``. Values are skipped without being decoded, so a record nested as
    deep as orjson reads (1024 levels) has its line too.
    """
    if not count:  # no records (the document may be no list or object at all: "null", "3")
        return []
    start = _skip(text, 0)
    if key is not None:
        start = _member(text, start, key)
    offsets = [start] if text[start] == "{" else _elements(text, start)
    if len(offsets) != count:
        return [None] * count
    lines, line, done = [], 1, 0
    for offset in offsets:
        line += text.count("\n", done, offset)
        done = offset
        lines.append(line)
    return lines


def text_field(value: Any, name: str) -> str:
    """A record's field as text: a string as is, a number written out, ``""`` for null.

    Raises:
        ValueError: the field is an object, a list or true/false (the message names ``name``).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"'{name}' is {kind(value)}, not text")


def kind(value: Any) -> str:
    """What a JSON value is, for messages: ``"a number"``, ``"a list"`` ..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    names = {str: "text", list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _skip(text: str, position: int) -> int:
    """The position of the next character after JSON whitespace."""
    return _WHITESPACE.match(text, position).end()


def _elements(text: str, start: int) -> list[int]:
    """Where each element of the array opening at ``text[start]`` starts."""
    offsets: list[int] = []
    position = _skip(text, start + 1)
    while text[position] != "]":
        offsets.append(position)
        position = _skip(text, _value_end(text, position))
        if text[position] == ",":
            position = _skip(text, position + 1)
    return offsets


def _member(text: str, start: int, key: str) -> int:
    """Where the value of member ``key`` of the object opening at ``text[start]`` starts:
    of its last occurrence, the one a JSON parser keeps (``start`` when there is none)."""
    found = start
    position = _skip(text, start + 1)
    while text[position] != "}":
        name, position = _DECODER.raw_decode(text, position)
        position = _skip(text, _skip(text, position) + 1)  # past the colon
        if name == key:
            found = position
        position = _skip(text, _value_end(text, position))
        if text[position] == ",":
            position = _skip(text, position + 1)
    return found


def _value_end(text: str, position: int) -> int:
    """Where the JSON value starting at ``text[position]`` ends (``text`` is valid JSON).

    Found by counting brackets, not by decoding: :mod:`json` decodes recursively
    and fails on nesting that orjson reads.
    """
    first = text[position]
    if first == '"':
        return _STRING.match(text, position).end()  # type: ignore[union-attr]  # valid JSON
    if first not in "[{":
        return _SCALAR.match(text, position).end()  # type: ignore[union-attr]
    depth = 0
    while mark := _NESTING_MARKS.search(text, position):
        if mark.group() == '"':
            position = _STRING.match(text, mark.start()).end()  # type: ignore[union-attr]
            continue
        position = mark.end()
        depth += 1 if mark.group() in "[{" else -1
        if depth == 0:
            break
    return position
