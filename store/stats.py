"""Reading statistics: what the reader read and decided, and when.

Everything comes from the reader's state: each paper's status history holds
every status change with its time (:attr:`ReaderState.history
<readlist.store.models.ReaderState.history>`). A *decision* is a paper leaving
``new`` (queued, skipped, read, being read), counted once each time it leaves
``new``; a *read* is a change to ``read``. Weeks start on Monday (ISO 8601),
days and weeks are UTC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from readlist.store.bundled import seed_names
from readlist.store.models import Status

if TYPE_CHECKING:
    from readlist.store.library import Library

#: Weeks the chart covers (this one and the 51 before it).
WEEKS = 52
#: Days the triage pace lists one by one.
DAYS = 14
#: Most tags and sources listed.
TOP = 8
#: The source the bundled papers are counted under (each comes from one of several seed files).
BUNDLED = "the bundled catalogue"


@dataclass(frozen=True)
class Week:
    """One week's reading: ``start`` its Monday, ``read`` papers marked read, ``decided`` decisions."""

    start: date
    read: int
    decided: int


@dataclass(frozen=True)
class Statistics:
    """The reader's statistics (see the module docstring).

    Attributes:
        weeks: the last :data:`WEEKS` weeks, oldest first (the last is this week).
        statuses: papers of each status, in :class:`Status` order.
        tags: the busiest tags with their papers, most first (at most :data:`TOP`).
        sources: the busiest sources (file or feed the papers came from) as
            ``(source, papers, decided)``, most papers first (at most :data:`TOP`).
        days: decisions on each of the last :data:`DAYS` days, oldest first.
        pace_week: decisions per day over the last 7 days.
        pace_month: decisions per day over the last 30 days.
        decided: decisions ever made.
    """

    weeks: list[Week]
    statuses: dict[str, int]
    tags: list[tuple[str, int]]
    sources: list[tuple[str, int, int]]
    days: list[tuple[date, int]]
    pace_week: float
    pace_month: float
    decided: int

    def to_json(self) -> dict[str, Any]:
        """The statistics as JSON-ready data (``readlist stats --json``)."""
        return {
            "weeks": [{"start": w.start.isoformat(), "read": w.read, "decided": w.decided} for w in self.weeks],
            "statuses": self.statuses,
            "tags": [{"tag": tag, "papers": count} for tag, count in self.tags],
            "sources": [{"source": s, "papers": n, "decided": d} for s, n, d in self.sources],
            "days": [{"day": day.isoformat(), "decided": count} for day, count in self.days],
            "pace": {"last_7_days": round(self.pace_week, 2), "last_30_days": round(self.pace_month, 2)},
            "decided": self.decided,
        }

    def lines(self) -> list[str]:
        """The statistics as text lines (``readlist stats``, and the statistics screen under its chart)."""
        lines = ["Papers: " + " · ".join(f"{count} {status}" for status, count in self.statuses.items())]
        recent = [w for w in self.weeks if w.read or w.decided]
        lines.append(f"Read in the last {len(self.weeks)} weeks: {sum(w.read for w in self.weeks)} "
                     f"(this week {self.weeks[-1].read}); decided: {sum(w.decided for w in self.weeks)} "
                     f"(this week {self.weeks[-1].decided})")
        for week in recent[-8:]:
            lines.append(f"  week of {week.start.isoformat()}: {week.read} read, {week.decided} decided")
        lines.append(f"Triage pace: {self.pace_week:.1f} papers decided per day over 7 days, "
                     f"{self.pace_month:.1f} over 30 days ({self.decided} decided in all)")
        lines.append("Busiest tags: " + (", ".join(f"#{tag} {count}" for tag, count in self.tags) or "none yet"))
        lines.append("Busiest sources:")
        lines += [f"  {source}: {papers} papers, {decided} decided" for source, papers, decided in self.sources]
        return lines


def _day(iso: str) -> date | None:
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).date()


def events(library: Library) -> tuple[list[date], list[date], set[str]]:
    """The days of every decision and every read, and the ids of the papers ever decided."""
    decided, read, who = [], [], set()
    for paper_id, state in dict(library.touched()).items():
        before = Status.NEW
        for status, when in state.history:
            day = _day(when)
            if day is not None and status != before:
                if before == Status.NEW and status != Status.NEW:
                    decided.append(day)
                    who.add(paper_id)
                if status == Status.READ:
                    read.append(day)
            before = status
    return decided, read, who


def statistics(library: Library, today: date | None = None) -> Statistics:
    """The statistics of ``library``.

    Args:
        library: the library.
        today: the day counted as today (default: today, UTC).
    """
    today = today or datetime.now(UTC).date()
    decided, read, who = events(library)
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=WEEKS - 1)
    week_of = lambda day: (day - first).days // 7  # noqa: E731
    read_weeks = Counter(week_of(day) for day in read if first <= day <= today)
    decided_weeks = Counter(week_of(day) for day in decided if first <= day <= today)
    weeks = [Week(first + timedelta(weeks=i), read_weeks[i], decided_weeks[i]) for i in range(WEEKS)]
    per_day = Counter(decided)
    days = [(today - timedelta(days=n), per_day[today - timedelta(days=n)]) for n in range(DAYS - 1, -1, -1)]

    def pace(length: int) -> float:
        return sum(per_day[today - timedelta(days=n)] for n in range(length)) / length

    counts = library.status_counts()
    docs = library.stored_papers()
    bundled = seed_names()

    def source_of(doc: dict) -> str:
        source = doc.get("source") or "(unknown)"
        return BUNDLED if source in bundled else source

    papers = Counter(source_of(doc) for doc in docs.values())
    decided_from = Counter(source_of(docs[pid]) for pid in who if pid in docs)
    sources = [(source, n, decided_from[source]) for source, n in papers.most_common(TOP)]
    return Statistics(weeks, {str(status): counts[status] for status in Status}, library.tag_counts().most_common(TOP),
                      sources, days, pace(7), pace(30), len(decided))
