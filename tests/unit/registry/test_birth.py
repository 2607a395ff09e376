"""Dates of birth keep their precision; impossible ones are refused with the field named."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.registry.domain.birth import BirthDate, BirthPrecision
from puente.shared.errors import InvalidInput

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "precision", "parts"),
    [
        ("1990-05-17", BirthPrecision.EXACT, (1990, 5, 17)),
        ("1990-05", BirthPrecision.YEAR_MONTH, (1990, 5, None)),
        ("1990", BirthPrecision.YEAR, (1990, None, None)),
    ],
)
def test_precision_follows_what_was_given(
    text: str, precision: BirthPrecision, parts: tuple[int, int | None, int | None]
) -> None:
    birth = BirthDate.parse(text, TODAY)
    assert (birth.year, birth.month, birth.day) == parts
    assert birth.precision is precision
    assert birth.isoformat() == text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("17/05/1990", "YYYY-MM-DD"),
        ("1990-13-01", "month 13"),
        ("2023-02-29", "not a real date"),
        ("2027-01-01", "future"),
        ("1850", "more than 120"),
    ],
)
def test_impossible_dates_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as error:
        BirthDate.parse(text, TODAY, field="members.0.birth_date")
    assert error.value.problems[0].field == "members.0.birth_date"
    assert fragment in error.value.problems[0].message


def test_estimated_age_keeps_only_the_year() -> None:
    birth = BirthDate.from_estimated_age(7, TODAY)
    assert (birth.year, birth.month, birth.day, birth.precision) == (
        2019,
        None,
        None,
        BirthPrecision.ESTIMATED_AGE,
    )
    with pytest.raises(InvalidInput):
        BirthDate.from_estimated_age(130, TODAY)


def test_age_on_a_date() -> None:
    assert BirthDate.parse("2008-11-24", TODAY).age_on(TODAY) == 17
    assert BirthDate.parse("2008-11-23", TODAY).age_on(TODAY) == 18


@given(st.dates(min_value=date(1910, 1, 1), max_value=TODAY))
def test_exact_dates_round_trip(day: date) -> None:
    birth = BirthDate.parse(day.isoformat(), TODAY)
    assert birth.isoformat() == day.isoformat()
    assert birth.age_on(TODAY) >= 0
