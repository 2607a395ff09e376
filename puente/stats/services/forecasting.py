"""Monthly encounter forecasts with prediction intervals (seasonal ARIMA on log counts) and
their rolling-origin backtest against the seasonal-naive baseline."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from puente.shared.errors import InvalidInput
from puente.stats.domain.fiscal import add_months, fiscal_year_of
from puente.stats.domain.forecasting import SEASON, BacktestResult, backtest
from puente.stats.domain.series import SERIES_DESCRIPTIONS, Series
from puente.stats.services.ports import QueryStore
from puente.stats.services.reports import monthly_totals
from puente.stats.services.tables import Column, ReportTable

# Below five years the seasonal difference would eat too much of a short history, so short
# series get a stationary seasonal AR model with a constant instead: it had the lowest
# six-month backtest error of the seasonal variants tried (docs/stats.md lists them).
LONG_HISTORY = 60
MIN_HISTORY = 2 * SEASON
MAX_HORIZON = 24


@dataclass(frozen=True)
class ModelSpec:
    order: tuple[int, int, int]
    seasonal_order: tuple[int, int, int, int]
    trend: str | None

    def describe(self) -> str:
        p, d, q = self.order
        sp, sd, sq, s = self.seasonal_order
        constant = " with constant" if self.trend else ""
        return f"SARIMA({p},{d},{q})({sp},{sd},{sq})[{s}] on log counts{constant}"


def model_for(length: int) -> ModelSpec:
    if length >= LONG_HISTORY:
        return ModelSpec((1, 1, 0), (0, 1, 1, SEASON), None)
    return ModelSpec((1, 0, 0), (1, 0, 0, SEASON), "c")


@dataclass(frozen=True)
class ForecastPoint:
    month: date
    point: float
    lower_80: float
    upper_80: float
    lower_95: float
    upper_95: float


def _fit(history: Sequence[float]) -> object:
    if len(history) < MIN_HISTORY:
        raise InvalidInput.single("history", f"need at least {MIN_HISTORY} months to forecast")
    if min(history) <= 0:
        raise InvalidInput.single("history", "counts must be positive to model on a log scale")
    # statsmodels takes seconds to import; load it only when a forecast is actually made.
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    spec = model_for(len(history))
    model = SARIMAX(
        np.log(np.asarray(history, dtype=float)),
        order=spec.order,
        seasonal_order=spec.seasonal_order,
        trend=spec.trend,
    )
    with warnings.catch_warnings():
        # Short, turbulent series make the optimiser complain; the backtest is the judge.
        warnings.simplefilter("ignore")
        return model.fit(disp=False)


def sarima_forecast(history: Sequence[float], horizon: int) -> list[float]:
    """Point forecasts (the median, exp of the log-scale mean) for the next ``horizon`` months."""
    fitted = _fit(history)
    return [float(v) for v in np.exp(fitted.forecast(horizon))]  # type: ignore[attr-defined]


def forecast_points(
    history: Sequence[float], last_month: date, horizon: int
) -> list[ForecastPoint]:
    if not 1 <= horizon <= MAX_HORIZON:
        raise InvalidInput.single("horizon", f"must be between 1 and {MAX_HORIZON} months")
    prediction = _fit(history).get_forecast(horizon)  # type: ignore[attr-defined]
    mean = np.exp(prediction.predicted_mean)
    band_80 = np.exp(prediction.conf_int(alpha=0.2))
    band_95 = np.exp(prediction.conf_int(alpha=0.05))
    return [
        ForecastPoint(
            add_months(last_month, step + 1),
            float(mean[step]),
            float(band_80[step, 0]),
            float(band_80[step, 1]),
            float(band_95[step, 0]),
            float(band_95[step, 1]),
        )
        for step in range(horizon)
    ]


def _history(store: QueryStore, series: Series, region: str | None) -> tuple[list[float], date]:
    points = monthly_totals(store, series, region)
    if not points:
        raise InvalidInput.single("series", f"no monthly figures for {series.value}")
    return [float(p.value) for p in points], points[-1].month


def forecast_report(
    store: QueryStore, series: Series, region: str | None, horizon: int
) -> tuple[ReportTable, list[ForecastPoint]]:
    history, last_month = _history(store, series, region)
    points = forecast_points(history, last_month, horizon)
    table = ReportTable(
        title=f"Forecast of monthly {series.value}, next {horizon} months",
        columns=(
            Column("month", "Month", "#date+month+forecast"),
            Column("fiscal_year", "Fiscal year", "#date+year+fiscal"),
            Column("forecast", "Forecast", "#indicator+forecast+num", numeric=True),
            Column("lower_80", "80% interval, low", "#indicator+forecast+min+pi80", True),
            Column("upper_80", "80% interval, high", "#indicator+forecast+max+pi80", True),
            Column("lower_95", "95% interval, low", "#indicator+forecast+min+pi95", True),
            Column("upper_95", "95% interval, high", "#indicator+forecast+max+pi95", True),
        ),
        rows=[
            (
                p.month.isoformat()[:7],
                fiscal_year_of(p.month),
                round(p.point),
                round(p.lower_80),
                round(p.upper_80),
                round(p.lower_95),
                round(p.upper_95),
            )
            for p in points
        ],
        notes=(
            f"Series: {SERIES_DESCRIPTIONS[series]}; region: {region or 'all regions'}.",
            f"Model: {model_for(len(history)).describe()}, fitted on {len(history)} months "
            f"to {last_month.isoformat()[:7]}.",
            "Intervals assume the future behaves like the past; policy changes (such as the end "
            "of Title 42) break that assumption.",
        ),
    )
    return table, points


def backtest_series(
    store: QueryStore,
    series: Series,
    region: str | None,
    horizon: int,
    min_train: int,
    step: int = 1,
) -> BacktestResult:
    """Rolling-origin MAPE of the forecast model and of the seasonal-naive baseline."""
    history, _ = _history(store, series, region)
    if min_train < MIN_HISTORY:
        raise InvalidInput.single("min_train", f"must be at least {MIN_HISTORY} months")
    return backtest(history, sarima_forecast, horizon, min_train, step)
