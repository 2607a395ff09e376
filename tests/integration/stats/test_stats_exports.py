"""Exports round-trip with their HXL hashtag row; safe exports withhold small counts."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from puente.shared.errors import InvalidInput
from puente.stats.adapters.exporters import ExportFormat, protected_counts, write_table
from puente.stats.adapters.store import open_store
from puente.stats.domain.series import SOUTHWEST
from puente.stats.services.reports import Dimension, Filters, encounters
from puente.stats.services.tables import ReportTable


@pytest.fixture
def demographics(imported_store: Path) -> ReportTable:
    with open_store(imported_store, read_only=True) as store:
        return encounters(
            store, [Dimension.FISCAL_YEAR, Dimension.DEMOGRAPHIC], Filters(region=SOUTHWEST)
        )


def test_csv_round_trip_with_hxl_row(demographics: ReportTable, tmp_path: Path) -> None:
    path = write_table(demographics, tmp_path / "d.csv", ExportFormat.CSV)
    with path.open(newline="") as source:
        header, hashtags, *rows = list(csv.reader(source))
    assert header == ["fiscal_year", "demographic", "encounters"]
    assert hashtags == ["#date+year+fiscal", "#group+demographic", "#indicator+encounters+num"]
    assert ["2021", "Unaccompanied children", "146925"] in rows
    assert len(rows) == len(demographics.rows)


def test_xlsx_round_trip_with_hxl_row_and_notes(demographics: ReportTable, tmp_path: Path) -> None:
    path = write_table(demographics, tmp_path / "d.xlsx", ExportFormat.XLSX)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook["data"].iter_rows(values_only=True))
    assert rows[1] == ("#date+year+fiscal", "#group+demographic", "#indicator+encounters+num")
    assert (2021, "Single adults", 1_105_925) in rows
    notes = [row[0] for row in workbook["notes"].iter_rows(values_only=True)]
    assert any("Series: All CBP encounters" in str(note) for note in notes)


def test_parquet_round_trip_with_hxl_metadata(demographics: ReportTable, tmp_path: Path) -> None:
    path = write_table(demographics, tmp_path / "d.parquet", ExportFormat.PARQUET)
    table = pq.read_table(path)
    assert table.schema.field("demographic").metadata[b"hxl"] == b"#group+demographic"
    frame = table.to_pandas()
    assert (
        frame.loc[
            (frame.fiscal_year == "2021") & (frame.demographic == "Family-unit members"),
            "encounters",
        ].item()
        == 479_728
    )


def _synthetic_counts() -> pd.DataFrame:
    # Registrations by nationality × city, shaped like the operational tables will be.
    cities = ["Tijuana", "Reynosa", "Matamoros", "Juárez"]
    counts = {
        "HN": [120, 45, 3, 60],
        "GT": [80, 7, 50, 33],
        "VE": [200, 90, 140, 12],
        "HT": [2, 30, 25, 4],
    }
    return pd.DataFrame(
        [
            (nat, city, n)
            for nat, row in counts.items()
            for city, n in zip(cities, row, strict=True)
        ],
        columns=["nationality", "city", "people"],
    )


def test_safe_export_blanks_small_cells_and_their_complements(tmp_path: Path) -> None:
    table = protected_counts(_synthetic_counts(), "nationality", "city", "people")
    by_nationality = {str(record["nationality"]): record for record in table.records()}
    assert by_nationality["GT"]["Reynosa"] is None  # 7
    assert by_nationality["HN"]["Matamoros"] is None  # 3
    assert by_nationality["HT"]["Tijuana"] is None  # 2
    assert by_nationality["VE"]["Tijuana"] == 200
    withheld = sum(value is None for row in table.rows for value in row[1:])
    assert withheld >= 8  # five small cells, each needing partners in its row and column
    assert by_nationality["Total"]["total"] == int(_synthetic_counts().people.sum())
    path = write_table(table, tmp_path / "safe.csv", ExportFormat.CSV)
    with path.open(newline="") as source:
        header, hashtags, *rows = list(csv.reader(source))
    assert header[0] == "nationality"
    assert hashtags[-1] == "#affected+num+total"
    assert "3" not in {cell for row in rows for cell in row[1:]}
    assert any("Blank means withheld" in note for note in table.notes)


def test_safe_export_refuses_bad_input() -> None:
    with pytest.raises(InvalidInput):
        protected_counts(_synthetic_counts(), "nationality", "state", "people")
    negative = _synthetic_counts().assign(people=-1)
    with pytest.raises(InvalidInput):
        protected_counts(negative, "nationality", "city", "people")
