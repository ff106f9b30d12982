"""Paper dates as sources give them, read into year, month and day.

Listings write dates many ways: ``Oct 13`` (Hugging Face omits the year of the
current year), ``Dec 9, 2024``, ``2024-03-01``, ``2024-03``, ``2024``,
``13 October 2024``. :func:`parse_date` reads each into a :class:`PaperDate`
whose missing parts stay ``None``: a date given without a year never gets one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: The months in English, January first: each one's full name, then its abbreviations, the
#: three-letter one first. (English whatever the locale, unlike :data:`calendar.month_name`.)
#: Every other month table (the BibTeX month macros, the month pattern of Daily Papers
#: listings, the BibTeX export's ``month`` values) is made from this one.
MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May", "May"),
    ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept"),
    ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
)
#: Month names and abbreviations, lower case -> month number (the query language uses it too).
MONTHS = {name.lower(): number for number, names in enumerate(MONTH_NAMES, start=1) for name in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_FORMS = [
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?$"),  # Oct 13, 2024
    re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$"),  # 13 Oct 2024
    re.compile(rf"^{_MONTH}\s+(?P<year>\d{{4}})$"),  # October 2024
    re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?(?:[T ].*)?$"),  # 2024-03-01
]


@dataclass(frozen=True, order=True)
class PaperDate:
    """A date with the parts the source gave (``None`` for the others)."""

    year: int | None
    month: int | None
    day: int | None

    def sort_key(self) -> tuple[int, int, int]:
        """For sorting newest last. A date without a year sorts as the most
        recent: a listing leaves out the year of the current year."""
        return (self.year if self.year is not None else 9999, self.month or 0, self.day or 0)


@lru_cache(maxsize=4096)
def parse_date(text: str) -> PaperDate | None:
    """Read a date as a source wrote it; ``None`` when it is not a date.

    Examples: ``"Oct 13"`` -> (None, 10, 13); ``"Dec 9, 2024"`` -> (2024, 12, 9);
    ``"2024-03"`` -> (2024, 3, None).
    """
    text = " ".join(text.split())
    for form in _FORMS:
        match = form.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month = parts.get("month")
        if month is not None and not month.isdigit():
            month = MONTHS.get(month.lower())
            if month is None:
                return None
        month = int(month) if month is not None else None
        day = int(parts["day"]) if parts.get("day") else None
        year = int(parts["year"]) if parts.get("year") else None
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            return None
        return PaperDate(year, month, day)
    return None
