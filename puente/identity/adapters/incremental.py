"""Candidate matches for one new registration against every record held, while the registrar waits.

Candidates are the held records sharing any prediction blocking key with the new record (one
indexed DuckDB query); only those few are scored by the trained model.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
from splink import DuckDBAPI, Linker
from splink.internals.realtime import compare_records

from puente.identity.adapters.features import NATIONALITY_SCOPED, feature_row, feature_table
from puente.identity.adapters.model import PREDICTION_BLOCKING_KEYS
from puente.identity.adapters.splink_linker import make_linker, term_frequency_sql, train

_TF_COLUMNS = (*(f"{column}_nat" for column in NATIONALITY_SCOPED), "phone")
_HELD = "identity_held"


@dataclass(frozen=True, slots=True)
class Candidate:
    record_id: str
    match_probability: float
    match_weight: float


def _rule_condition(columns: tuple[str, ...]) -> str:
    return "(" + " and ".join(f"h.{c} = q.{c}" for c in columns) + ")"


class CandidateMatcher:
    """Holds the records and a trained model; answers "who might this new person already be?".

    Term frequencies of the held records are stored with them and kept in memory for the new
    record, and the scoring SQL is generated once and cached: a query is one scan of the held
    keys and one small scoring query.
    """

    def __init__(self, held: pa.Table, model: dict[str, Any]) -> None:
        """``held`` is the feature table of the records held; ``model`` a trained Splink model."""
        self._db = DuckDBAPI()
        self._con = self._db.duckdb_con
        self._model = model
        self._con.register("identity_held_arrow", held)
        self._frequencies: dict[str, dict[str, float]] = {}
        joins = []
        for column in _TF_COLUMNS:
            sql = term_frequency_sql(column, "identity_held_arrow")
            frequencies = self._con.sql(sql).select(column, f"tf_{column}").to_arrow_table()
            self._con.register(f"identity_tf_{column}", frequencies)
            values = frequencies.column(column).to_pylist()
            self._frequencies[column] = dict(
                zip(values, frequencies.column(f"tf_{column}").to_pylist(), strict=True)
            )
            joins.append(f"left join identity_tf_{column} using ({column})")
        self._con.sql(
            f"create table {_HELD} as select * from identity_held_arrow {' '.join(joins)}"  # noqa: S608
        )
        self._con.unregister("identity_held_arrow")
        self._cache_key = f"puente-identity-{id(self)}"
        conditions = " or ".join(_rule_condition(rule) for rule in PREDICTION_BLOCKING_KEYS)
        self._candidate_sql = f"select h.* from {_HELD} h, identity_query q where {conditions}"  # noqa: S608

    @classmethod
    def from_linker(cls, linker: Linker, held: pa.Table) -> CandidateMatcher:
        return cls(held, linker.misc.save_model_to_json())

    def candidates(self, record: Mapping[str, str], floor: float = 0.01) -> list[Candidate]:
        """Held records that may be this person, most probable first."""
        row = feature_row(record)
        for column in _TF_COLUMNS:
            row[f"tf_{column}"] = self._frequencies[column].get(str(row[column]))
        query = pa.Table.from_pylist([row])
        self._con.register("identity_query", query)
        try:
            found = self._con.sql(self._candidate_sql).to_arrow_table()
        finally:
            self._con.unregister("identity_query")
        if found.num_rows == 0:
            return []
        scored = compare_records(found, query, self._model, self._db, sql_cache_key=self._cache_key)
        columns = ["unique_id_l", "match_probability", "match_weight"]
        rows = scored.as_pyarrow_table().select(columns)  # type: ignore[no-untyped-call]
        # compare_records leaves its inputs and result behind under one uid; drop all three.
        uid = scored.physical_name.rsplit("_", 1)[-1]
        for table in ("compare_records_left", "compare_records_right", "realtime_compare_records"):
            self._db.delete_table_from_database(f"__splink__{table}_{uid}")
        matches = [
            Candidate(
                str(r["unique_id_l"]), float(r["match_probability"]), float(r["match_weight"])
            )
            for r in rows.to_pylist()
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
    linker = make_linker(DuckDBAPI(), held)
    train(linker, seed=seed)
    return CandidateMatcher.from_linker(linker, held)
