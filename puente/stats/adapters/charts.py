"""Server-rendered charts (PNG or SVG bytes) for pages and exports; no JavaScript needed."""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from puente.shared.errors import InvalidInput
from puente.stats.adapters.chart_types import ChartFormat, ChartKind
from puente.stats.domain.series import SERIES_DESCRIPTIONS, TITLE_42_PERIOD, Series
from puente.stats.services import forecasting
from puente.stats.services.comparisons import refugee_ceilings
from puente.stats.services.ports import QueryStore
from puente.stats.services.reports import (
    Dimension,
    Filters,
    encounters,
    monthly_totals,
)

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False})
PALETTE = ("#123d5a", "#d1495b", "#edae49", "#66a182", "#8d6a9f", "#00798c", "#9e9e9e")


def _render(figure: Figure, fmt: ChartFormat) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format=fmt.value, dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def _dates(months: list[date]) -> npt.NDArray[np.datetime64]:
    return np.array(months, dtype="datetime64[D]")


def _month_axis(axis: Axes) -> None:
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]


def _thousands(axis: Axes) -> None:
    axis.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _shade_title_42(axis: Axes) -> None:
    axis.axvspan(
        float(mdates.date2num(TITLE_42_PERIOD.start)),  # type: ignore[no-untyped-call]
        float(mdates.date2num(TITLE_42_PERIOD.end)),  # type: ignore[no-untyped-call]
        color="#edae49",
        alpha=0.25,
        label="Title 42 in force (21 Mar 2020 – 11 May 2023)",
    )


def monthly_encounters(store: QueryStore, region: str | None, fmt: ChartFormat) -> bytes:
    """Border Patrol apprehensions FY2000–FY2020 and all CBP encounters from FY2020, as two
    separately labelled lines: they are different series and are not joined into one."""
    figure, axis = plt.subplots(figsize=(9, 3.6))
    for series, colour in (
        (Series.USBP_APPREHENSIONS, PALETTE[0]),
        (Series.CBP_ENCOUNTERS, PALETTE[1]),
    ):
        points = monthly_totals(store, series, region)
        if points:
            axis.plot(
                _dates([p.month for p in points]),
                [p.value for p in points],
                color=colour,
                linewidth=1.2,
                label=SERIES_DESCRIPTIONS[series].split(",")[0],
            )
    _shade_title_42(axis)
    axis.set_title(f"Monthly encounters, {region or 'all regions'}")
    _thousands(axis)
    axis.legend(loc="upper left", fontsize=7, frameon=False)
    return _render(figure, fmt)


def _monthly_by(store: QueryStore, dimension: Dimension, region: str | None) -> pd.DataFrame:
    frame = encounters(store, [Dimension.MONTH, dimension], Filters(region=region)).to_frame()
    frame["month"] = pd.to_datetime(frame["month"] + "-01")
    return frame.pivot_table(
        index="month", columns=dimension.value, values="encounters", aggfunc="sum", fill_value=0
    )


def demographic_mix(store: QueryStore, region: str | None, fmt: ChartFormat) -> bytes:
    wide = _monthly_by(store, Dimension.DEMOGRAPHIC, region)
    figure, axis = plt.subplots(figsize=(9, 3.6))
    axis.stackplot(
        wide.index, wide.to_numpy().T, labels=list(wide.columns), colors=PALETTE[: wide.shape[1]]
    )
    _shade_title_42(axis)
    axis.set_title(f"CBP encounters by demographic, {region or 'all regions'}")
    _month_axis(axis)
    _thousands(axis)
    axis.legend(loc="upper left", fontsize=7, frameon=False)
    return _render(figure, fmt)


def citizenship_over_time(
    store: QueryStore, region: str | None, fmt: ChartFormat, top: int = 6
) -> bytes:
    wide = _monthly_by(store, Dimension.CITIZENSHIP, region)
    leaders = list(wide.sum().sort_values(ascending=False).index[:top])
    figure, axis = plt.subplots(figsize=(9, 3.6))
    for colour, name in zip(PALETTE, leaders, strict=False):
        axis.plot(wide.index, wide[name], color=colour, linewidth=1.2, label=name.title())
    axis.set_title(f"CBP encounters by citizenship (top {top}), {region or 'all regions'}")
    _month_axis(axis)
    _thousands(axis)
    axis.legend(loc="upper left", fontsize=7, frameon=False, ncols=2)
    return _render(figure, fmt)


def forecast_chart(
    store: QueryStore, series: Series, region: str | None, horizon: int, fmt: ChartFormat
) -> bytes:
    history = monthly_totals(store, series, region)
    _, points = forecasting.forecast_report(store, series, region, horizon)
    figure, axis = plt.subplots(figsize=(9, 3.6))
    recent = history[-48:]
    axis.plot(
        _dates([p.month for p in recent]),
        [p.value for p in recent],
        color=PALETTE[0],
        label="Observed",
    )
    months = _dates([p.month for p in points])
    axis.fill_between(
        months, [p.lower_95 for p in points], [p.upper_95 for p in points],
        color=PALETTE[1], alpha=0.15, label="95% interval",
    )  # fmt: skip
    axis.fill_between(
        months, [p.lower_80 for p in points], [p.upper_80 for p in points],
        color=PALETTE[1], alpha=0.3, label="80% interval",
    )  # fmt: skip
    axis.plot(months, [p.point for p in points], color=PALETTE[1], label="Forecast")
    axis.set_title(f"Forecast: {series.value}, {region or 'all regions'}")
    _thousands(axis)
    axis.legend(loc="upper left", fontsize=7, frameon=False)
    return _render(figure, fmt)


def refugee_chart(store: QueryStore, fmt: ChartFormat) -> bytes:
    frame = refugee_ceilings(store).to_frame()
    figure, axis = plt.subplots(figsize=(9, 3.6))
    axis.bar(frame["fiscal_year"], frame["admissions"], color=PALETTE[3], label="Admissions")
    axis.step(
        frame["fiscal_year"], frame["ceiling"], where="mid", color=PALETTE[0], label="Ceiling"
    )
    axis.set_title("Refugee ceiling and admissions by fiscal year")
    _thousands(axis)
    axis.legend(loc="upper right", fontsize=7, frameon=False)
    return _render(figure, fmt)


def render_chart(
    store: QueryStore,
    kind: ChartKind,
    fmt: ChartFormat,
    region: str | None = None,
    horizon: int = 12,
    series: Series = Series.CBP_ENCOUNTERS,
) -> bytes:
    if kind is ChartKind.MONTHLY:
        return monthly_encounters(store, region, fmt)
    if kind is ChartKind.DEMOGRAPHICS:
        return demographic_mix(store, region, fmt)
    if kind is ChartKind.CITIZENSHIP:
        return citizenship_over_time(store, region, fmt)
    if kind is ChartKind.FORECAST:
        return forecast_chart(store, series, region, horizon, fmt)
    if kind is ChartKind.REFUGEES:
        return refugee_chart(store, fmt)
    raise InvalidInput.single("kind", f"unknown chart {kind}")
