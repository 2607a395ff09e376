"""Parsers for refugee ceilings and admissions: the MPI yearly CSV and State/PRM's workbook."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl

from puente.shared.errors import InvalidInput
from puente.stats.adapters.store import REFUGEE_ADMISSIONS
from puente.stats.domain.series import Series
from puente.stats.services.ports import FactTable, RejectedRow, StagedRelease

ALL_REGIONS = "All regions"
CEILING = "ceiling"
ADMISSIONS = "admissions"
_RANGE = re.compile(r"^\s*([\d,]+)\s*-\s*([\d,]+)\s*$")

# (fiscal year, region, measure, people, upper end of a ceiling range or None)
RefugeeFigure = tuple[int, str, str, int, int | None]


def parse_count(text: object) -> int | None:
    """A published whole number ("62,500 ", 62500); None for blanks and dashes."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return int(text) if float(text).is_integer() else None
    cleaned = str(text or "").strip().replace(",", "")
    return int(cleaned) if cleaned.isdigit() else None


def parse_ceiling(text: object) -> tuple[int, int | None] | None:
    """A ceiling, or a range such as "30,000 - 50,000" (the FY2025 regional allocations)."""
    single = parse_count(text)
    if single is not None:
        return single, None
    match = _RANGE.match(str(text or ""))
    if match is None:
        return None
    low, high = (int(part.replace(",", "")) for part in match.groups())
    return low, high


def _stage(
    connection: duckdb.DuckDBPyConnection, relation: str, figures: list[RefugeeFigure]
) -> None:
    connection.execute(
        f"create or replace temp table {relation} (fiscal_year smallint, region varchar, "
        "measure varchar, people integer, ceiling_high integer)"
    )
    if figures:
        connection.executemany(f"insert into {relation} values (?, ?, ?, ?, ?)", figures)  # noqa: S608


def _decode(raw: bytes) -> str:
    # The MPI file is mostly ASCII with one Windows-1252 apostrophe in a footnote.
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


@dataclass(frozen=True)
class MpiAdmissionsParser:
    """Ceiling and admissions by fiscal year; notes and blank lines around the table."""

    connection: duckdb.DuckDBPyConnection
    series: str = Series.REFUGEE_ADMISSIONS.value
    table: FactTable = REFUGEE_ADMISSIONS

    def stage(self, path: Path, sha256: str) -> StagedRelease:
        reader = csv.reader(io.StringIO(_decode(path.read_bytes())))
        figures: list[RefugeeFigure] = []
        rejected: list[RejectedRow] = []
        in_table = False
        rows_read = 0
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            if not in_table:
                in_table = bool(cells) and cells[0] == "Year"
                continue
            rows_read += 1
            year_text = cells[0].rstrip("*") if cells else ""
            if not year_text.isdigit():
                reason = "not a data row (blank line or note)"
                rejected.append(RejectedRow(line, reason, ",".join(row)))
                continue
            year = int(year_text)
            admitted = parse_count(cells[2] if len(cells) > 2 else "")
            if admitted is None:
                rejected.append(RejectedRow(line, "admissions not a number", ",".join(row)))
                continue
            figures.append((year, ALL_REGIONS, ADMISSIONS, admitted, None))
            # Before FY1980 there was no statutory ceiling: the file shows "-".
            ceiling = parse_count(cells[1])
            if ceiling is not None:
                figures.append((year, ALL_REGIONS, CEILING, ceiling, None))
        if not in_table:
            raise InvalidInput.single("file", "no 'Year' header row: not the MPI admissions table")
        _stage(self.connection, "mpi_staged", figures)
        return StagedRelease(self.series, path.name, sha256, "mpi_staged", rows_read, rejected)


@dataclass(frozen=True)
class PrmRegionsParser:
    """Per-fiscal-year sheets of the PRM admissions report: each region's ceiling (as revised
    by the Presidential Determination) and admissions, the unallocated reserve, the grand total.
    Country rows are the report's detail and are not read."""

    connection: duckdb.DuckDBPyConnection
    series: str = Series.REFUGEE_REGIONS.value
    table: FactTable = REFUGEE_ADMISSIONS

    def stage(self, path: Path, sha256: str) -> StagedRelease:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        figures: list[RefugeeFigure] = []
        rejected: list[RejectedRow] = []
        rows_read = 0
        try:
            year_sheets = [name for name in workbook.sheetnames if name.strip().isdigit()]
            if not year_sheets:
                raise InvalidInput.single("file", "no fiscal-year sheets: not the PRM report")
            for name in year_sheets:
                read, sheet_figures, sheet_rejects = _read_year_sheet(
                    int(name), name, list(workbook[name].iter_rows(values_only=True))
                )
                rows_read += read
                figures.extend(sheet_figures)
                rejected.extend(sheet_rejects)
        finally:
            workbook.close()
        _stage(self.connection, "prm_staged", figures)
        return StagedRelease(self.series, path.name, sha256, "prm_staged", rows_read, rejected)


def _read_year_sheet(
    year: int, sheet: str, rows: list[tuple[object, ...]]
) -> tuple[int, list[RefugeeFigure], list[RejectedRow]]:
    figures: list[RefugeeFigure] = []
    rejected: list[RejectedRow] = []
    rows_read = 0
    started = False
    # Sheet rows are numbered from 1, like spreadsheet rows; the raw text names the sheet.
    for number, row in enumerate(rows, 1):
        cells = [*row, None, None, None, None][:4]
        first = str(cells[0] or "").strip()
        label = str(cells[1] or "").strip()
        raw = f"{sheet}!{number}: " + " | ".join("" if c is None else str(c) for c in row)
        if first.startswith("Fiscal Year"):
            started = True
            continue
        if not started:
            continue
        if first.lower().startswith("note"):
            rejected.append(RejectedRow(number, "not a data row (note)", raw))
        elif first:
            rows_read += 1
            ceiling = parse_ceiling(cells[2])
            if ceiling is None:
                rejected.append(RejectedRow(number, "regional ceiling not a number", raw))
                continue
            figures.append((year, first, CEILING, ceiling[0], ceiling[1]))
        elif label.startswith("Total ") or label == "Grand Totals":
            rows_read += 1
            if label == "Grand Totals":
                ceiling = parse_ceiling(cells[2])
                if ceiling is not None:
                    figures.append((year, ALL_REGIONS, CEILING, ceiling[0], ceiling[1]))
            admitted = parse_count(cells[3])
            total_of = ALL_REGIONS if label == "Grand Totals" else label.removeprefix("Total ")
            if admitted is not None:
                figures.append((year, total_of, ADMISSIONS, admitted, None))
            elif total_of != "Unallocated Reserve":
                rejected.append(RejectedRow(number, "regional admissions not a number", raw))
    return rows_read, figures, rejected
