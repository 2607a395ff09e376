"""The charts Puente draws and the image formats it serves, without loading matplotlib."""

from __future__ import annotations

from enum import StrEnum


class ChartFormat(StrEnum):
    PNG = "png"
    SVG = "svg"


MEDIA_TYPES = {ChartFormat.PNG: "image/png", ChartFormat.SVG: "image/svg+xml"}


class ChartKind(StrEnum):
    MONTHLY = "monthly"
    DEMOGRAPHICS = "demographics"
    CITIZENSHIP = "citizenship"
    FORECAST = "forecast"
    REFUGEES = "refugees"
