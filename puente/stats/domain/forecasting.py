"""Forecast evaluation maths: error measures, the seasonal-naive baseline, rolling origins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SEASON = 12  # monthly data

# A forecaster takes the history up to an origin and a horizon and returns point forecasts.
Forecaster = Callable[[Sequence[float], int], Sequence[float]]


def mape(actual: Sequence[float], predicted: Sequence[float]) -> float:
    """Mean absolute percentage error, in percent; months with a zero actual are refused."""
    if len(actual) != len(predicted) or not actual:
        raise ValueError("MAPE needs two non-empty sequences of the same length")
    if any(value == 0 for value in actual):
        raise ValueError("MAPE is undefined where the actual value is zero")
    return (
        100.0 * sum(abs((a - p) / a) for a, p in zip(actual, predicted, strict=True)) / len(actual)
    )


def seasonal_naive(history: Sequence[float], horizon: int, season: int = SEASON) -> list[float]:
    """Each future month repeats the same month one season earlier."""
    if len(history) < season:
        raise ValueError(f"seasonal naive needs at least {season} observations")
    last_season = list(history[-season:])
    return [last_season[step % season] for step in range(horizon)]


@dataclass(frozen=True)
class BacktestResult:
    """Errors of a model and of the baseline over the same rolling origins and horizon."""

    origins: int
    horizon: int
    model_mape: float
    baseline_mape: float

    @property
    def skill(self) -> float:
        """1 − model/baseline: positive when the model beats the seasonal-naive baseline."""
        return 1.0 - self.model_mape / self.baseline_mape


def rolling_origins(length: int, horizon: int, min_train: int, step: int = 1) -> list[int]:
    """Training lengths for a rolling-origin backtest, each leaving ``horizon`` months to test."""
    if min_train < 1 or horizon < 1 or step < 1:
        raise ValueError("training length, horizon and step must be positive")
    return list(range(min_train, length - horizon + 1, step))


def backtest(
    series: Sequence[float],
    model: Forecaster,
    horizon: int,
    min_train: int,
    step: int = 1,
    baseline: Forecaster = seasonal_naive,
) -> BacktestResult:
    """Fit on each growing prefix, forecast ``horizon`` months, pool the errors of both models."""
    origins = rolling_origins(len(series), horizon, min_train, step)
    if not origins:
        raise ValueError("series too short for this horizon and minimum training length")
    actual: list[float] = []
    predicted: list[float] = []
    naive: list[float] = []
    for origin in origins:
        train = series[:origin]
        actual.extend(series[origin : origin + horizon])
        predicted.extend(model(train, horizon))
        naive.extend(baseline(train, horizon))
    return BacktestResult(len(origins), horizon, mape(actual, predicted), mape(actual, naive))
