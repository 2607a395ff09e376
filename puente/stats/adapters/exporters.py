"""Writes report tables as CSV, XLSX or Parquet with HXL hashtags, and safe count exports.

CSV and XLSX carry the HXL hashtag row directly under the header row (the Humanitarian
Exchange Language convention); Parquet keeps each column's hashtag in its field metadata.
"""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from puente.shared.errors import InvalidInput
from puente.stats.domain.suppression import DEFAULT_THRESHOLD, Suppression, protect
from puente.stats.services.tables import Column, ReportTable

if TYPE_CHECKING:
    import pandas as pd


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PARQUET = "parquet"


def write_table(table: ReportTable, path: Path, fmt: ExportFormat) -> Path:
    """Write one table; notes go to a second sheet (XLSX) or the file's metadata (Parquet).

    Each format's library loads with its first file, not with the statistics API.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    header = [c.key for c in table.columns]
    hashtags = [c.hxl for c in table.columns]
    if fmt is ExportFormat.CSV:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerows([header, hashtags, *table.rows])
    elif fmt is ExportFormat.XLSX:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "data"
        for row in (header, hashtags, *table.rows):
            sheet.append(list(row))
        notes = workbook.create_sheet("notes")
        for line in (table.title, *table.notes):
            notes.append([line])
        workbook.save(path)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        fields = [
            pa.field(
                c.key,
                pa.float64() if c.numeric else pa.string(),
                metadata={"hxl": c.hxl, "label": c.label},
            )
            for c in table.columns
        ]
        arrays = (
            [
                pa.array(
                    [
                        None if v is None else (float(str(v)) if c.numeric else str(v))
                        for v in values
                    ],
                    type=field.type,
                )
                for c, field, values in zip(
                    table.columns, fields, zip(*table.rows, strict=True), strict=True
                )
            ]
            if table.rows
            else [pa.array([], type=f.type) for f in fields]
        )
        schema = pa.schema(fields, metadata={"title": table.title, "notes": "\n".join(table.notes)})
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)
    return path


def protected_counts(
    frame: pd.DataFrame,
    row: str,
    column: str,
    count: str,
    threshold: int = DEFAULT_THRESHOLD,
    hashtags: dict[str, str] | None = None,
    title: str = "Counts with disclosure control",
) -> ReportTable:
    """A cross-table of counts from long rows (row, column, count), small cells suppressed.

    Suppressed entries are blank (None); the margins are part of the table because they are
    published too, and complementary suppression makes sure no blank can be solved for.
    """
    missing = {row, column, count} - set(frame.columns)
    if missing:
        raise InvalidInput.single("columns", f"missing {sorted(missing)}")
    if (frame[count] < 0).any():
        raise InvalidInput.single(count, "counts cannot be negative")
    wide = frame.pivot_table(index=row, columns=column, values=count, aggfunc="sum", fill_value=0)
    row_labels = [str(label) for label in wide.index]
    column_labels = [str(label) for label in wide.columns]
    protected = protect(wide.to_numpy().tolist(), row_labels, column_labels, threshold)
    tags = hashtags or {}
    value_tag = tags.get(count, "#affected+num")
    columns = (
        Column(row, row, tags.get(row, f"#meta+{row}")),
        *(Column(label, label, f"{value_tag}+{_attribute(label)}", numeric=True)
          for label in column_labels),
        Column("total", "Total", f"{value_tag}+total", numeric=True),
    )  # fmt: skip
    rows: list[tuple[object, ...]] = [
        (
            protected.row_labels[i],
            *(protected.published(i, j) for j in range(len(protected.column_labels))),
        )
        for i in range(len(protected.row_labels))
    ]
    suppressed = protected.suppressed_positions()
    primary = sum(1 for i, j in suppressed if protected.status[i][j] is Suppression.PRIMARY)
    return ReportTable(
        title=title,
        columns=columns,
        rows=rows,
        notes=(
            f"Disclosure control: entries from 1 to {threshold - 1} are withheld ({primary}), "
            f"and {len(suppressed) - primary} more so that none can be recovered from totals.",
            "Blank means withheld, not zero.",
        ),
    )


def _attribute(label: str) -> str:
    # HXL attributes are lower-case letters, digits and underscores.
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in label.lower()).strip("_")
    return cleaned or "blank"
