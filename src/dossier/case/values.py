"""The values a case states: dates known to some precision, times of day, and counts as stated.

Kept apart from the rest of the case model because the layout reads them too (in the
dossier's metadata and charts) and should not have to load the whole case model to do so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["time", "day", "month", "year", "range"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    _SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError saying what is wrong."""
        match = cls._SHAPE.fullmatch(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        year = int(match[1])
        month = int(match[2]) if match[2] else None
        day = int(match[3]) if match[3] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if month is not None and day is not None:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                raise ValueError(f"'{text}' is not a real date: {calendar.month_name[month]} {year} "
                                 f"has {days} days")
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        parts += [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)


@dataclass(frozen=True, order=True)
class Time:
    """A local time of day, to the minute."""

    hour: int
    minute: int

    @classmethod
    def parse(cls, text: str) -> Time:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"'{text}' is not a time; write \"HH:MM\" (24-hour, quoted)")
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True, kw_only=True)
class FigureValue:
    """A figure's typed value: what the source's words (a figure's `as_given`) mean as a number.

    A count is exact, a bound, about, a range, or only a word ("dozens"), which has no number;
    a proportion is a percentage or a ratio ("9 of 10"). The dossier prints the source's words;
    the typed value only orders and compares them.
    """

    kind: Literal["exact", "at_least", "more_than", "about", "range", "word", "percent", "ratio"]
    low: int | None = None  # the number; a range's low end; a ratio's part
    high: int | None = None  # a range's high end; a ratio's whole
    word: str | None = None

    @property
    def least(self) -> int | None:
        """The least count the value can mean ("more than 100": 101); None for a word or a proportion."""
        if self.kind in ("word", "percent", "ratio") or self.low is None:
            return None
        return self.low + 1 if self.kind == "more_than" else self.low

    @property
    def most(self) -> int | None:
        """The greatest count it states (a range's high end), or its least."""
        return self.high if self.kind == "range" else self.least

    def __str__(self) -> str:
        if self.kind == "exact":
            return str(self.low)
        if self.kind == "range":
            return f"{self.low}-{self.high}"
        if self.kind == "word":
            return str(self.word)
        if self.kind == "percent":
            return f"{self.low}%"
        if self.kind == "ratio":
            return f"{self.low} of {self.high}"
        return f"{self.kind.replace('_', ' ')} {self.low}"
