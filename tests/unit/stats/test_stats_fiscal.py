"""Fiscal-year arithmetic: October opens the next fiscal year."""

from __future__ import annotations

from datetime import date

import pytest

from puente.stats.domain.fiscal import (
    Period,
    add_months,
    calendar_year_of,
    fiscal_year_of,
    month_start,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2020, 9, 30), 2020), (date(2020, 10, 1), 2021), (date(2021, 3, 15), 2021)],
)
def test_fiscal_year_of(day: date, expected: int) -> None:
    assert fiscal_year_of(day) == expected


def test_month_start_puts_october_in_previous_calendar_year() -> None:
    assert month_start(2021, 10) == date(2020, 10, 1)
    assert month_start(2021, 3) == date(2021, 3, 1)
    assert calendar_year_of(2000, 12) == 1999


def test_round_trip_over_many_months() -> None:
    day = date(1999, 10, 1)
    for _ in range(300):
        assert month_start(fiscal_year_of(day), day.month) == day
        day = add_months(day, 1)


def test_month_arithmetic() -> None:
    assert add_months(date(2020, 11, 1), 3) == date(2021, 2, 1)
    assert add_months(date(2020, 1, 1), -1) == date(2019, 12, 1)
    with pytest.raises(ValueError, match="1–12"):
        calendar_year_of(2021, 13)


def test_period_refuses_to_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2021, 1, 2), date(2021, 1, 1))
