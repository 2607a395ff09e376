"""The HHS charts ``puente children chart`` draws and their image formats, without loading
matplotlib (the CLI imports this at start-up; the drawing module loads with the first chart)."""

from __future__ import annotations

from enum import StrEnum


class ChartKind(StrEnum):
    CUSTODY = "custody"  # children in CBP custody and in HHS care
    STAY = "stay"  # average time in each, from the flows


class ChartFormat(StrEnum):
    PNG = "png"
    SVG = "svg"
