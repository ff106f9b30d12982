"""Seeded, bounded fuzzing of the importers: mutants of real files, odd encodings, a time limit.

Every fixture under ``tests/data``, every seed file and a readlist backup made
from a fixture (:func:`source_text`) can be mutated (:func:`mutants`: cut,
spliced with another format, salted with characters that are special in some
format, given odd field values, very long lines and deep nesting, their JSON
values swapped for values of other types ...), and written in odd encodings
(:func:`encoded`). Everything is seeded by the source's name, so a failure
happens again on the next run. :func:`outcome` and :func:`checked` run a read
under :data:`PARSE_BUDGET_S` and say whether it kept the importers' contract:
a result, or an :class:`~store.errors.InputError`, and nothing else.

Used by ``test_importer_contract.py`` (every importer, on its own samples) and
``test_import_fuzz.py`` (imports into a library, files no importer reads, deep
nesting and long runs).
"""

from __future__ import annotations

import codecs
import random
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import orjson

from readlist.store.errors import InputError
from readlist.store.exporters.backup import paper_record
from readlist.store.importers import ParseResult, read_file
from readlist.store.models import ReaderState, Status
from tests.conftest import SEEDS, TEST_DATA

#: Mutants per source. Measured: fuzzing every source takes about 11 s on two cores.
MUTANTS = 60
#: Every this many mutants is also written to disk and read with ``read_file``.
READ_FILE_EVERY = 4
#: Longest a single parse may take (the slowest fixture takes 0.1 s); longer is a failure.
PARSE_BUDGET_S = 5.0
#: Length of the long lines put in: a hundred times a long line, and enough to show a
#: quadratic cost. (Not more: LaTeX decoding costs some 35 us a character of dense markup,
#: so a 100,000-character run of ``\'e`` in a BibTeX field takes 3-4 s, linear but slow.)
LONG_LINE = 20_000

#: The import samples: every file of tests/data but the web services' answers (tests/data/net,
#: read by store.services, not by an importer), and the seeds.
_SAMPLES = sorted(p for p in TEST_DATA.rglob("*") if p.is_file() and p.relative_to(TEST_DATA).parts[0] != "net")
FILES = {str(p.relative_to(p.parent.parent)): p for p in [*_SAMPLES, *sorted(SEEDS.glob("*.txt"))]}
BACKUP = "generated/backup.json"
SOURCES = [*FILES, BACKUP]

#: Characters special in some format (BibTeX, JSON, Markdown, LaTeX, RIS), and odd ones.
HOSTILE = ["{", "}", "\\", "$", '"', "[", "]", "|", "<", ">", "\x00", "\ufffd", "@", "#", "%", ",", "=",
           "`", "*", "_", "(", ")", "~", "^", "&", "\r", "\n", "\t", "-", "  - ", "TY  - ", "ER  - ",
           "Abstract:", "@article{", "\\\\", "$$", "\\url{", "\u2028", "\u200b", "\U0001f600", "ß",
           "²", "\u0663", "·", "<!--", "```"]
#: Field values that are odd for some format: digits that int() refuses, numbers too big to store,
#: LaTeX and BibTeX syntax, name-list separators, dates out of range.
ODD_VALUES = ["", " ", "²", "\u0663", "1" * 5_000, "12345678901234567890", "0000", "-1", "0", "{", "}", "{{}",
              "\\", "$x^{", "\\'", "and", "{and}", " and and ", ",", "{,}", "others", "jan # x", "#", '"',
              "Mon, 2 Apr 2007 1799999999999999999999:15:35 GMT", "0000/00/00", "9999-99-99", "arXiv:",
              "10.", "https://", "@", "%", "~", "--", "· 12345678901234567890 authors", "Dec 99, 0000 7"]
#: JSON values of every type, for :func:`_json_values`; ``"__deep__"`` becomes 1,000 nested lists.
ODD_JSON = ["null", "true", "0", "-1", "9223372036854775807", "1.5", "1e308", '""', '"²"', f'"{"1" * 5_000}"',
            '"{\\\\"', "[]", "{}", "[[]]", '[null, 3, {}, "x"]', '{"a": [1]}', '[["2020", 13, 45]]',
            '{"date-parts": [[null]]}', '{"name": []}', '[{"family": null, "given": 5}]', '"__deep__"']
DEEP_JSON = "[" * 1_000 + "]" * 1_000
#: Inputs whose nesting is as deep as a careless recursive parser can go (and more).
NESTINGS = ["[" * 5_000, "{" * 5_000, "> " * 5_000, "- " * 2_500, "(" * 5_000, "\\{" * 2_500,
            "[" * 2_500 + "]" * 2_500, "{" * 2_500 + "}" * 2_500, "$" * 5_000, "* " * 2_500, "1. " * 2_000]
#: The value part of a line: after ``=`` (and an opening brace or quote), an RIS dash or a colon.
_VALUE = re.compile(r"(?P<head>=\s*[{\"]?|  - |:\s*)(?P<value>[^{}\"\n]*)")


@cache
def source_text(name: str) -> str:
    """The text of a source: a file, or a readlist backup made from the papers of a fixture."""
    if name != BACKUP:
        return FILES[name].read_text(encoding="utf-8")
    papers = read_file(TEST_DATA / "bibtex" / "zotero.bib").papers[:4]
    state = ReaderState(Status.READ, 1, (("read", "2026-11-22T11:34:16.042Z"),), ("rl",), "A *note*", "Mine",
                        "2026-11-22T11:34:16.042Z")
    backup = {
        "format": "readlist-backup", "version": 1, "exported": "2026-11-22T11:34:16.042Z",
        "settings": {"saved_searches": [{"name": "first", "query": "priority:1"}], "sort": "date",
                     "query_history": ["rl"], "triage": {"ids": [papers[0].id], "position": 0, "decisions": {}}},
        "states": {papers[0].id: state.to_doc(), papers[1].id: ReaderState().to_doc()},
        "papers": [paper_record(paper) for paper in papers],
    }
    return orjson.dumps(backup, option=orjson.OPT_INDENT_2).decode()


Mutation = Callable[[random.Random, str, str], str]


def _truncate(rng: random.Random, text: str, other: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _delete_span(rng: random.Random, text: str, other: str) -> str:
    start = rng.randrange(len(text) + 1)
    return text[:start] + text[start + rng.randint(1, 80):]


def _insert_hostile(rng: random.Random, text: str, other: str) -> str:
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(HOSTILE) + text[at:]
    return text


def _replace_with_hostile(rng: random.Random, text: str, other: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 40)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(HOSTILE)
    return "".join(chars)


def _edit_lines(rng: random.Random, text: str, most: int, edit: Callable[[list[str], int], None]) -> str:
    """``text`` with ``edit(lines, at)`` done at 1 to ``most`` random lines."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, most)):
        if not lines:
            break
        edit(lines, rng.randrange(len(lines)))
    return "".join(lines)


def _shuffle_lines(rng: random.Random, text: str, other: str) -> str:
    def edit(lines: list[str], at: int) -> None:
        action = rng.choice(("delete", "duplicate", "swap", "blank"))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at] * rng.randint(1, 3))
        elif action == "swap":
            other_at = rng.randrange(len(lines))
            lines[at], lines[other_at] = lines[other_at], lines[at]
        else:
            lines[at] = "\n"

    return _edit_lines(rng, text, 10, edit)


def _odd_values(rng: random.Random, text: str, other: str) -> str:
    """Field values (after ``=``, ``  - ``, ``:``) or whole lines replaced by :data:`ODD_VALUES`."""
    def edit(lines: list[str], at: int) -> None:
        value = rng.choice(ODD_VALUES)
        if (found := _VALUE.search(lines[at])) and rng.random() < 0.8:
            lines[at] = lines[at][:found.start("value")] + value + lines[at][found.end("value"):]
        else:
            lines[at] = value + "\n"

    return _edit_lines(rng, text, 6, edit)


def _json_values(rng: random.Random, text: str, other: str) -> str:
    """Values of a JSON document (or of one line of JSON Lines) replaced by :data:`ODD_JSON`."""
    lines = text.splitlines(keepends=True)
    try:
        document, at = orjson.loads(text), None
    except orjson.JSONDecodeError:
        at = rng.randrange(len(lines)) if lines else 0
        try:
            document = orjson.loads(lines[at])
        except (orjson.JSONDecodeError, IndexError):
            return text
    for _ in range(rng.randint(1, 8)):
        document = _replace_value(rng, document, 0)
    try:
        dumped = orjson.dumps(document, option=rng.choice((0, orjson.OPT_INDENT_2))).decode()
    except orjson.JSONEncodeError:  # nested deeper than orjson writes (255): deep already
        return text
    dumped = dumped.replace('"__deep__"', DEEP_JSON)
    return dumped if at is None else "".join([*lines[:at], dumped, "\n", *lines[at + 1:]])


def _replace_value(rng: random.Random, value: Any, depth: int) -> Any:
    if isinstance(value, dict | list) and value and depth < 6 and rng.random() < 0.75:
        key = rng.choice(list(value)) if isinstance(value, dict) else rng.randrange(len(value))
        value[key] = _replace_value(rng, value[key], depth + 1)
        return value
    return orjson.loads(rng.choice(ODD_JSON))


def _long_line(rng: random.Random, text: str, other: str) -> str:
    at = rng.randrange(len(text) + 1)
    unit = rng.choice(["x", "word ", "{", "\\", "$", "[", "-", " ", "a,", "\\'e", "|", "http://", "7", "> "])
    return text[:at] + unit * (LONG_LINE // len(unit)) + text[at:]


def _double_brackets(rng: random.Random, text: str, other: str) -> str:
    opening = rng.choice("{[(<\"$")
    closing = {"{": "}", "[": "]", "(": ")", "<": ">"}.get(opening, opening)
    text = text.replace(opening, opening * 2)
    return text.replace(closing, closing * 2) if rng.random() < 0.5 else text


def _deep_nesting(rng: random.Random, text: str, other: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
    at = rng.randrange(len(lines) + 1)
    return "".join(lines[:at]) + rng.choice(NESTINGS) + "\n" * rng.randint(0, 1) + "".join(lines[at:])


def _splice(rng: random.Random, text: str, other: str) -> str:
    cut, other_cut = rng.randrange(len(text) + 1), rng.randrange(len(other) + 1)
    if rng.random() < 0.5:
        return text[:cut] + other[other_cut:]
    return text[:cut] + other[other_cut:other_cut + rng.randint(1, 2_000)] + text[cut:]


MUTATIONS: tuple[Mutation, ...] = (
    _truncate, _delete_span, _insert_hostile, _replace_with_hostile, _shuffle_lines, _odd_values,
    _json_values, _json_values, _long_line, _double_brackets, _deep_nesting, _splice,
)


def mutants(name: str, count: int) -> Iterator[tuple[int, str, str]]:
    """``count`` mutants of source ``name``: ``(number, mutations applied, text)``, seeded by the name."""
    rng = random.Random(f"fuzz:{name}")
    others = [other for other in SOURCES if other != name]
    for number in range(count):
        mutant, names = source_text(name), []
        for _ in range(rng.choice((1, 1, 2, 3))):
            mutation = rng.choice(MUTATIONS)
            mutant = mutation(rng, mutant, source_text(rng.choice(others)))
            names.append(mutation.__name__.lstrip("_"))
        yield number, "+".join(names), mutant


def encoded(rng: random.Random, text: str) -> bytes:
    """``text`` as bytes a reader might give: UTF-8 with broken sequences, UTF-16/32 (with or
    without a BOM, possibly cut mid-character), or Latin-1."""
    choice = rng.randrange(7)
    if choice == 0:
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 5)):  # a lone surrogate, a stray byte, a cut sequence
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.choice((b"\xed\xa0\x80", b"\xff", b"\xc3", b"\xe2\x82", b"\x80"))
        return bytes(data)
    if choice == 1:
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    if choice == 2:  # no BOM, cut at an odd byte
        data = text.encode("utf-16-le", "surrogatepass")
        return data[: rng.randrange(len(data) + 1)]
    if choice == 3:
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be", "surrogatepass") + b"\x00\xd8"  # lone high surrogate
    if choice == 4:
        return codecs.BOM_UTF32_LE + text.encode("utf-32-le", "surrogatepass")[:-1]
    if choice == 5:
        return text.encode("latin-1", "replace")
    return codecs.BOM_UTF8 + text.encode("utf-8", "replace")


class _TooSlow(Exception):
    """A parse took longer than :data:`PARSE_BUDGET_S` (raised by the alarm)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`_TooSlow` after ``seconds`` (where alarms work)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def checked(call: Callable[[], Any]) -> tuple[str | None, Any]:
    """``(None, what call returned)`` when ``call`` keeps the contract (it returns, or raises
    :class:`InputError`, in time; the result is then ``None``), else ``(what went wrong, None)``.
    (An importer that catches every exception may swallow the alarm: the time is checked after
    the call too.)"""
    started = time.perf_counter()
    try:
        with _time_limit(PARSE_BUDGET_S):
            result = call()
    except InputError:
        result = None
    except Exception as error:  # any other exception is what the fuzz tests look for
        return f"{type(error).__name__}: {str(error)[:200]}", None
    elapsed = time.perf_counter() - started
    return (f"took {elapsed:.1f} s", None) if elapsed > PARSE_BUDGET_S else (None, result)


def outcome(read: Callable[[], object]) -> str | None:
    """``None`` when ``read`` keeps the contract (a ParseResult or a list of reports, or an
    InputError, in time), else what went wrong."""
    problem, result = checked(read)
    if problem is None and result is not None and not isinstance(result, ParseResult | list):
        return f"returned {type(result).__name__}"
    return problem
