"""The query language of the filter box and ``readlist list``: parsing.

::

    difusion transfomer           free words: fuzzy, over title, abstract, tags, notes, keywords, org, authors
    "exact phrase"                matched as typed (case aside)
    title:flow  abstract:reward  tag:rl  note:idea  org:bytedance  author:hinton
    keyword:robotics              the source's keywords (BibTeX keywords, arXiv subjects), not tags
    status:to-read                new, to-read, reading, read, skipped
    is:unread  is:read  is:noted  is:tagged
    priority:1  priority:<=2  priority:none
    votes:>=3  authors:<5  votes:2..10
    date:2024  date:2025-03..2025-06  date:>=2024-06  date:oct  date:10-13
    changed:<7d                   changed in the last 7 days (h, d, w, m, y)
    added:<7d  added:>1m          entered the library in the last 7 days / over a month ago
    source:zotero  source:bibtex  imported from a file whose name or format contains the word
    source:"my refs.bib"
    a b                           both (implicit AND);  a OR b;  -a  NOT a;  ( ... )

:func:`parse` turns the text into a tree of :class:`Node` objects, or raises
:class:`QueryError` naming the token and the reason; ``foo:bar``, a field that
does not exist, is an error naming the fields. A word with a colon that is no
field's shape (``http://x``, ``GPT-4o:``, ``"re:invent"``) is an ordinary word.
Evaluation is in :mod:`store.evaluate` (through ``SearchIndex.search``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readlist.store.dates import MONTHS
from readlist.store.errors import ReadlistError
from readlist.store.models import Status
from readlist.store.tags import normalise_tag

#: The query language in brief, as ``(example, meaning)`` rows: the ``?`` help screen shows it.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("difusion transfomer", "words: fuzzy over title, abstract, tags, note, keywords, org, authors; typos tolerated"),
    ('"exact phrase"', "matched as typed (case aside)"),
    ("title:flow  abstract:x  note:x  org:x  author:hinton", "a word in that field only (authors: accents aside)"),
    ("tag:rl", "papers with that tag (yours)"),
    ("keyword:robotics", "a word in the source's keywords (BibTeX keywords, arXiv subjects)"),
    ("status:to-read  is:unread  is:noted", "new, to-read, reading, read, skipped; unread, read, noted, tagged"),
    ("priority:1  priority:<=2  priority:none", "the reader's priority"),
    ("votes:>=3  authors:<5  votes:2..10", "numbers: compared, or a range"),
    ("date:2024  date:2025-03..2025-06  date:oct", "publication date; a date without a year by month/day"),
    ("changed:<7d  added:>1m", "changed / added within, or longer ago than (h, d, w, m, y)"),
    ('source:zotero  source:bibtex  source:"my refs.bib"', "imported from that file or format"),
    ("a b   a OR b   -a   NOT a   ( … )", "both; either; not; grouping"),
)

#: Fields holding text, matched like free words but only there.
TEXT_FIELDS = ("title", "abstract", "tag", "note", "org", "author", "keyword")
#: Fields with numbers, compared.
NUMBER_FIELDS = ("votes", "authors", "priority")
#: Fields with ages (``changed:<7d``): when the reader last changed the paper, when it entered the library.
AGE_FIELDS = ("changed", "added")
FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, "status", "is", "date", *AGE_FIELDS, "source")
IS_VALUES = ("unread", "read", "noted", "tagged")

_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<quoted>-?(?:\w+:)?"[^"]*"?)|(?P<word>[^\s()]+))')
#: What a field's name looks like: ``foo:bar`` is a field that does not exist, not a word
#: (but ``http://x``, ``GPT-4o:`` and ``"foo:bar"`` are words).
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")
_COMPARISON = re.compile(r"^(?P<op><=|>=|<|>|=)?(?P<value>.*)$")
_AGE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>[hdwmy])$")
#: Seconds per unit of ``changed:`` and ``added:`` ages.
AGE_UNITS = {"h": 3600, "d": 86400, "w": 7 * 86400, "m": 30 * 86400, "y": 365 * 86400}


class QueryError(ReadlistError):
    """A query that cannot be understood.

    Attributes:
        position: index in the query text of the token at fault.
        token: that token.
        reason: why it cannot be understood.
    """

    def __init__(self, position: int, token: str, reason: str) -> None:
        self.position, self.token, self.reason = position, token, reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.token!r} (at {self.position + 1}): {self.reason}" if self.token else self.reason


# -- the tree -------------------------------------------------------------------


class Node:
    """A node of a parsed query."""


@dataclass(frozen=True)
class Word(Node):
    """A free word (fuzzy) or ``"phrase"`` (exact), in any text field or in ``field``."""

    text: str
    exact: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Compare(Node):
    """``votes:>=3``, ``priority:1``: a number field compared with ``low``..``high`` (inclusive).

    A number of authors that ends in "et al." is a lower bound: it matches only
    a comparison without ``high`` (``authors:>3``, ``authors:>=1``), never ``<`` or ``=``.
    """

    field: str
    low: float | None
    high: float | None
    missing: bool = False  # priority:none


@dataclass(frozen=True)
class DateRange(Node):
    """``date:...``: papers whose date falls in the range. Parts are
    ``(year, month, day)`` with ``None`` where the query gave none; a range
    with a year never matches a date given without one."""

    start: tuple[int | None, int | None, int | None] | None
    end: tuple[int | None, int | None, int | None] | None


@dataclass(frozen=True)
class Changed(Node):
    """``changed:<7d`` (within the last ``seconds``) or ``changed:>7d`` (longer
    ago); ``field`` is ``"changed"`` (the reader's last change) or ``"added"``
    (when the paper entered the library)."""

    seconds: float
    within: bool
    field: str = "changed"


@dataclass(frozen=True)
class Source(Node):
    """``source:...``: papers whose source file name or format contains ``text``."""

    text: str


@dataclass(frozen=True)
class StatusIs(Node):
    """``status:...`` or ``is:...``: one of the reader's states."""

    statuses: frozenset[Status] = frozenset()
    noted: bool = False
    tagged: bool = False


@dataclass(frozen=True)
class Not(Node):
    """Papers not matching ``node``."""

    node: Node


@dataclass(frozen=True)
class And(Node):
    """Papers matching every node."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    """Papers matching any node."""

    nodes: tuple[Node, ...]


# -- parsing --------------------------------------------------------------------


@dataclass
class _Token:
    kind: str  # open, close, quoted, word
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
    return tokens


def parse(text: str) -> Node | None:
    """Parse a query; ``None`` for a blank one.

    Raises:
        QueryError: a token that cannot be understood (unclosed quote or
            parenthesis, dangling ``OR``/``NOT``, a bad value for a field).
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    parser = _Parser(tokens, text)
    node = parser.or_expression()
    if parser.index < len(tokens):
        token = tokens[parser.index]
        raise QueryError(token.position, token.text, "unexpected here (a ')' without '('?)")
    return node


class _Parser:
    """Recursive descent over the tokens: or -> and -> unary -> primary."""

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens, self.text, self.index = tokens, text, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def or_expression(self) -> Node:
        nodes = [self.and_expression()]
        while (token := self.peek()) is not None and token.kind == "word" and token.text == "OR":
            self.take()
            if self.peek() is None or self.peek().kind == "close":
                raise QueryError(token.position, "OR", "nothing after OR")
            nodes.append(self.and_expression())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expression(self) -> Node:
        nodes = []
        while (token := self.peek()) is not None and token.kind != "close":
            if token.kind == "word" and token.text == "OR":
                if not nodes:
                    raise QueryError(token.position, "OR", "nothing before OR")
                break
            nodes.append(self.unary())
        if not nodes:
            token = self.peek()
            raise QueryError(token.position if token else len(self.text), token.text if token else "",
                             "empty parentheses" if token else "the query ends too soon")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "word" and token.text == "NOT":
            self.take()
            if self.peek() is None or self.peek().kind == "close":
                raise QueryError(token.position, "NOT", "nothing after NOT")
            return Not(self.unary())
        if token.kind in ("word", "quoted") and token.text.startswith("-") and len(token.text) > 1:
            self.take()
            inner = _Token(token.kind, token.text[1:], token.position + 1)
            return Not(self.term(inner))
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "open":
            if self.peek() is None:
                raise QueryError(token.position, "(", "'(' is never closed")
            node = self.or_expression()
            if self.peek() is None or self.peek().kind != "close":
                raise QueryError(token.position, "(", "'(' is never closed")
            self.take()
            return node
        if token.kind == "close":
            raise QueryError(token.position, ")", "')' without '('")
        return self.term(token)

    def term(self, token: _Token) -> Node:
        text = token.text
        name, colon, value = text.partition(":")
        if colon and name.lower() in FIELDS:
            return field_term(name.lower(), value, token.position)
        if colon and value and _FIELD_NAME.match(name) and not value.startswith("/"):
            raise QueryError(token.position, text, f"no field '{name}:' (fields: {', '.join(FIELDS)}); "
                                                   f"to search for the word, quote it: \"{text}\"")
        if text.startswith('"'):
            if len(text) < 2 or not text.endswith('"'):
                raise QueryError(token.position, text, "the quote is never closed")
            phrase = text[1:-1].strip()
            if not phrase:
                raise QueryError(token.position, text, "empty phrase")
            return Word(phrase.casefold(), exact=True)
        return Word(text.casefold())


def field_term(field: str, value: str, position: int) -> Node:
    """The node for ``field:value``.

    Raises:
        QueryError: the value does not suit the field.
    """
    token = f"{field}:{value}"

    def fail(reason: str) -> QueryError:
        return QueryError(position, token, reason)

    if not value:
        raise fail(f"nothing after '{field}:'")
    if field in TEXT_FIELDS or field == "source":
        exact = value.startswith('"')
        if exact:
            if len(value) < 2 or not value.endswith('"'):
                raise fail("the quote is never closed")
            value = value[1:-1]
        if not value.strip():
            raise fail("empty value")
        if field == "source":
            return Source(value.strip().casefold())
        if field == "tag":
            return Word(normalise_tag(value), exact=True, field="tag")
        return Word(value.strip().casefold(), exact=exact, field=field)
    if field == "status":
        statuses = []
        for name in value.split(","):
            try:
                statuses.append(Status(name.lower()))
            except ValueError:
                raise fail(f"no status {name!r} (statuses: {', '.join(s.value for s in Status)})") from None
        return StatusIs(frozenset(statuses))
    if field == "is":
        name = value.lower()
        if name == "unread":
            return Not(StatusIs(frozenset({Status.READ})))
        if name == "read":
            return StatusIs(frozenset({Status.READ}))
        if name == "noted":
            return StatusIs(noted=True)
        if name == "tagged":
            return StatusIs(tagged=True)
        raise fail(f"is: takes {', '.join(IS_VALUES)}")
    if field in NUMBER_FIELDS:
        return _number(field, value, fail)
    if field == "date":
        return _date(value, fail)
    return _age(field, value, fail)


def _number(field: str, value: str, fail) -> Node:
    if field == "priority" and value.lower() == "none":
        return Compare(field, None, None, missing=True)
    if ".." in value:
        low, _, high = value.partition("..")
        try:
            return Compare(field, float(low) if low else None, float(high) if high else None)
        except ValueError:
            raise fail("a range is two numbers, e.g. 2..10") from None
    match = _COMPARISON.match(value)
    op, number = match.group("op") or "=", match.group("value")
    try:
        amount = float(number)
    except ValueError:
        raise fail(f"expected a number{' after ' + op if match.group('op') else ''}") from None
    bounds = {"=": (amount, amount), ">=": (amount, None), "<=": (None, amount),
              ">": (amount + 1e-9, None), "<": (None, amount - 1e-9)}[op]
    return Compare(field, *bounds)


_YMD = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
_MD = re.compile(r"^(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_NAMED = re.compile(r"^(?P<name>[a-z]+)(?:-?(?P<day>\d{1,2}))?$")


def _date_point(text: str, fail) -> tuple[int | None, int | None, int | None]:
    text = text.lower()
    if match := _YMD.match(text):
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
    elif match := _MD.match(text):
        year, month, day = None, int(match["month"]), int(match["day"])
    elif (match := _NAMED.match(text)) and match["name"] in MONTHS:
        year, month, day = None, MONTHS[match["name"]], int(match["day"]) if match["day"] else None
    else:
        raise fail(f"{text!r} is not a date (2024, 2025-03, 2025-03-14, oct, oct-13, 10-13)")
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        raise fail(f"{text!r} is not a date")
    return (year, month, day)


def _date(value: str, fail) -> Node:
    if ".." in value:
        low, _, high = value.partition("..")
        start = _date_point(low, fail) if low else None
        end = _date_point(high, fail) if high else None
        if start and end and (start[0] is None) != (end[0] is None):
            raise fail("both ends of a range need a year, or neither")
        return DateRange(start, end)
    match = _COMPARISON.match(value)
    op, point = match.group("op") or "=", _date_point(match.group("value"), fail)
    if op == "=":
        return DateRange(point, point)
    if op in (">=", ">"):
        return DateRange(point, None) if op == ">=" else And((DateRange(point, None), Not(DateRange(point, point))))
    return DateRange(None, point) if op == "<=" else And((DateRange(None, point), Not(DateRange(point, point))))


def _age(field: str, value: str, fail) -> Node:
    match = _COMPARISON.match(value)
    op, age = match.group("op") or "<", _AGE.match(match.group("value").lower())
    if age is None or op == "=":
        raise fail("expected an age such as <7d or >2w (h, d, w, m, y)")
    seconds = float(age["number"]) * AGE_UNITS[age["unit"]]
    return Changed(seconds, within=op in ("<", "<="), field=field)


def words_of_query(node: Node | None) -> list[Word]:
    """Every text term of a query that is not negated (what a match shows)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Word):
        return [node]
    if isinstance(node, And | Or):
        return [word for child in node.nodes for word in words_of_query(child)]
    return []


def asks_for(node: Node | None, status: Status) -> bool:
    """True when the query names ``status`` (e.g. ``status:skipped``), so a view
    that hides such papers by default should show them."""
    if isinstance(node, StatusIs):
        return status in node.statuses
    if isinstance(node, Not):
        return asks_for(node.node, status)
    if isinstance(node, And | Or):
        return any(asks_for(child, status) for child in node.nodes)
    return False
