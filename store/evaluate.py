"""Evaluating a parsed query (:mod:`store.query`) against a search index.

Each node gives a :class:`Found`: its rows (or every row) and the scores of
its text matches. ``AND`` intersects and adds scores, passing the rows found
so far to the next term so it only looks at those; ``OR`` unites; ``NOT``
complements. Terms about abstracts are left out when abstracts are not
searched (the fast pass of a keystroke): the match is then wider than the
final one, never narrower.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from readlist.store.models import Status, seconds_of
from readlist.store.query import And, Changed, Compare, DateRange, Node, Not, Or, Source, StatusIs, Word
from readlist.store.ranking import SEARCHED, WEIGHTS, Match, ranked

if TYPE_CHECKING:
    from readlist.store.search import SearchIndex

#: Where a field term looks (``tag:`` is handled apart: exact tags).
FIELD_SCOPE = {"title": ("title",), "abstract": ("abstract",), "note": ("note",), "org": ("org",),
               "author": ("author",), "keyword": ("keyword",)}


@dataclass
class Found:
    """Rows matched by part of a query (``None``: every row) and their text scores."""

    rows: set[int] | None
    scores: dict[int, float]


@dataclass
class _Context:
    index: SearchIndex
    typed: str | None
    abstracts: bool
    cancelled: Callable[[], bool]
    seen: set[str]
    now: datetime

    @cached_property
    def everything(self) -> set[int]:
        """Every row (built once per query: several terms may ask for it)."""
        return set(range(len(self.index.ids)))


def run_query(
    index: SearchIndex, node: Node, *, typed: str | None = None, abstracts: bool = True,
    cancelled: Callable[[], bool] = lambda: False, candidates: set[int] | None = None,
) -> Match | None:
    """Evaluate ``node`` over ``index``; ``None`` if ``cancelled`` said to stop.

    Args:
        index: the search index.
        node: the parsed query.
        typed: the word being typed (matched as a beginning too), if any.
        abstracts: search abstracts (else terms needing them are left out).
        cancelled: polled between steps.
        candidates: only these rows (``None``: every row); a view re-checks the
            rows an edit changed this way, in about the same time at any size.
    """
    context = _Context(index, typed, abstracts, cancelled, set(), datetime.now(UTC))
    found = _evaluate(node, context, candidates)
    if cancelled():
        return None
    if found.rows is None:  # no term narrowed the rows
        rows = context.everything if candidates is None else candidates
    else:
        rows = found.rows if candidates is None else found.rows & candidates
    return Match(ranked(rows, found.scores), found.scores, frozenset(context.seen))


def _evaluate(node: Node, context: _Context, candidates: set[int] | None) -> Found:
    if isinstance(node, And):
        return _all_of(node, context, candidates)
    if isinstance(node, Or):
        parts = [_evaluate(child, context, candidates) for child in node.nodes]
        rows = None if any(part.rows is None for part in parts) else set().union(*(part.rows for part in parts))
        scores: dict[int, float] = {}
        for part in parts:
            for row, score in part.scores.items():
                scores[row] = scores.get(row, 0.0) + score
        return Found(rows, scores)
    if isinstance(node, Not):
        inner = _evaluate(node.node, context, candidates)
        if inner.rows is None:  # unknown (left out) or everything: keep the match wide
            return Found(None, {})
        universe = candidates if candidates is not None else context.everything
        return Found(universe - inner.rows, {})
    return _term(node, context, candidates)


def _all_of(node: And, context: _Context, candidates: set[int] | None) -> Found:
    # Cheap, narrowing terms first; negations last (they need the rows so far).
    order = sorted(node.nodes, key=lambda child: (isinstance(child, Not), isinstance(child, Word)))
    rows, scores = candidates, {}
    for child in order:
        if context.cancelled():
            break
        part = _evaluate(child, context, rows)
        if part.rows is not None:
            rows = part.rows if rows is None else rows & part.rows
            scores = {row: scores.get(row, 0.0) + part.scores.get(row, 0.0) for row in rows
                      if row in scores or row in part.scores}
        if rows is not None and not rows:
            break
    return Found(rows, scores)


def _term(node: Node, context: _Context, candidates: set[int] | None) -> Found:
    index = context.index
    if isinstance(node, Word):
        return _word(node, context, candidates)
    if isinstance(node, StatusIs):
        return Found(_status_rows(node, context, candidates), {})
    if isinstance(node, Compare):
        return Found(_compare_rows(node, context, candidates), {})
    if isinstance(node, DateRange):
        return Found(_date_rows(node, index, candidates), {})
    if isinstance(node, Changed):
        return Found(_age_rows(node, context, candidates), {})
    if isinstance(node, Source):
        return Found(_source_rows(node, index, candidates), {})
    raise TypeError(f"unknown query node {node!r}")


def _word(node: Word, context: _Context, candidates: set[int] | None) -> Found:
    index = context.index
    if not any(c.isalnum() for c in node.text):
        return Found(None, {})  # "-" or "(" as typing begins: no constraint yet
    if node.field == "tag":
        rows = {row for row, state in index.states.items() if node.text in state.tags}
        if candidates is not None:
            rows &= candidates
        if rows:
            context.seen.add(node.text)
        return Found(rows, dict.fromkeys(rows, WEIGHTS["tags"]))
    fields = FIELD_SCOPE.get(node.field or "", SEARCHED)
    if fields == ("abstract",) and not context.abstracts:
        return Found(None, {})  # left out of the fast pass
    scores = index.match_word(
        node.text, candidates, fields=fields, exact=node.exact, typing=node.text == context.typed,
        abstracts=context.abstracts, cancelled=context.cancelled, seen=context.seen,
    )
    return Found(set(scores), scores)


def _status_rows(node: StatusIs, context: _Context, candidates: set[int] | None) -> set[int]:
    index = context.index
    if node.noted or node.tagged:
        rows = {row for row, state in index.states.items()
                if (node.noted and state.note.strip()) or (node.tagged and state.tags)}
    else:
        rows = {row for row, state in index.states.items() if state.status in node.statuses}
        if Status.NEW in node.statuses:  # untouched papers are new
            untouched = (candidates if candidates is not None else context.everything) - index.states.keys()
            rows |= untouched
    return rows if candidates is None else rows & candidates


def _compare_rows(node: Compare, context: _Context, candidates: set[int] | None) -> set[int]:
    index = context.index
    if node.field == "priority":
        if node.missing:
            with_priority = {row for row, state in index.states.items() if state.priority}
            universe = candidates if candidates is not None else context.everything
            return universe - with_priority
        values = {row: state.priority for row, state in index.states.items() if state.priority}
        pairs = values.items() if candidates is None else ((r, v) for r, v in values.items() if r in candidates)
    else:
        column = index.votes if node.field == "votes" else index.authors
        rows = candidates if candidates is not None else range(len(column))
        if node.field == "authors" and node.high is not None and index.authors_at_least:
            # "12 authors et al." is at least 12: it is surely below no bound, and equal to no number
            rows = [row for row in rows if row not in index.authors_at_least]
        pairs = ((row, column[row]) for row in rows)
    low, high = node.low, node.high
    return {row for row, value in pairs
            if value is not None and (low is None or value >= low) and (high is None or value <= high)}


def _date_rows(node: DateRange, index: SearchIndex, candidates: set[int] | None) -> set[int]:
    """Rows whose date falls in the range (list comprehensions over the date
    columns: a function call per row would cost 80 ms at 100,000 papers)."""
    bound = node.start or node.end
    rows = range(len(index.ids)) if candidates is None else candidates
    if bound[0] is None:  # month/day only: whatever the year, also none
        months, days = index.date_months, index.date_days
        if node.start == node.end and node.start[2] is None:
            month = node.start[1]
            return {row for row in rows if months[row] == month}
        low = (node.start[1], node.start[2] or 1) if node.start else (1, 1)
        high = (node.end[1], node.end[2] or 31) if node.end else (12, 31)
        return {row for row in rows if months[row] and low <= (months[row], days[row] or 1) <= high}
    points = index.date_points  # None for dates given without a year: they never match a year
    low = (node.start[0], node.start[1] or 1, node.start[2] or 1) if node.start else (0, 0, 0)
    high = (node.end[0], node.end[1] or 12, node.end[2] or 31) if node.end else (9999, 12, 31)
    return {row for row in rows if (point := points[row]) is not None and low <= point <= high}


def _age_rows(node: Changed, context: _Context, candidates: set[int] | None) -> set[int]:
    """Rows changed (``changed:``) or added (``added:``) within the age, or
    longer ago; rows without such a time match neither."""
    index = context.index
    if node.field == "added":  # a column, its times read when the index was built
        times: list[float | None] | dict[int, float | None] = index.added_times
        rows = range(len(times)) if candidates is None else candidates
    else:  # only the touched rows have a time; they change often, so read here
        times = {row: seconds_of(state.changed) for row, state in index.states.items()}
        rows = times.keys() if candidates is None else candidates & times.keys()
    cutoff = context.now.timestamp() - node.seconds
    if node.within:
        return {row for row in rows if (when := times[row]) is not None and when >= cutoff}
    return {row for row in rows if (when := times[row]) is not None and when < cutoff}


def _source_rows(node: Source, index: SearchIndex, candidates: set[int] | None) -> set[int]:
    """Rows whose source file name or format contains the text."""
    sources, text = index.sources, node.text
    rows = range(len(sources)) if candidates is None else candidates
    return {row for row in rows if text in sources[row]}
