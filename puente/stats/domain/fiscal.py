"""US federal fiscal-year arithmetic: FY N runs from 1 October of N-1 to 30 September of N."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTH_ABBREVIATIONS = (
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
)  # fmt: skip
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
FISCAL_YEAR_START_MONTH = 10


def fiscal_year_of(day: date) -> int:
    """The fiscal year a calendar day belongs to (October starts the next fiscal year)."""
    return day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year


def calendar_year_of(fiscal_year: int, month: int) -> int:
    """The calendar year of a month (1–12) within a fiscal year."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, got {month}")
    return fiscal_year - 1 if month >= FISCAL_YEAR_START_MONTH else fiscal_year


def month_start(fiscal_year: int, month: int) -> date:
    """The first day of a month given as (fiscal year, calendar month number)."""
    return date(calendar_year_of(fiscal_year, month), month, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``day`` (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of days, e.g. the months a policy was in force."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
