"""Candidate matches for one new registration against every record held, while the registrar waits.

Candidates are the held records sharing any prediction blocking key with the new record, found in
an in-memory index; only those few are scored by the trained model, through Splink's own scoring
SQL, generated once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from splink import Linker
from splink.internals.realtime import compare_records

from puente.identity.adapters.features import NATIONALITY_SCOPED, feature_row, feature_table
from puente.identity.adapters.model import PREDICTION_BLOCKING_KEYS
from puente.identity.adapters.splink_linker import (
    duckdb_api,
    make_linker,
    term_frequency_sql,
    train,
)

_TF_COLUMNS = (*(f"{column}_nat" for column in NATIONALITY_SCOPED), "phone")
_LEFT, _RIGHT = "identity_candidates", "identity_new_record"

KeyIndex = dict[tuple[Any, ...], np.ndarray]


@dataclass(frozen=True, slots=True)
class Candidate:
    record_id: str
    match_probability: float
    match_weight: float


def _index(held: pa.Table, columns: tuple[str, ...]) -> KeyIndex:
    frame = held.select(list(columns)).to_pandas()
    groups = frame.groupby(list(columns), dropna=True, sort=False).indices
    return {key if isinstance(key, tuple) else (key,): rows for key, rows in groups.items()}


class CandidateMatcher:
    """Holds the records and a trained model; answers "who might this new person already be?"."""

    def __init__(self, held: pa.Table, model: dict[str, Any]) -> None:
        """``held`` is the feature table of the records held; ``model`` a trained Splink model."""
        self._db = duckdb_api()
        self._con = self._db.duckdb_con
        self._con.register("identity_held_arrow", held)
        self._frequencies: dict[str, dict[str, float]] = {}
        for column in _TF_COLUMNS:
            sql = term_frequency_sql(column, "identity_held_arrow")
            table = self._con.sql(sql).select(column, f"tf_{column}").to_arrow_table()
            self._frequencies[column] = dict(
                zip(table.column(0).to_pylist(), table.column(1).to_pylist(), strict=True)
            )
        self._con.unregister("identity_held_arrow")
        self._held = self._with_frequencies(held)
        self._indexes = [(rule, _index(held, rule)) for rule in PREDICTION_BLOCKING_KEYS]
        self._prepare_scoring(model)

    def _with_frequencies(self, held: pa.Table) -> pa.Table:
        return pa.table(
            {
                **{name: held.column(name) for name in held.column_names},
                **{f"tf_{c}": self._lookup(c, held.column(c)) for c in _TF_COLUMNS},
            }
        )

    def add(self, held: pa.Table) -> None:
        """Hold more records (registered since this matcher was built); the name frequencies
        stay those of the records it was built on, as the model's own do until the next run."""
        start = self._held.num_rows
        self._held = pa.concat_tables([self._held, self._with_frequencies(held)])
        for columns, index in self._indexes:
            for key, rows in _index(held, columns).items():
                shifted = rows + start
                index[key] = np.concatenate([index[key], shifted]) if key in index else shifted

    def _lookup(self, column: str, values: pa.ChunkedArray) -> pa.Array:
        frequencies = self._frequencies[column]
        return pa.array([frequencies.get(v) for v in values.to_pylist()], type=pa.float64())

    def _prepare_scoring(self, model: dict[str, Any]) -> None:
        """Have Splink score one pair, then keep its SQL, reading two fixed table names."""
        sample = self._held.slice(0, 1)
        scored = compare_records(sample, sample, model, self._db)
        sql = scored.sql_used_to_create
        for role, fixed in (("left", _LEFT), ("right", _RIGHT)):
            for name in set(re.findall(rf"__splink__compare_records_{role}_\w+", sql)):
                sql = sql.replace(name, fixed)
                self._db.delete_table_from_database(name)
        scored.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        self._scoring_sql = f"select unique_id_l, match_probability, match_weight from ({sql})"  # noqa: S608

    @classmethod
    def from_linker(cls, linker: Linker, held: pa.Table) -> CandidateMatcher:
        return cls(held, linker.misc.save_model_to_json())

    def candidates(self, record: Mapping[str, str], floor: float = 0.01) -> list[Candidate]:
        """Held records that may be this person, most probable first."""
        row = feature_row(record)
        for column in _TF_COLUMNS:
            row[f"tf_{column}"] = self._frequencies[column].get(str(row[column]))
        found: list[np.ndarray] = []
        for columns, index in self._indexes:
            key = tuple(row[c] for c in columns)
            if None not in key and key in index:
                found.append(index[key])
        if not found:
            return []
        rows = np.unique(np.concatenate(found))
        self._con.register(_LEFT, self._held.take(pa.array(rows)))
        self._con.register(_RIGHT, pa.Table.from_pylist([row], schema=self._held.schema))
        try:
            scored = self._con.sql(self._scoring_sql).to_arrow_table()
        finally:
            self._con.unregister(_LEFT)
            self._con.unregister(_RIGHT)
        matches = [
            Candidate(
                str(r["unique_id_l"]), float(r["match_probability"]), float(r["match_weight"])
            )
            for r in scored.to_pylist()
            if r["match_probability"] >= floor and r["unique_id_l"] != row["unique_id"]
        ]
        return sorted(matches, key=lambda c: (-c.match_probability, c.record_id))


def time_queries(matcher: CandidateMatcher, records: pd.DataFrame) -> list[float]:
    """Seconds per query, for the benchmark's latency percentiles."""
    timings = []
    for record in records.to_dict(orient="records"):
        started = time.perf_counter()
        matcher.candidates({str(k): str(v) for k, v in record.items()})
        timings.append(time.perf_counter() - started)
    return timings


def matcher_for(records: pd.DataFrame, seed: int = 42) -> CandidateMatcher:
    """Train on the held records themselves and index them: the start-up path of the service."""
    held = feature_table(records)
    linker = make_linker(duckdb_api(), held)
    train(linker, seed=seed, records=held.num_rows)
    return CandidateMatcher.from_linker(linker, held)
