"""Partial dates: a year, a month or a day, printed at the precision written.

In: the raw text of a YAML scalar (`2021`, `2021-08`, `2021-08-15`).
Out: `PDate`, ordered so that a coarser date sorts before a finer date inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)\d")
# The months' names in English: for messages, and for the English labels (`briefing.labels`).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True, slots=True, order=True)
class PDate:
    """A date known to a year, a month or a day. Month/day 0 means unknown."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)

    @property
    def first(self) -> tuple[int, int, int]:
        """The first day of the period the date names (2021-08 -> 2021-08-01)."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> tuple[int, int, int]:
        """The last day of the period the date names (2021 -> 2021-12-31, 2021-02 -> 2021-02-28)."""
        month = self.month or 12
        return (self.year, month, self.day or _days_in(self.year, month))

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso()


def parse_date(raw: str) -> PDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError with a reason."""
    text = raw.strip()
    if _TIME.match(text):
        raise ValueError("a date may not have a time of day (write YYYY-MM-DD)")
    m = _DATE.fullmatch(text)
    if not m:
        raise ValueError("not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)" + _reordered(text))
    year = int(m[1])
    month = int(m[2]) if m[2] else 0
    day = int(m[3]) if m[3] else 0
    if m[2] and not 1 <= month <= 12:
        raise ValueError(f"month {m[2]} is out of range (01-12)")
    if m[3] and not 1 <= day <= _days_in(year, month):
        raise ValueError(f"day {m[3]} is out of range for {MONTHS[month - 1]} {year}")
    if year < 1:
        raise ValueError("year 0000 is not a date")
    return PDate(year, month, day)


# A date written in another order or with other separators: 26/07/2023, 07/2023, 2023/07/26, 26.07.2023.
@cache
def _other() -> re.Pattern[str]:
    """(Compiled when a date is first written another way: start-up time.)"""
    return re.compile(r"(?:(\d{1,2})[/.\- ])?(\d{1,2})[/.\- ](\d{4})|(\d{4})[/. ](\d{1,2})(?:[/. ](\d{1,2}))?")


def _reordered(text: str) -> str:
    """`; write 2023-07-26` for a date written another way, when what it means can be told."""
    m = _other().fullmatch(text)
    if m is None:
        return ""
    if m[4]:  # year first, other separators
        year, month, day = int(m[4]), int(m[5]), int(m[6] or 0)
        good = 1 <= month <= 12 and day <= _days_in(year, month)
        return f"; write {PDate(year, month, day).iso()}" if good else ""
    year, a, b = int(m[3]), int(m[1] or 0), int(m[2])
    if not a:  # month and year
        return f"; write {year:04d}-{b:02d}" if 1 <= b <= 12 else ""
    if a > 12 and 1 <= b <= 12 and a <= _days_in(year, b):  # day first
        return f"; write {year:04d}-{b:02d}-{a:02d}"
    if b > 12 and 1 <= a <= 12 and b <= _days_in(year, a):  # month first
        return f"; write {year:04d}-{a:02d}-{b:02d}"
    if 1 <= a <= 12 and 1 <= b <= 12:  # either order: say both
        if a == b:
            return f"; write {year:04d}-{a:02d}-{a:02d}"
        return (f"; write {year:04d}-{b:02d}-{a:02d} ({a} {MONTHS[b - 1]}) or {year:04d}-{a:02d}-{b:02d} "
                f"({b} {MONTHS[a - 1]})")
    return ""


def _days_in(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar (as the calendar module counts)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
