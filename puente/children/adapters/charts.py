"""Charts of the HHS daily series: children in CBP custody and in HHS care, and the average
time in each estimated from the flows (Little's law), as PNG or SVG bytes.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from puente.children.adapters.chart_types import ChartFormat, ChartKind
from puente.children.services.flows import average_stay_days
from puente.shared.errors import InvalidInput

BLUE, RED = "#123d5a", "#d1495b"


def _render(figure: Figure, fmt: ChartFormat) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format=fmt.value, dpi=100)
    plt.close(figure)
    return buffer.getvalue()


def chart(series: pd.DataFrame, kind: ChartKind, fmt: ChartFormat = ChartFormat.PNG) -> bytes:
    if series.empty:
        raise InvalidInput.single("series", "no HHS figures imported yet")
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    if kind is ChartKind.CUSTODY:
        top.plot(series.index, series["in_cbp"], color=BLUE, lw=1)
        top.set_title("Children in CBP (border) custody")
        bottom.plot(series.index, series["in_hhs"], color=RED, lw=1)
        bottom.set_title("Children in HHS (ORR) care")
        for axes in (top, bottom):
            axes.set_ylabel("children")
    else:
        cbp_hours = average_stay_days(series, "cbp") * 24
        top.plot(cbp_hours.index, cbp_hours, color=BLUE, lw=1)
        top.axhline(72, color="grey", ls="--", lw=0.8)
        top.set_title(
            "Average hours in CBP custody ≈ in custody ÷ transferred out per day (28-day means)"
        )
        top.set_ylabel("hours")
        hhs_days = average_stay_days(series, "hhs")
        bottom.plot(hhs_days.index, hhs_days, color=RED, lw=1)
        bottom.set_title("Average days in HHS care ≈ in care ÷ discharged per day (28-day means)")
        bottom.set_ylabel("days")
    bottom.set_xlabel("HHS daily reports; held-out rows excluded")
    return _render(figure, fmt)
