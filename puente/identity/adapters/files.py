"""Reading and writing record tables as CSV or Parquet, chosen by the file's extension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SUFFIXES = (".csv", ".parquet")


class FileFormatError(ValueError):
    """A path whose extension is neither .csv nor .parquet."""


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileFormatError(f"{path}: expected a .csv or .parquet file")
    return suffix


def read_table(path: Path) -> pd.DataFrame:
    """All columns as text, empty cells as empty strings: ids such as "00123" stay intact."""
    if _suffix(path) == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.read_parquet(path)
    return frame.astype("string").fillna("")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    if _suffix(path) == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
