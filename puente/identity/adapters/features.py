"""Turns registration records into the comparison-key table the linkage model reads.

Each distinct name or date is normalised once by the domain rules and the result fanned out by
index, which keeps a million records to a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import pandas as pd
import pyarrow as pa

from puente.identity.domain.dates import BirthDate, parse_birth_date
from puente.identity.domain.names import NameKeys, name_keys

# Input columns the model needs; the generator's export has these and more.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "record_id",
    "given_names",
    "first_surname",
    "second_surname",
    "sex",
    "birth_date",
    "birth_precision",
    "nationality",
    "phone",
)

_T = TypeVar("_T")
_SEP = "\x1f"
_STRINGS = pa.list_(pa.string())


class InputError(ValueError):
    """Records that lack a column the model needs, or repeat a record id."""


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype("string").fillna("").str.strip()


def _nullable(values: pd.Series) -> pa.Array:
    """Empty text as null, so an unknown value never counts as agreement."""
    return pa.array(values.mask(values == ""), type=pa.string(), from_pandas=True)


def _fan_out(keys: pd.Series, compute: Callable[[str], _T]) -> tuple[list[_T], pa.Array]:
    """Compute once per distinct key; return the per-key results and each row's index into them."""
    codes, uniques = pd.factorize(keys, sort=False)
    return [compute(str(u)) for u in uniques], pa.array(codes, type=pa.int64())


def _names(joined: str) -> NameKeys:
    given, first, second = joined.split(_SEP)
    return name_keys(given, first, second)


def _date(joined: str) -> BirthDate | None:
    text, precision = joined.split(_SEP)
    return parse_birth_date(text, precision)


def _column(values: Sequence[object], codes: pa.Array, kind: pa.DataType) -> pa.Array:
    return pa.array(values, type=kind).take(codes)


def feature_table(records: pd.DataFrame) -> pa.Table:
    """The comparison keys of every record, keyed by ``unique_id`` (the record id)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in records.columns]
    if missing:
        raise InputError(f"input lacks column(s): {', '.join(missing)}")
    record_ids = _text(records, "record_id")
    if record_ids.duplicated().any():
        raise InputError("record_id must be unique")

    name_input = (
        _text(records, "given_names")
        + _SEP
        + _text(records, "first_surname")
        + _SEP
        + _text(records, "second_surname")
    )
    names, name_codes = _fan_out(name_input, _names)
    dates, date_codes = _fan_out(
        _text(records, "birth_date") + _SEP + _text(records, "birth_precision"), _date
    )
    sex = _text(records, "sex").str.lower()
    phone = _text(records, "phone")
    nationality = _text(records, "nationality").str.upper()

    columns: dict[str, pa.Array] = {
        "unique_id": _nullable(record_ids),
        "given_full": _column([n.given_full for n in names], name_codes, pa.string()),
        "given_key": _column([n.given_key for n in names], name_codes, pa.string()),
        "given_tokens": _column([list(n.given_tokens) for n in names], name_codes, _STRINGS),
        "given_phonetic": _column([list(n.given_phonetic) for n in names], name_codes, _STRINGS),
        "surname_joined": _column([n.surname_joined for n in names], name_codes, pa.string()),
        "surname_sorted": _column([n.surname_sorted for n in names], name_codes, pa.string()),
        "surname_key": _column([n.surname_key for n in names], name_codes, pa.string()),
        "surname_keys": _column([list(n.surname_keys) for n in names], name_codes, _STRINGS),
        "surname_phonetic": _column(
            [list(n.surname_phonetic) for n in names], name_codes, _STRINGS
        ),
        "name_pair_key": _column([n.name_pair_key for n in names], name_codes, pa.string()),
        "phonetic_pair_key": _column([n.phonetic_pair_key for n in names], name_codes, pa.string()),
        "dob_year": _column([d.year if d else None for d in dates], date_codes, pa.int32()),
        "dob_month": _column([d.month if d else None for d in dates], date_codes, pa.int32()),
        "dob_day": _column([d.day if d else None for d in dates], date_codes, pa.int32()),
        "dob_precision": _column(
            [d.precision.value if d else None for d in dates], date_codes, pa.string()
        ),
        "dob_digits": _column([d.digits if d else None for d in dates], date_codes, pa.string()),
        "sex": _nullable(sex.where(sex.isin(["female", "male"]), "")),
        "nationality": _nullable(nationality),
        "phone": _nullable(phone),
    }
    return pa.table(columns)
