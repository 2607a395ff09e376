"""Forecast evaluation maths: MAPE, seasonal naive, rolling-origin backtests."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from puente.stats.domain.forecasting import (
    backtest,
    mape,
    rolling_origins,
    seasonal_naive,
)


def test_mape() -> None:
    assert mape([100, 200], [110, 180]) == pytest.approx(10.0)
    with pytest.raises(ValueError, match="zero"):
        mape([0, 1], [1, 1])
    with pytest.raises(ValueError, match="same length"):
        mape([1], [1, 2])


def test_seasonal_naive_repeats_last_season() -> None:
    history = list(range(1, 25))
    assert seasonal_naive(history, 14) == [*range(13, 25), 13, 14]
    with pytest.raises(ValueError, match="at least 12"):
        seasonal_naive([1.0] * 11, 1)


def test_rolling_origins_leave_room_for_the_horizon() -> None:
    assert rolling_origins(30, 6, 20) == [20, 21, 22, 23, 24]
    assert rolling_origins(30, 6, 20, step=2) == [20, 22, 24]


def test_backtest_of_a_perfect_seasonal_series_favours_nothing() -> None:
    series = [float(10 + month % 12) for month in range(48)]
    result = backtest(series, seasonal_naive, horizon=6, min_train=24)
    assert result.model_mape == pytest.approx(0.0)
    assert result.baseline_mape == pytest.approx(0.0)
    assert result.origins == 19


def test_backtest_scores_model_and_baseline_on_the_same_months() -> None:
    series = [100.0 + 10 * month for month in range(36)]

    def drift(history: Sequence[float], horizon: int) -> list[float]:
        step = (history[-1] - history[0]) / (len(history) - 1)
        return [history[-1] + step * (h + 1) for h in range(horizon)]

    result = backtest(series, drift, horizon=3, min_train=24)
    assert result.model_mape == pytest.approx(0.0)
    assert result.baseline_mape > 20
    assert result.skill == pytest.approx(1.0)
