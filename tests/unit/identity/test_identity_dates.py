"""Dates of birth with their precision, and every agreement rule between two of them."""

from __future__ import annotations

from datetime import date

import pytest

from puente.identity.domain.dates import (
    BirthDate,
    DateAgreement,
    Precision,
    birth_date_from_age,
    compare_birth_dates,
    dates_compatible,
    parse_birth_date,
)


def _d(text: str, precision: str = "exact") -> BirthDate:
    parsed = parse_birth_date(text, precision)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("text", "precision", "expected"),
    [
        ("1990-05-17", "exact", BirthDate(1990, 5, 17, Precision.EXACT)),
        ("1990-05", "year_month", BirthDate(1990, 5, None, Precision.YEAR_MONTH)),
        ("1990", "year", BirthDate(1990, None, None, Precision.YEAR)),
        ("1990", "estimated_age", BirthDate(1990, None, None, Precision.ESTIMATED_AGE)),
        ("1990-05-17", "year", BirthDate(1990, None, None, Precision.YEAR)),
        ("1990-05", "", BirthDate(1990, 5, None, Precision.YEAR_MONTH)),
    ],
)
def test_parse_keeps_the_stated_precision(text: str, precision: str, expected: BirthDate) -> None:
    assert parse_birth_date(text, precision) == expected


@pytest.mark.parametrize("text", ["", "unknown", "17/05/1990"])
def test_unreadable_dates_are_none(text: str) -> None:
    assert parse_birth_date(text, "exact") is None


def test_age_instead_of_date_becomes_an_estimated_year() -> None:
    assert birth_date_from_age(33, date(2023, 5, 11)) == BirthDate(
        1990, None, None, Precision.ESTIMATED_AGE
    )


@pytest.mark.parametrize(
    ("left", "right", "agreement"),
    [
        (_d("1990-05-17"), _d("1990-05-17"), DateAgreement.EXACT),
        (_d("1990-05-07"), _d("1990-07-05"), DateAgreement.DAY_MONTH_SWAPPED),
        (_d("1990-05-17"), _d("1991-05-17"), DateAgreement.ONE_DIGIT_OFF),
        (_d("1990-05-17"), _d("1990-05-18"), DateAgreement.ONE_DIGIT_OFF),
        (_d("1990-05-17"), _d("1990-05", "year_month"), DateAgreement.SAME_YEAR_MONTH),
        (_d("1990-05-17"), _d("1990", "year"), DateAgreement.SAME_YEAR_PARTIAL),
        (_d("1990-05-17"), _d("1992", "estimated_age"), DateAgreement.NEAR_ESTIMATE),
        (_d("1990-05-17"), _d("1990-11-30"), DateAgreement.SAME_YEAR),
        (_d("1990-05-17"), _d("1985-01-02"), DateAgreement.DIFFERENT),
        (_d("1990-05-17"), _d("1996", "estimated_age"), DateAgreement.DIFFERENT),
    ],
)
def test_agreement_levels(left: BirthDate, right: BirthDate, agreement: DateAgreement) -> None:
    assert compare_birth_dates(left, right) is agreement
    assert compare_birth_dates(right, left) is agreement


def test_compatibility_allows_recording_slips_but_not_other_dates() -> None:
    assert dates_compatible(_d("1990-05-07"), _d("1990-07-05"))
    assert dates_compatible(_d("1990-05-17"), None)
    assert not dates_compatible(_d("1990-05-17"), _d("1990-11-30"))
    assert not dates_compatible(_d("1990-05-17"), _d("1970-05-17", "year"))
