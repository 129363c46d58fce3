"""Periods that figures cover, written the way a map and the command line write them, and the days they span.

    2026            the year
    2026-Q3         a quarter
    2026-07         a month
    2026-07-01..2026-09-30   any days, both included

On the command line a period may also be named relative to a day (today): `this-month`, `last-month`,
`this-quarter`, `last-quarter`, `this-year`, `last-year`; it is written into a map as one of the forms above.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .i18n import tr

PeriodKind = Literal["year", "quarter", "month", "days"]

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAYS = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_PATTERN = r"^\d{4}(-[Qq][1-4]|-\d{2}|-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})?$"
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
RELATIVE = ("this-month", "last-month", "this-quarter", "last-quarter", "this-year", "last-year")
FORMS = "2026, 2026-Q3, 2026-07 or 2026-07-01..2026-09-30"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first: date
    last: date
    """The last day, included."""

    @property
    def written(self) -> str:
        """As a map writes it: `2026-Q3`."""
        if self.kind == "year":
            return f"{self.first.year}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.first.year}-{self.first.month:02d}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    @property
    def quarter(self) -> int:
        return (self.first.month - 1) // 3 + 1


def parse_day(text: str) -> date:
    """`2026-12-03` -> the day; ValueError when it is no day of the calendar."""
    if not _DAY.match(text):
        raise ValueError(tr("'{text}' is not a day written YYYY-MM-DD, e.g. 2025-03-31", text=text[:40]))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(tr("'{text}' is not a day of the calendar", text=text)) from None


def parse_period(text: str) -> Period:
    """A period as a map writes it; ValueError saying how to write it otherwise."""
    text = text.strip()
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period("year", date(year, 1, 1), date(year, 12, 31))
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        first = date(year, 3 * quarter - 2, 1)
        return Period("quarter", first, _month_end(date(year, 3 * quarter, 1)))
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(tr("{text}: there is no month {month}", text=text, month=month))
        return Period("month", date(year, month, 1), _month_end(date(year, month, 1)))
    if match := _DAYS.match(text):
        first, last = parse_day(match[1]), parse_day(match[2])
        if last < first:
            raise ValueError(tr("{text}: the period ends before it starts", text=text))
        return Period("days", first, last)
    raise _NotAPeriod(tr("a period is written {forms}, not '{text}'", forms=FORMS, text=text[:40]))


class _NotAPeriod(ValueError):
    """A text in none of the forms of a period (not a period of a form with a wrong month or order)."""


def check_period(text: str) -> str:
    """For the model: the text when it is a period, else ValueError."""
    parse_period(text)
    return text


def check_day(text: str) -> str:
    """For the model: the text when it is a day, else ValueError."""
    parse_day(text)
    return text


def resolve(text: str, today: date) -> Period:
    """A period from the command line: as a map writes it, or relative to `today` (`last-quarter`)."""
    if text in RELATIVE:
        which, _, unit = text.partition("-")
        if unit == "month":
            first = today.replace(day=1)
            if which == "last":
                first = (first - timedelta(days=1)).replace(day=1)
            return parse_period(f"{first.year}-{first.month:02d}")
        if unit == "quarter":
            quarter = (today.month - 1) // 3 + 1
            year = today.year
            if which == "last":
                quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
            return parse_period(f"{year}-Q{quarter}")
        return parse_period(str(today.year - (which == "last")))
    try:
        return parse_period(text)
    except _NotAPeriod as error:
        close = difflib.get_close_matches(text, RELATIVE, n=1, cutoff=0.6)
        named = (
            tr("did you mean '{name}'?", name=close[0])
            if close
            else tr("or name one: {names}", names=", ".join(RELATIVE))
        )
        raise ValueError(f"{error} ({named})") from None


def days(first: date, last: date) -> Period:
    """The period from `first` to `last` in its shortest form (`2026-Q3` for the days of the third quarter)."""
    if last < first:
        raise ValueError(tr("the period ends before it starts"))
    for candidate in (
        f"{first.year}",
        f"{first.year}-Q{(first.month - 1) // 3 + 1}",
        f"{first.year}-{first.month:02d}",
    ):
        period = parse_period(candidate)
        if (period.first, period.last) == (first, last):
            return period
    return Period("days", first, last)


def _month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)
