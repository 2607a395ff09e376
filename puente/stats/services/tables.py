"""A report's result: titled columns with HXL hashtags, rows, and notes that name the series."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    hxl: str
    numeric: bool = False


@dataclass(frozen=True)
class ReportTable:
    """What every report returns; the CLI, pages, API and exporters all read this one shape."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[object, ...]]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd  # for the callers that want a frame, not for every report

        return pd.DataFrame(self.rows, columns=[c.key for c in self.columns])

    def records(self) -> list[dict[str, object]]:
        return [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]

    def column(self, key: str) -> list[object]:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]
