"""The flat file layout of registrations (one row per person), shared by import and export.

Columns: request_id, family_ref, relationship, given_names, first_surname, second_surname,
name_as_written, sex, birth_date, estimated_age, nationalities, languages, phones,
document_kind, document_number, document_country, address_country, address_line1,
address_city, address_state, address_postal_code, vulnerabilities, location, registered_by,
registered_at, channel, language, consent_given. Lists are separated by ";". Rows sharing a
family_ref form one family group. The synthetic generator's column names are accepted too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

COLUMNS = [
    "request_id",
    "family_ref",
    "relationship",
    "given_names",
    "first_surname",
    "second_surname",
    "name_as_written",
    "sex",
    "birth_date",
    "estimated_age",
    "nationalities",
    "languages",
    "phones",
    "document_kind",
    "document_number",
    "document_country",
    "address_country",
    "address_line1",
    "address_city",
    "address_state",
    "address_postal_code",
    "vulnerabilities",
    "location",
    "registered_by",
    "registered_at",
    "channel",
    "language",
    "consent_given",
]

# The synthetic generator's export uses these names for the same facts.
COLUMN_ALIASES = {
    "record_id": "request_id",
    "family_id": "family_ref",
    "nationality": "nationalities",
    "phone": "phones",
    "registration_city": "location",
}
LIST_SEPARATOR = ";"


def canonical_row(raw: dict[str, Any]) -> dict[str, str]:
    row: dict[str, str] = {}
    for key, value in raw.items():
        if key is None:
            continue
        name = COLUMN_ALIASES.get(key.strip(), key.strip())
        text = "" if value is None else str(value).strip()
        # Several source columns may map to one name: a non-empty value wins.
        if text or name not in row:
            row[name] = text
    if "languages" not in row and row.get("language"):
        row["languages"] = row["language"]
    return row


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number as a person would count it, row) from a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for number, raw in enumerate(csv.DictReader(handle), start=2):
                yield number, canonical_row(raw)
    elif suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h) if h is not None else "" for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            yield number, canonical_row(dict(zip(header, values, strict=False)))
        workbook.close()
    else:
        raise ValueError(f"{path.name}: only .csv and .xlsx files can be imported")


def write_rows(path: Path, rows: Iterator[dict[str, str]]) -> int:
    """Write rows in the file layout; returns how many rows were written."""
    count = 0
    if path.suffix.lower() == ".xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("registrations")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([row.get(c, "") for c in COLUMNS])
            count += 1
        workbook.save(path)
        return count
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
