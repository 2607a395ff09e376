"""Reports that set two figures side by side: refugee ceilings against admissions, and the two
Border Patrol series against each other (an honesty check on the imported history)."""

from __future__ import annotations

from puente.shared.errors import NotFound
from puente.stats.domain.series import (
    SERIES_DESCRIPTIONS,
    Series,
    relative_difference,
)
from puente.stats.services.ports import QueryStore
from puente.stats.services.tables import Column, ReportTable

ALL_REGIONS = "All regions"
FISCAL_YEAR_COLUMN = Column("fiscal_year", "Fiscal year", "#date+year+fiscal")


def refugee_ceilings(store: QueryStore, by_region: bool = False) -> ReportTable:
    """Ceiling against admissions per fiscal year (MPI), or per region (State/PRM report)."""
    series = Series.REFUGEE_REGIONS if by_region else Series.REFUGEE_ADMISSIONS
    rows = store.refugee_figures(series.value)
    if not rows:
        raise NotFound("refugee figures in series", series.value)
    table_rows: list[tuple[object, ...]] = []
    for fiscal_year, region, ceiling, ceiling_high, admitted in rows:
        ceiling_low = None if ceiling is None else int(str(ceiling))
        admissions = None if admitted is None else int(str(admitted))
        used = (
            round(100.0 * admissions / ceiling_low, 1)
            if admissions is not None and ceiling_low
            else None
        )
        table_rows.append((fiscal_year, region, ceiling_low, ceiling_high, admissions, used))
    return ReportTable(
        title="Refugee ceilings and admissions" + (" by region" if by_region else ""),
        columns=(
            FISCAL_YEAR_COLUMN,
            Column("region", "Region", "#region+name"),
            Column("ceiling", "Ceiling", "#targeted+refugees+num", numeric=True),
            Column("ceiling_high", "Ceiling (upper end of range)", "#targeted+refugees+max", True),
            Column("admissions", "Admissions", "#reached+refugees+num", numeric=True),
            Column("ceiling_used_pct", "Share of ceiling used (%)", "#reached+refugees+pct", True),
        ),
        rows=table_rows,
        notes=(
            f"Series: {SERIES_DESCRIPTIONS[series]}.",
            "Ceilings are the Presidential Determination as last revised in the year "
            "(FY2021: 15,000 raised to 62,500 on 3 May 2021).",
            "FY2025 covers October–December 2024 only; its regional ceilings are ranges.",
        ),
    )


def border_patrol_consistency(store: QueryStore, region: str | None = None) -> ReportTable:
    """Fiscal-year totals of the two Border Patrol series and how far apart they are."""
    totals = {
        series: dict(store.apprehension_totals(series.value, "fiscal_year", region))
        for series in (Series.USBP_APPREHENSIONS, Series.USBP_APPREHENSIONS_JK)
    }
    first, second = totals[Series.USBP_APPREHENSIONS], totals[Series.USBP_APPREHENSIONS_JK]
    table_rows: list[tuple[object, ...]] = [
        (
            fiscal_year,
            first.get(fiscal_year),
            second.get(fiscal_year),
            round(100.0 * relative_difference(first[fiscal_year], second[fiscal_year]), 3)
            if fiscal_year in first and fiscal_year in second
            else None,
        )
        for fiscal_year in sorted(first.keys() | second.keys(), key=lambda year: int(str(year)))
    ]
    if not any(row[3] is not None for row in table_rows):
        raise NotFound("fiscal years present in both Border Patrol series", region or "all")
    return ReportTable(
        title="Border Patrol series compared, by fiscal year",
        columns=(
            FISCAL_YEAR_COLUMN,
            Column("usbp", Series.USBP_APPREHENSIONS.value, "#indicator+apprehensions+num", True),
            Column(
                "usbp_jk", Series.USBP_APPREHENSIONS_JK.value, "#indicator+apprehensions+num", True
            ),
            Column("difference_pct", "Difference (%)", "#indicator+difference+pct", True),
        ),
        rows=table_rows,
        notes=(
            f"{Series.USBP_APPREHENSIONS.value}: {SERIES_DESCRIPTIONS[Series.USBP_APPREHENSIONS]}.",
            f"{Series.USBP_APPREHENSIONS_JK.value}: "
            f"{SERIES_DESCRIPTIONS[Series.USBP_APPREHENSIONS_JK]}.",
            f"Region: {region or 'all regions'}.",
        ),
    )
