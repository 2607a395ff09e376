"""Like-with-like comparisons: "highest since" names the series on both sides."""

from __future__ import annotations

from datetime import date

import pytest

from puente.stats.domain.series import (
    MonthValue,
    Series,
    highest_since,
    percent_change,
    relative_difference,
)

HISTORY = [
    MonthValue(date(2000, 3, 1), 220),
    MonthValue(date(2000, 4, 1), 180),
    MonthValue(date(2000, 5, 1), 166),
    MonthValue(date(2001, 3, 1), 170),
]

HISTORY_LARGE = [MonthValue(date(2000, 3, 1), 220_063), MonthValue(date(2000, 4, 1), 180_050)]


def test_last_higher_month_is_reported_with_both_series() -> None:
    result = highest_since(
        date(2021, 3, 1), 173, Series.CBP_ENCOUNTERS, HISTORY, Series.USBP_APPREHENSIONS
    )
    assert result.last_higher == MonthValue(date(2000, 4, 1), 180)
    assert not result.like_with_like
    assert result.months_compared == 4
    assert result.history_start == date(2000, 3, 1)


def test_record_has_no_higher_month() -> None:
    result = highest_since(
        date(2021, 3, 1), 500, Series.USBP_APPREHENSIONS, HISTORY, Series.USBP_APPREHENSIONS
    )
    assert result.last_higher is None
    assert result.like_with_like


def test_later_months_are_not_history() -> None:
    with pytest.raises(ValueError, match="no history"):
        highest_since(date(1999, 1, 1), 1, Series.CBP_ENCOUNTERS, HISTORY, Series.CBP_ENCOUNTERS)


def test_percent_change_and_relative_difference() -> None:
    assert percent_change(100, 150) == pytest.approx(50.0)
    assert percent_change(0, 5) is None
    assert percent_change(None, 5) is None
    assert relative_difference(100, 95) == pytest.approx(0.05)
    assert relative_difference(0, 0) == 0.0


def test_reading_names_both_series() -> None:
    mixed = highest_since(
        date(2021, 3, 1), 173_277, Series.CBP_ENCOUNTERS, HISTORY_LARGE, Series.USBP_APPREHENSIONS
    )
    assert mixed.reading() == (
        "2021-03, 173,277 (cbp-encounters): highest since 2000-04 in usbp-apprehensions "
        "(180,050 then)"
    )
    record = highest_since(
        date(2021, 3, 1), 300_000, Series.CBP_ENCOUNTERS, HISTORY_LARGE, Series.CBP_ENCOUNTERS
    )
    assert record.reading().endswith("highest in cbp-encounters since it starts (2000-03)")
