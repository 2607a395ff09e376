"""Forecasts on the real southwest series: nested intervals, and a backtest with both errors."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from puente.shared.errors import InvalidInput
from puente.stats.adapters.store import open_store
from puente.stats.domain.series import SOUTHWEST, Series
from puente.stats.services.forecasting import backtest_series, forecast_report


def test_forecast_continues_after_the_last_month_with_nested_intervals(
    imported_store: Path,
) -> None:
    with open_store(imported_store, read_only=True) as store:
        table, points = forecast_report(store, Series.CBP_ENCOUNTERS, SOUTHWEST, 6)
    assert [p.month for p in points][:2] == [date(2023, 10, 1), date(2023, 11, 1)]
    assert len(table.rows) == 6
    for p in points:
        assert 0 < p.lower_95 <= p.lower_80 <= p.point <= p.upper_80 <= p.upper_95
    assert any("SARIMA" in note for note in table.notes)


def test_backtest_reports_model_and_seasonal_naive_mape(imported_store: Path) -> None:
    with open_store(imported_store, read_only=True) as store:
        result = backtest_series(store, Series.CBP_ENCOUNTERS, SOUTHWEST, 6, 36, step=6)
        assert result.origins == 2
        assert math.isfinite(result.model_mape)
        assert result.model_mape > 0
        assert result.baseline_mape > 0
        with pytest.raises(InvalidInput):
            backtest_series(store, Series.CBP_ENCOUNTERS, SOUTHWEST, 6, 12)
