"""Writing and reading a synthetic population: the file contract other code relies on.

``write_population(pop, records_path, truth_path)`` writes two files, CSV or Parquet by suffix
(``.csv`` / ``.parquet``); ``read_population`` reads them back with the right types.

Records file: one row per registration record, columns in this order:

- ``record_id`` str, unique (``R00000001``…, in chronological order of registration)
- ``given_names`` one or more given names as registered (may be a nickname or misspelt)
- ``first_surname`` str; ``second_surname`` str, may be empty
- ``name_as_written`` the full name as the person wrote it (given names first)
- ``sex`` ``female`` | ``male`` | ``unspecified``
- ``birth_date`` ISO text at its precision: ``1990-05-17``, ``1990-05`` or ``1990``; for an
  estimated age, the estimated birth year
- ``birth_precision`` ``exact`` | ``year_month`` | ``year`` | ``estimated_age``
- ``nationality`` ISO 3166-1 alpha-2; ``language`` ISO 639-3
- ``phone`` E.164 (``+526641234567``) or empty
- ``family_id`` str (``F0000001``…, one per family registration event) or empty
- ``relationship`` to the family's head: ``head`` | ``spouse`` | ``child`` | ``parent`` |
  ``sibling`` | ``grandparent`` | ``other``, empty outside families
- ``unaccompanied_child`` bool (``true``/``false`` in CSV)
- ``vulnerabilities`` ``;``-separated flags from ``medical``, ``disability``, ``pregnancy``,
  ``lgbtqi_at_risk``, ``survivor_of_violence``, ``unaccompanied_child``, ``elderly``,
  ``single_caregiver``; may be empty
- ``registered_at`` ISO 8601 local time with UTC offset (``2021-03-14T09:30:00-07:00``)
- ``registration_city`` Tijuana, Mexicali, Nogales, Ciudad Juárez, Piedras Negras, Nuevo Laredo,
  Reynosa or Matamoros

Truth file: ``record_id``, ``person_id`` (``P00000001``…): records with the same ``person_id``
are the same person. Text is UTF-8, names exactly as written (accents, apostrophes). In CSV every
text field is double-quoted, a missing value is an empty string (``""``), and the header row
names the columns. Parquet uses string and boolean columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from puente.synth.population import RECORD_COLUMNS, Population

TRUTH_COLUMNS = ("record_id", "person_id")
NOISE_COLUMNS = ("record_id", "noise")
FORMATS = ("csv", "parquet")


def file_format(path: Path) -> str:
    """``csv`` or ``parquet`` from the file suffix."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: unsupported suffix, use .csv or .parquet")
    return fmt


def _write(frame: pd.DataFrame, columns: tuple[str, ...], path: Path) -> None:
    if tuple(frame.columns) != columns:
        raise ValueError(f"{path}: expected columns {columns}, got {tuple(frame.columns)}")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_format(path) == "csv":
        pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))
    else:
        pq.write_table(table, path)


def write_population(
    population: Population,
    records_path: Path,
    truth_path: Path,
    noise_path: Path | None = None,
) -> None:
    """Write the records and truth files (and, if asked, the log of noise per record)."""
    _write(population.records, RECORD_COLUMNS, records_path)
    _write(population.truth, TRUTH_COLUMNS, truth_path)
    if noise_path is not None:
        _write(population.noise, NOISE_COLUMNS, noise_path)


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if file_format(path) == "csv":
        types = {c: pa.string() for c in columns if c != "unaccompanied_child"}
        table = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, include_columns=list(columns)
            ),
        )
    else:
        table = pq.read_table(path, columns=list(columns))
    frame: pd.DataFrame = table.to_pandas()
    return frame


def read_population(
    records_path: Path, truth_path: Path, noise_path: Path | None = None
) -> Population:
    """Read files written by ``write_population`` (empty text stays empty, not NaN)."""
    noise = (
        _read(noise_path, NOISE_COLUMNS)
        if noise_path is not None
        else pd.DataFrame({c: pd.Series([], dtype="str") for c in NOISE_COLUMNS})
    )
    return Population(
        records=_read(records_path, RECORD_COLUMNS),
        truth=_read(truth_path, TRUTH_COLUMNS),
        noise=noise,
    )
