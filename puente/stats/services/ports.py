"""What the statistics use cases need from storage and parsers, and the records they exchange."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class FactTable:
    """A table of figures: one value per (series, period, key) cell."""

    name: str
    period_column: str
    key_columns: tuple[str, ...]
    value_column: str
    extra_columns: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.period_column, *self.extra_columns, *self.key_columns, self.value_column)

    @property
    def cell_columns(self) -> tuple[str, ...]:
        """The columns that identify one figure."""
        return (self.period_column, *self.key_columns)


@dataclass(frozen=True)
class RejectedRow:
    line_number: int
    reason: str
    raw: str


@dataclass(frozen=True)
class StagedRelease:
    """A parsed file waiting in a temporary table, with every row that failed validation."""

    series: str
    source_name: str
    sha256: str
    relation: str
    rows_read: int
    rejected: list[RejectedRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportRecord:
    import_id: int
    series: str
    source_name: str
    sha256: str
    imported_at: datetime
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    periods_replaced: int
    cells_revised: int


@dataclass(frozen=True)
class RevisedCell:
    """One figure that a newer release changed (None: the cell was absent on that side)."""

    period: str
    cell: str
    old_value: int | None
    new_value: int | None


@dataclass(frozen=True)
class PeriodRevision:
    """A period whose total changed between releases."""

    period: str
    old_total: int
    new_total: int


@dataclass(frozen=True)
class Filters:
    """Optional restrictions on CBP encounters; values as stored in the CBP file."""

    region: str | None = None
    state: str | None = None
    demographic: str | None = None
    citizenship: str | None = None
    authority: str | None = None
    fiscal_year: int | None = None

    def conditions(self) -> list[tuple[str, object]]:
        """(column, value) for every restriction that is set."""
        return [(name, value) for name, value in vars(self).items() if value is not None]

    def describe(self) -> str:
        parts = [f"{name.replace('_', ' ')}: {value}" for name, value in self.conditions()]
        return "; ".join(parts) or "all encounters"


class QueryStore(Protocol):
    """The sums the report use cases read; the analytic store answers them."""

    def encounter_totals(
        self, group_by: Sequence[str], filters: Filters
    ) -> list[tuple[object, ...]]: ...

    def encounter_fiscal_years(
        self, group: str | None, filters: Filters
    ) -> list[tuple[object, ...]]: ...

    def monthly_figures(self, series: str, region: str | None) -> list[tuple[date, int]]: ...

    def apprehension_totals(
        self, series: str, period: str, region: str | None
    ) -> list[tuple[object, int]]: ...

    def refugee_figures(self, series: str) -> list[tuple[object, ...]]: ...
