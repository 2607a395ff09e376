"""Turns registration records into the comparison-key table the linkage model reads.

In bulk, each distinct name or date is normalised once by the domain rules and the result fanned
out by index, which keeps a million records to seconds; a single record takes a direct path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from puente.identity.domain.dates import BirthDate, parse_birth_date
from puente.identity.domain.names import (
    GivenKeys,
    NameKeys,
    SurnameKeys,
    given_keys,
    name_keys,
    phonetic_key,
    surname_keys,
)

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
# Used when present: people in one family registration are different people, a person's role in
# their family rarely changes between registrations, and people often register again where
# they first did.
OPTIONAL_COLUMNS: tuple[str, ...] = ("family_id", "relationship", "registration_city")

SEP = "\x1f"
T = TypeVar("T")
_STRINGS = pa.list_(pa.string())
_SEXES = ("female", "male")

# Name keys whose frequency is counted within the person's nationality ("Fotso" is rare overall but
# common among Cameroonians): the key prefixed with the nationality, for term-frequency lookups.
NATIONALITY_SCOPED: tuple[str, ...] = ("given_full", "given_key", "surname_joined", "surname_key")

GIVEN_FIELDS: Mapping[str, pa.DataType] = {
    "given_full": pa.string(),
    "given_key": pa.string(),
    "given_tokens": _STRINGS,
    "given_phonetic": _STRINGS,
}
SURNAME_FIELDS: Mapping[str, pa.DataType] = {
    "surname_joined": pa.string(),
    "surname_sorted": pa.string(),
    "surname_key": pa.string(),
    "surname_keys": _STRINGS,
    "surname_phonetic": _STRINGS,
}
PAIR_FIELDS: Mapping[str, pa.DataType] = {
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
        *GIVEN_FIELDS.items(),
        *SURNAME_FIELDS.items(),
        *PAIR_FIELDS.items(),
        *DATE_FIELDS.items(),
        ("sex", pa.string()),
        ("nationality", pa.string()),
        ("phone", pa.string()),
        ("family_id", pa.string()),
        ("relationship", pa.string()),
        ("registration_city", pa.string()),
        *((f"{column}_nat", pa.string()) for column in NATIONALITY_SCOPED),
    ]
)


class InputError(ValueError):
    """Records that lack a column the model needs, or repeat a record id."""


def _given_values(given: GivenKeys) -> dict[str, object]:
    return {
        "given_full": given.full,
        "given_key": given.key,
        "given_tokens": list(given.tokens),
        "given_phonetic": list(given.phonetic),
    }


def _surname_values(surname: SurnameKeys) -> dict[str, object]:
    return {
        "surname_joined": surname.joined,
        "surname_sorted": surname.sorted,
        "surname_key": surname.key,
        "surname_keys": list(surname.keys),
        "surname_phonetic": list(surname.phonetic),
    }


def _name_values(names: NameKeys) -> dict[str, object]:
    return {
        **_given_values(names.given),
        **_surname_values(names.surname),
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


def _given(text: str) -> dict[str, object]:
    return _given_values(given_keys(text))


def _surnames(joined: str) -> dict[str, object]:
    first, second = joined.split(SEP)
    return _surname_values(surname_keys(first, second))


def _date(joined: str) -> dict[str, object]:
    text, precision = joined.split(SEP)
    return _date_values(parse_birth_date(text, precision))


def text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped text, empty for missing values (and for a column not given)."""
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[column].astype("string").fillna("").str.strip()


def _nullable(values: pd.Series) -> pa.Array:
    """Empty text as null, so an unknown value never counts as agreement."""
    return pa.array(values.mask(values == ""), type=pa.string(), from_pandas=True)


def _pair_keys(given_key: pa.Array, surname_key: pa.Array) -> pa.Array:
    """NameKeys.name_pair_key for a whole column at once: the two keys in a fixed order."""
    first = pc.less_equal(given_key, surname_key)
    low = pc.if_else(first, given_key, surname_key)
    high = pc.if_else(first, surname_key, given_key)
    return pc.binary_join_element_wise(low, high, "|")


def _phonetic(keys: pa.Array) -> pa.Array:
    codes, uniques = pd.factorize(keys.to_pandas(), sort=False, use_na_sentinel=True)
    values = pa.array([phonetic_key(str(u)) for u in uniques], type=pa.string())
    return values.take(pa.array(codes, type=pa.int64(), mask=codes < 0))


def per_distinct(keys: pd.Series, compute: Callable[[str], T]) -> tuple[list[T], np.ndarray]:
    """``compute`` once per distinct key (keys repeat a lot): the results, and each row's index
    into them."""
    codes, uniques = pd.factorize(keys, sort=False)
    # As a plain list: stepping through an Arrow-backed array one value at a time is slow.
    return [compute(str(u)) for u in uniques.tolist()], codes


def _fan_out(
    keys: pd.Series, compute: Callable[[str], dict[str, object]], fields: Mapping[str, pa.DataType]
) -> dict[str, pa.Array]:
    """Compute once per distinct key, then give every row the result of its key."""
    results, codes = per_distinct(keys, compute)
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
    record_ids = text_column(records, "record_id")
    if record_ids.duplicated().any():
        raise InputError("record_id must be unique")
    surnames = text_column(records, "first_surname") + SEP + text_column(records, "second_surname")
    dates = text_column(records, "birth_date") + SEP + text_column(records, "birth_precision")
    sex = pa.array(text_column(records, "sex").str.lower(), type=pa.string(), from_pandas=True)
    given = _fan_out(text_column(records, "given_names"), _given, GIVEN_FIELDS)
    surname = _fan_out(surnames, _surnames, SURNAME_FIELDS)
    given_key, surname_key = given["given_key"], surname["surname_key"]
    optional = {
        column: _nullable(text_column(records, column))
        if column in records.columns
        else pa.nulls(len(records), pa.string())
        for column in OPTIONAL_COLUMNS
    }
    nationality = _nullable(text_column(records, "nationality").str.upper())
    columns = {
        "unique_id": _nullable(record_ids),
        **given,
        **surname,
        "name_pair_key": _pair_keys(given_key, surname_key),
        "phonetic_pair_key": _pair_keys(_phonetic(given_key), _phonetic(surname_key)),
        **_fan_out(dates, _date, DATE_FIELDS),
        "sex": pc.if_else(pc.is_in(sex, value_set=pa.array(_SEXES)), sex, None),
        "nationality": nationality,
        "phone": _nullable(text_column(records, "phone")),
        **optional,
    }
    for column in NATIONALITY_SCOPED:
        columns[f"{column}_nat"] = pc.binary_join_element_wise(nationality, columns[column], ":")
    return pa.table(columns, schema=SCHEMA)


def feature_row(record: Mapping[str, str]) -> dict[str, object]:
    """The comparison keys of one record (the registration form's path: no table overhead)."""
    _check_columns(record)
    text = {c: (record.get(c) or "").strip() for c in REQUIRED_COLUMNS}
    sex = text["sex"].lower()
    row: dict[str, object] = {
        "unique_id": text["record_id"] or None,
        **_name_values(
            name_keys(text["given_names"], text["first_surname"], text["second_surname"])
        ),
        **_date_values(parse_birth_date(text["birth_date"], text["birth_precision"])),
        "sex": sex if sex in _SEXES else None,
        "nationality": text["nationality"].upper() or None,
        "phone": text["phone"] or None,
        **{column: (record.get(column) or "").strip() or None for column in OPTIONAL_COLUMNS},
    }
    for column in NATIONALITY_SCOPED:
        value = row[column]
        row[f"{column}_nat"] = (
            f"{row['nationality']}:{value}" if row["nationality"] and value else None
        )
    return row
