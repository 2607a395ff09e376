"""Turns registration records into the comparison-key table the linkage model reads.

In bulk, each distinct name or date is normalised once by the domain rules and the result fanned
out by index, which keeps a million records to seconds; a single record takes a direct path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

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

_SEP = "\x1f"
_STRINGS = pa.list_(pa.string())
_SEXES = ("female", "male")

NAME_FIELDS: Mapping[str, pa.DataType] = {
    "given_full": pa.string(),
    "given_key": pa.string(),
    "given_tokens": _STRINGS,
    "given_phonetic": _STRINGS,
    "surname_joined": pa.string(),
    "surname_sorted": pa.string(),
    "surname_key": pa.string(),
    "surname_keys": _STRINGS,
    "surname_phonetic": _STRINGS,
    "name_pair_key": pa.string(),
    "phonetic_pair_key": pa.string(),
}
DATE_FIELDS: Mapping[str, pa.DataType] = {
    "dob_year": pa.int32(),
    "dob_month": pa.int32(),
    "dob_day": pa.int32(),
    "dob_precision": pa.string(),
    "dob_digits": pa.string(),
}
SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        *NAME_FIELDS.items(),
        *DATE_FIELDS.items(),
        ("sex", pa.string()),
        ("nationality", pa.string()),
        ("phone", pa.string()),
    ]
)


class InputError(ValueError):
    """Records that lack a column the model needs, or repeat a record id."""


def _name_values(names: NameKeys) -> dict[str, object]:
    return {
        "given_full": names.given_full,
        "given_key": names.given_key,
        "given_tokens": list(names.given_tokens),
        "given_phonetic": list(names.given_phonetic),
        "surname_joined": names.surname_joined,
        "surname_sorted": names.surname_sorted,
        "surname_key": names.surname_key,
        "surname_keys": list(names.surname_keys),
        "surname_phonetic": list(names.surname_phonetic),
        "name_pair_key": names.name_pair_key,
        "phonetic_pair_key": names.phonetic_pair_key,
    }


def _date_values(birth: BirthDate | None) -> dict[str, object]:
    if birth is None:
        return dict.fromkeys(DATE_FIELDS)
    return {
        "dob_year": birth.year,
        "dob_month": birth.month,
        "dob_day": birth.day,
        "dob_precision": birth.precision.value,
        "dob_digits": birth.digits,
    }


def _names(joined: str) -> dict[str, object]:
    given, first, second = joined.split(_SEP)
    return _name_values(name_keys(given, first, second))


def _date(joined: str) -> dict[str, object]:
    text, precision = joined.split(_SEP)
    return _date_values(parse_birth_date(text, precision))


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype("string").fillna("").str.strip()


def _nullable(values: pd.Series) -> pa.Array:
    """Empty text as null, so an unknown value never counts as agreement."""
    return pa.array(values.mask(values == ""), type=pa.string(), from_pandas=True)


def _fan_out(
    keys: pd.Series, compute: Callable[[str], dict[str, object]], fields: Mapping[str, pa.DataType]
) -> dict[str, pa.Array]:
    """Compute once per distinct key, then give every row the result of its key."""
    codes, uniques = pd.factorize(keys, sort=False)
    results = [compute(str(u)) for u in uniques]
    indices = pa.array(codes, type=pa.int64())
    return {
        field: pa.array([r[field] for r in results], type=kind).take(indices)
        for field, kind in fields.items()
    }


def _check_columns(columns: Iterable[str]) -> None:
    present = set(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise InputError(f"input lacks column(s): {', '.join(missing)}")


def feature_table(records: pd.DataFrame) -> pa.Table:
    """The comparison keys of every record, keyed by ``unique_id`` (the record id)."""
    _check_columns(str(c) for c in records.columns)
    record_ids = _text(records, "record_id")
    if record_ids.duplicated().any():
        raise InputError("record_id must be unique")
    names = _text(records, "given_names") + _SEP + _text(records, "first_surname")
    names = names + _SEP + _text(records, "second_surname")
    dates = _text(records, "birth_date") + _SEP + _text(records, "birth_precision")
    sex = _text(records, "sex").str.lower()
    columns = {
        "unique_id": _nullable(record_ids),
        **_fan_out(names, _names, NAME_FIELDS),
        **_fan_out(dates, _date, DATE_FIELDS),
        "sex": _nullable(sex.where(sex.isin(_SEXES), "")),
        "nationality": _nullable(_text(records, "nationality").str.upper()),
        "phone": _nullable(_text(records, "phone")),
    }
    return pa.table(columns, schema=SCHEMA)


def feature_row(record: Mapping[str, str]) -> dict[str, object]:
    """The comparison keys of one record (the registration form's path: no table overhead)."""
    _check_columns(record)
    text = {c: (record.get(c) or "").strip() for c in REQUIRED_COLUMNS}
    sex = text["sex"].lower()
    return {
        "unique_id": text["record_id"] or None,
        **_name_values(
            name_keys(text["given_names"], text["first_surname"], text["second_surname"])
        ),
        **_date_values(parse_birth_date(text["birth_date"], text["birth_precision"])),
        "sex": sex if sex in _SEXES else None,
        "nationality": text["nationality"].upper() or None,
        "phone": text["phone"] or None,
    }
