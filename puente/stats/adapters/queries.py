"""The SQL behind the reports: sums over the DuckDB fact tables for the report use cases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from puente.shared.errors import InvalidInput
from puente.stats.domain.series import Series
from puente.stats.services.ports import Filters

if TYPE_CHECKING:
    import duckdb

# Only these names ever reach SQL text; everything else travels as a bound parameter.
ENCOUNTER_GROUPS = frozenset(
    ("month", "fiscal_year", "region", "state", "demographic", "citizenship", "authority")
)
APPREHENSION_PERIODS = frozenset(("month", "fiscal_year"))


def _checked(names: Sequence[str], allowed: frozenset[str]) -> str:
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise InvalidInput.single("by", f"cannot group by {unknown}")
    return ", ".join(names)


def _as_int(value: object) -> int:
    return int(str(value))


class ReportQueries:
    """Mixed into the store: every query a report needs, answered from one connection."""

    connection: duckdb.DuckDBPyConnection

    def _encounter_where(self, filters: Filters) -> tuple[str, list[object]]:
        clauses = ["series = ?"]
        parameters: list[object] = [Series.CBP_ENCOUNTERS.value]
        for column, value in filters.conditions():
            clauses.append(f"{_checked([column], ENCOUNTER_GROUPS)} = ?")
            parameters.append(value)
        return " and ".join(clauses), parameters

    def encounter_totals(
        self, group_by: Sequence[str], filters: Filters
    ) -> list[tuple[object, ...]]:
        """(group values…, total) per group, ordered by the groups."""
        keys = _checked(group_by, ENCOUNTER_GROUPS)
        where, parameters = self._encounter_where(filters)
        rows = self.connection.execute(
            f"select {keys}, sum(encounters)::bigint from encounter where {where} "  # noqa: S608
            "group by all order by all",
            parameters,
        ).fetchall()
        return [(*row[:-1], _as_int(row[-1])) for row in rows]

    def encounter_fiscal_years(
        self, group: str | None, filters: Filters
    ) -> list[tuple[object, ...]]:
        """([group value,] fiscal year, total, months with data), ordered."""
        head = f"{_checked([group], ENCOUNTER_GROUPS)}, " if group else ""
        where, parameters = self._encounter_where(filters)
        rows = self.connection.execute(
            f"select {head}fiscal_year, sum(encounters)::bigint, count(distinct month) "  # noqa: S608
            f"from encounter where {where} group by all order by all",
            parameters,
        ).fetchall()
        return [(*row[:-2], _as_int(row[-2]), _as_int(row[-1])) for row in rows]

    def monthly_figures(self, series: str, region: str | None) -> list[tuple[date, int]]:
        """(first day of month, total) for one series, oldest first."""
        table, value = (
            ("encounter", "encounters")
            if series == Series.CBP_ENCOUNTERS.value
            else ("apprehension", "apprehensions")
        )
        rows = self.connection.execute(
            f"select month, sum({value})::bigint from {table} "  # noqa: S608
            "where series = ? and (? is null or region = ?) group by 1 order by 1",
            [series, region, region],
        ).fetchall()
        return [(month, _as_int(total)) for month, total in rows]

    def apprehension_totals(
        self, series: str, period: str, region: str | None
    ) -> list[tuple[object, int]]:
        """(month or fiscal year, total) of one Border Patrol series, oldest first."""
        column = _checked([period], APPREHENSION_PERIODS)
        rows = self.connection.execute(
            f"select {column}, sum(apprehensions)::bigint from apprehension "  # noqa: S608
            "where series = ? and (? is null or region = ?) group by 1 order by 1",
            [series, region, region],
        ).fetchall()
        return [(key, _as_int(total)) for key, total in rows]

    def refugee_figures(self, series: str) -> list[tuple[object, ...]]:
        """(fiscal year, region, ceiling, ceiling upper end, admissions); the all-regions row
        closes each year."""
        return self.connection.execute(
            """
            select fiscal_year, region,
                max(people) filter (where measure = 'ceiling'),
                max(ceiling_high) filter (where measure = 'ceiling'),
                max(people) filter (where measure = 'admissions')
            from refugee_admission where series = ? group by 1, 2
            order by 1, region = 'All regions', region
            """,
            [series],
        ).fetchall()
