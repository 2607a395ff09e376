"""Dates of birth with their precision, and how two of them agree (the rules the model scores).

A registrar may write a full date, a month, a year, or an age; a repeat registration may swap
day and month or slip one digit. Agreement levels here are mirrored in SQL by the linkage model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache


class Precision(StrEnum):
    EXACT = "exact"
    YEAR_MONTH = "year_month"
    YEAR = "year"
    ESTIMATED_AGE = "estimated_age"


class DateAgreement(StrEnum):
    """How two dates of birth agree, strongest first; the order is the model's level order."""

    EXACT = "exact"
    DAY_MONTH_SWAPPED = "day_month_swapped"
    ONE_DIGIT_OFF = "one_digit_off"
    SAME_YEAR_MONTH = "same_year_month"
    SAME_YEAR_PARTIAL = "same_year_partial"
    NEAR_ESTIMATE = "near_estimate"
    SAME_YEAR = "same_year"
    DIFFERENT = "different"


# How far an age given instead of a date may put the birth year from the truth.
ESTIMATE_TOLERANCE_YEARS = 2

_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True, slots=True)
class BirthDate:
    year: int
    month: int | None
    day: int | None
    precision: Precision
    # YYYYMMDD for a full date: one slipped digit is one substitution in this string. Computed
    # once, since clustering compares the same dates many times.
    digits: str | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        full = self.precision is Precision.EXACT and self.month is not None and self.day is not None
        digits = f"{self.year:04d}{self.month:02d}{self.day:02d}" if full else None
        object.__setattr__(self, "digits", digits)


@lru_cache(maxsize=1 << 18)
def parse_birth_date(text: str | None, precision: str | None) -> BirthDate | None:
    """Read ``1990-05-17`` / ``1990-05`` / ``1990`` with its stated precision; None if unreadable.

    The precision is trusted over the text where they disagree: an estimated age is a year
    however it was written, and a date that says "year" keeps only its year.
    """
    match = _ISO_PARTIAL.match(text or "")
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    stated = _precision_from(precision, month, day)
    if stated in (Precision.YEAR, Precision.ESTIMATED_AGE):
        return BirthDate(year, None, None, stated)
    if stated is Precision.YEAR_MONTH or day is None:
        return BirthDate(year, month, None, Precision.YEAR_MONTH if month else Precision.YEAR)
    return BirthDate(year, month, day, Precision.EXACT)


def _precision_from(precision: str | None, month: int | None, day: int | None) -> Precision:
    try:
        return Precision(precision or "")
    except ValueError:
        if day is not None:
            return Precision.EXACT
        return Precision.YEAR_MONTH if month is not None else Precision.YEAR


def birth_date_from_age(age_years: int, on: date) -> BirthDate:
    """An age stated on a given day, as the estimated birth year the registry stores."""
    return BirthDate(on.year - age_years, None, None, Precision.ESTIMATED_AGE)


def compare_birth_dates(left: BirthDate, right: BirthDate) -> DateAgreement:
    """The strongest agreement level that holds between two dates of birth."""
    both_exact = left.digits is not None and right.digits is not None
    if both_exact:
        if left.digits == right.digits:
            return DateAgreement.EXACT
        if left.year == right.year and left.month == right.day and left.day == right.month:
            return DateAgreement.DAY_MONTH_SWAPPED
        if _one_substitution(left.digits or "", right.digits or ""):
            return DateAgreement.ONE_DIGIT_OFF
    partial = not both_exact
    if partial and left.year == right.year:
        if left.month is not None and left.month == right.month:
            return DateAgreement.SAME_YEAR_MONTH
        if Precision.YEAR in (left.precision, right.precision) or (
            Precision.ESTIMATED_AGE in (left.precision, right.precision)
        ):
            return DateAgreement.SAME_YEAR_PARTIAL
    if Precision.ESTIMATED_AGE in (left.precision, right.precision) and (
        abs(left.year - right.year) <= ESTIMATE_TOLERANCE_YEARS
    ):
        return DateAgreement.NEAR_ESTIMATE
    if left.year == right.year:
        return DateAgreement.SAME_YEAR
    return DateAgreement.DIFFERENT


def _one_substitution(left: str, right: str) -> bool:
    return len(left) == len(right) and sum(a != b for a, b in zip(left, right, strict=True)) == 1


def dates_compatible(left: BirthDate | None, right: BirthDate | None) -> bool:
    """Whether two dates of birth could be one person's, allowing every recording slip above."""
    if left is None or right is None:
        return True
    return compare_birth_dates(left, right) not in (
        DateAgreement.DIFFERENT,
        DateAgreement.SAME_YEAR,
    )
