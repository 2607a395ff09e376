"""Dates of birth with the precision they were given in: exact, year and month, year, or an age."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from puente.shared.errors import InvalidInput

OLDEST_PLAUSIBLE_AGE = 120
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BirthPrecision(StrEnum):
    EXACT = "exact"
    YEAR_MONTH = "year_month"
    YEAR = "year"
    ESTIMATED_AGE = "estimated_age"


@dataclass(frozen=True)
class BirthDate:
    """What is known of a date of birth; missing parts stay missing rather than invented."""

    year: int
    month: int | None
    day: int | None
    precision: BirthPrecision

    @classmethod
    def parse(cls, text: str, today: date, field: str = "birth_date") -> BirthDate:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; refuses impossible and future dates."""
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise InvalidInput.single(field, "must be YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise InvalidInput.single(field, f"has month {month}, which does not exist")
        if day is not None:
            try:
                date(year, month or 1, day)
            except ValueError:
                raise InvalidInput.single(field, f"{text.strip()} is not a real date") from None
        precision = (
            BirthPrecision.EXACT
            if day is not None
            else BirthPrecision.YEAR_MONTH
            if month is not None
            else BirthPrecision.YEAR
        )
        birth = cls(year, month, day, precision)
        birth._check_plausible(today, field)
        return birth

    @classmethod
    def from_estimated_age(cls, age: int, today: date, field: str = "estimated_age") -> BirthDate:
        if not 0 <= age <= OLDEST_PLAUSIBLE_AGE:
            raise InvalidInput.single(field, f"must be between 0 and {OLDEST_PLAUSIBLE_AGE}")
        return cls(today.year - age, None, None, BirthPrecision.ESTIMATED_AGE)

    def _check_plausible(self, today: date, field: str) -> None:
        earliest = date(self.year, self.month or 1, self.day or 1)
        if earliest > today:
            raise InvalidInput.single(field, "is in the future")
        if today.year - self.year > OLDEST_PLAUSIBLE_AGE:
            raise InvalidInput.single(field, f"is more than {OLDEST_PLAUSIBLE_AGE} years ago")

    def isoformat(self) -> str:
        """The date with only the parts that are known (an estimate shows its year)."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def age_on(self, on: date) -> int:
        """Completed years on ``on``; unknown month and day count as mid-year (1 July)."""
        month = self.month or 7
        day = self.day or 1
        return on.year - self.year - ((on.month, on.day) < (month, day))
