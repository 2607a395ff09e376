"""File parsers for CBP encounters and Border Patrol apprehensions, validated inside DuckDB.

Each parser reads a file as text with Python's csv module (so a malformed line is one rejected
row, not a failed import, and every row keeps its line number), checks every row with SQL,
keeps the valid rows in a temporary table and returns every rejected row with its reason.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import duckdb
import pyarrow as pa

from puente.shared.errors import InvalidInput
from puente.stats.adapters.store import APPREHENSIONS, ENCOUNTERS
from puente.stats.domain.fiscal import FISCAL_YEAR_START_MONTH, MONTH_ABBREVIATIONS, MONTH_NAMES
from puente.stats.domain.series import (
    AUTHORITIES,
    CBP_REGIONS,
    REGION_TOTAL_COLUMNS,
    SECTOR_REGIONS,
    Demographic,
    Series,
)
from puente.stats.services.ports import FactTable, RejectedRow, StagedRelease

CBP_HEADER = (
    "Fiscal Year",
    "Month Grouping",
    "Month (abbv)",
    "Land Border Region",
    "State",
    "Demographic",
    "Citizenship",
    "Title of Authority",
    "Encounter Count",
)
USBP_PDF_TOTAL_COLUMNS = ("monthly_total", "fy", "cy")
USBP_COMPILATION_HEADER = (
    "sector",
    "fiscal_year",
    "month",
    "total_apprehensions",
    "unaccompanied_child_apprehension",
    "family_apprehensions",
)
FIRST_FISCAL_YEAR = 1925  # the oldest apprehension figures published
LAST_FISCAL_YEAR = 2100


def _sql_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def month_start_sql(fiscal_year: str, month: str) -> str:
    """SQL for :func:`puente.stats.domain.fiscal.month_start` over two integer expressions."""
    return (
        f"make_date(case when {month} >= {FISCAL_YEAR_START_MONTH} then {fiscal_year} - 1 "
        f"else {fiscal_year} end, {month}, 1)"
    )


def _count_sql(column: str) -> str:
    # Published counts sometimes carry thousands separators.
    return f"try_cast(replace(trim({column}), ',', '') as bigint)"


def _rejected(connection: duckdb.DuckDBPyConnection, relation: str) -> list[RejectedRow]:
    rows = connection.execute(
        f"select line_number, reason, raw from {relation} where reason is not null "  # noqa: S608
        "order by line_number"
    ).fetchall()
    return [RejectedRow(int(n), str(reason), str(raw)) for n, reason, raw in rows]


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _read_header(path: Path) -> list[str]:
    with _open_text(path) as source:
        first = source.readline().strip()
    separator = "|" if "|" in first else ","
    return [name.strip().strip('"') for name in first.split(separator)]


def _stage_text(
    connection: duckdb.DuckDBPyConnection, relation: str, path: Path, delimiter: str = ","
) -> tuple[int, list[RejectedRow]]:
    """Load every well-formed data row as text, with its line number, into ``relation``.

    Returns the number of data rows read and the rows whose field count is wrong.
    """
    rejected: list[RejectedRow] = []
    lines: list[int] = []
    good: list[list[str]] = []
    with _open_text(path) as source:
        reader = csv.reader(source, delimiter=delimiter)
        header = [name.strip() for name in next(reader)]
        rows_read = 0
        for fields in reader:
            rows_read += 1
            if len(fields) == len(header):
                lines.append(reader.line_num)
                good.append(fields)
            else:
                reason = f"{len(fields)} fields where the header has {len(header)}"
                rejected.append(RejectedRow(reader.line_num, reason, delimiter.join(fields)))
    columns = list(zip(*good, strict=True)) if good else [() for _ in header]
    arrow = pa.table(
        {"line_number": pa.array(lines, pa.int64())}
        | {
            name: pa.array(values, pa.string())
            for name, values in zip(header, columns, strict=True)
        }
    )
    connection.register("text_rows", arrow)
    try:
        connection.execute(f"create or replace temp table {relation} as from text_rows")
    finally:
        connection.unregister("text_rows")
    return rows_read, rejected


@dataclass(frozen=True)
class CbpEncountersParser:
    """CBP nationwide encounters, state layout (one row per month × region × state × …)."""

    connection: duckdb.DuckDBPyConnection
    series: str = Series.CBP_ENCOUNTERS.value
    table: FactTable = ENCOUNTERS

    def stage(self, path: Path, sha256: str) -> StagedRelease:
        header = _read_header(path)
        missing = [name for name in CBP_HEADER if name not in header]
        if missing:
            raise InvalidInput.single("file", f"not a CBP encounters file: missing {missing}")
        c = self.connection
        rows_read, malformed = _stage_text(c, "cbp_raw", path)
        months = _sql_list(MONTH_ABBREVIATIONS)
        demographics = _sql_list([d.value for d in Demographic])
        c.execute(
            f"""
            create or replace temp table cbp_checked as
            with typed as (
                select line_number,
                    try_cast(trim("Fiscal Year") as integer) as fiscal_year,
                    list_position({months}, upper(trim("Month (abbv)"))) as month_number,
                    trim("Land Border Region") as region,
                    upper(trim("State")) as state,
                    trim("Demographic") as demographic,
                    trim("Citizenship") as citizenship,
                    trim("Title of Authority") as authority,
                    {_count_sql('"Encounter Count"')} as encounters,
                    concat_ws(',', {", ".join(f'"{name}"' for name in CBP_HEADER)}) as raw
                from cbp_raw
            ), flagged as (
                select *, case
                    when fiscal_year is null
                      or fiscal_year not between {FIRST_FISCAL_YEAR} and {LAST_FISCAL_YEAR}
                      then 'fiscal year is not a year'
                    when month_number is null or month_number = 0 then 'unknown month'
                    when region is null or region not in (from unnest({_sql_list(CBP_REGIONS)}))
                      then 'unknown land border region'
                    when state is null or state = '' then 'state missing'
                    when demographic is null
                      or demographic not in (from unnest({demographics}))
                      then 'unknown demographic'
                    when citizenship is null or citizenship = '' then 'citizenship missing'
                    when authority is null
                      or authority not in (from unnest({_sql_list(AUTHORITIES)}))
                      then 'unknown title of authority'
                    when encounters is null or encounters < 0
                      then 'encounter count is not a whole number'
                end as reason
                from typed
            )
            select *, {month_start_sql("fiscal_year", "month_number")} as month
            from flagged
            """  # noqa: S608
        )
        _reject_duplicates(c, "cbp_checked", ENCOUNTERS.cell_columns)
        c.execute(
            f"create or replace temp table cbp_staged as select {', '.join(ENCOUNTERS.columns)} "  # noqa: S608
            "from cbp_checked where reason is null"
        )
        rejected = sorted([*malformed, *_rejected(c, "cbp_checked")], key=lambda r: r.line_number)
        return StagedRelease(self.series, path.name, sha256, "cbp_staged", rows_read, rejected)


def _reject_duplicates(
    connection: duckdb.DuckDBPyConnection, relation: str, cell_columns: tuple[str, ...]
) -> None:
    """A second row for the same cell would be double-counted: keep the first, reject others."""
    keys = ", ".join(cell_columns)
    connection.execute(
        f"""
        update {relation} set reason = 'duplicate of an earlier row for the same cell'
        where line_number in (
            select line_number from (
                select line_number, row_number() over (
                    partition by {keys} order by line_number) as copy
                from {relation} where reason is null
            ) where copy > 1
        )
        """  # noqa: S608
    )


@dataclass(frozen=True)
class UsbpPdfParser:
    """Border Patrol monthly apprehensions FY2000–FY2020: one pipe-delimited row per month,
    one column per sector, followed by the region totals, the monthly total, fy and cy."""

    connection: duckdb.DuckDBPyConnection
    series: str = Series.USBP_APPREHENSIONS.value
    table: FactTable = APPREHENSIONS

    def stage(self, path: Path, sha256: str) -> StagedRelease:
        header = _read_header(path)
        sectors = [name for name in header if name in SECTOR_REGIONS]
        expected = {"month", *SECTOR_REGIONS, *REGION_TOTAL_COLUMNS, *USBP_PDF_TOTAL_COLUMNS}
        if set(header) != expected:
            raise InvalidInput.single(
                "file", f"unexpected Border Patrol columns: {sorted(set(header) ^ expected)}"
            )
        c = self.connection
        rows_read, malformed = _stage_text(c, "usbp_raw", path, "|")
        counts = ", ".join(f"{_count_sql(name)} as {name}" for name in header if name != "month")
        region_checks = " ".join(
            f"when {column} is distinct from "
            f"({' + '.join(s for s in sectors if SECTOR_REGIONS[s] == region)}) "
            f"then '{column} does not equal the sum of its sectors'"
            for column, region in REGION_TOTAL_COLUMNS.items()
        )
        c.execute(
            f"""
            create or replace temp table usbp_checked as
            with typed as (
                select line_number, try_cast(trim(month) as integer) as month_number, {counts},
                    concat_ws('|', {", ".join(header)}) as raw
                from usbp_raw
            ), flagged as (
                select *, case
                    when fy is null or fy not between {FIRST_FISCAL_YEAR} and {LAST_FISCAL_YEAR}
                      then 'fiscal year is not a year'
                    when month_number is null or month_number not between 1 and 12
                      then 'unknown month'
                    when {" or ".join(f"{s} is null or {s} < 0" for s in sectors)}
                      then 'a sector count is not a whole number'
                    when cy is distinct from year({month_start_sql("fy", "month_number")})
                      then 'calendar year disagrees with fiscal year and month'
                    {region_checks}
                    when monthly_total is distinct from ({" + ".join(sectors)})
                      then 'monthly_total does not equal the sum of all sectors'
                end as reason
                from typed
            )
            select *, fy as fiscal_year,
                case when reason is null
                    then {month_start_sql("fy", "month_number")} end as month
            from flagged
            """  # noqa: S608
        )
        _reject_duplicates(c, "usbp_checked", ("month",))
        regions = " ".join(f"when '{s}' then '{r}'" for s, r in SECTOR_REGIONS.items())
        c.execute(
            f"""
            create or replace temp table usbp_staged as
            select month, fiscal_year, case sector {regions} end as region, sector,
                apprehensions::integer as apprehensions
            from (
                unpivot (select month, fiscal_year, {", ".join(sectors)}
                         from usbp_checked where reason is null)
                on {", ".join(sectors)} into name sector value apprehensions
            )
            """  # noqa: S608
        )
        rejected = sorted([*malformed, *_rejected(c, "usbp_checked")], key=lambda r: r.line_number)
        return StagedRelease(self.series, path.name, sha256, "usbp_staged", rows_read, rejected)


@dataclass(frozen=True)
class UsbpCompilationParser:
    """Border Patrol monthly apprehensions FY2000–FY2019, long layout (sector, year, month).

    Region and nationwide rows and the 'yearly total' rows repeat sums of the sector rows; they
    are not loaded (each is reported with that reason) because the store recomputes them.
    """

    connection: duckdb.DuckDBPyConnection
    series: str = Series.USBP_APPREHENSIONS_JK.value
    table: FactTable = APPREHENSIONS

    def stage(self, path: Path, sha256: str) -> StagedRelease:
        header = _read_header(path)
        if tuple(header) != USBP_COMPILATION_HEADER:
            raise InvalidInput.single("file", f"unexpected apprehension columns: {header}")
        c = self.connection
        rows_read, malformed = _stage_text(c, "jk_raw", path)
        months = _sql_list(list(MONTH_NAMES))
        regions = " ".join(f"when '{s}' then '{r}'" for s, r in SECTOR_REGIONS.items())
        c.execute(
            f"""
            create or replace temp table jk_checked as
            with typed as (
                select line_number, replace(lower(trim(sector)), ' ', '_') as sector,
                    try_cast(trim(fiscal_year) as integer) as fiscal_year,
                    lower(trim(month)) as month_label,
                    list_position({months}, lower(trim(month))) as month_number,
                    {_count_sql("total_apprehensions")} as apprehensions,
                    trim(total_apprehensions) as raw_count,
                    concat_ws(',', {", ".join(USBP_COMPILATION_HEADER)}) as raw
                from jk_raw
            ), flagged as (
                select *, case
                    when month_label = 'yearly total' then 'not loaded: yearly total row'
                    when sector not in (from unnest({_sql_list(list(SECTOR_REGIONS))}))
                      then 'not loaded: region or nationwide total row'
                    when fiscal_year is null
                      or fiscal_year not between {FIRST_FISCAL_YEAR} and {LAST_FISCAL_YEAR}
                      then 'fiscal year is not a year'
                    when month_number is null or month_number = 0 then 'unknown month'
                    when raw_count = 'NA' then 'no figure published (NA)'
                    when apprehensions is null or apprehensions < 0
                      then 'apprehension count is not a whole number'
                end as reason
                from typed
            )
            select *, case sector {regions} end as region,
                {month_start_sql("fiscal_year", "month_number")} as month
            from flagged
            """  # noqa: S608
        )
        _reject_duplicates(c, "jk_checked", APPREHENSIONS.cell_columns)
        c.execute(
            f"create or replace temp table jk_staged as select {', '.join(APPREHENSIONS.columns)} "  # noqa: S608
            "from jk_checked where reason is null"
        )
        rejected = sorted([*malformed, *_rejected(c, "jk_checked")], key=lambda r: r.line_number)
        return StagedRelease(self.series, path.name, sha256, "jk_staged", rows_read, rejected)


def apprehension_parser(
    connection: duckdb.DuckDBPyConnection, path: Path
) -> UsbpPdfParser | UsbpCompilationParser:
    """Pick the Border Patrol layout from the file's header."""
    if tuple(_read_header(path)) == USBP_COMPILATION_HEADER:
        return UsbpCompilationParser(connection)
    return UsbpPdfParser(connection)
