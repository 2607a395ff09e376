"""Batch identity resolution of a table of records: normalise, train, score, cluster, explain.

Returns per-record cluster ids and probabilities, and the explained pairs (the evidence a
reviewer sees), including those the policy sends to review.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker

from puente.identity.adapters.features import SEP, feature_table, per_distinct, text_column
from puente.identity.adapters.splink_linker import (
    TrainingReport,
    duckdb_linker,
    level_labels,
    scored_pairs,
    train,
)
from puente.identity.domain.clustering import ClusterId, HardFields, RecordId, ScoredPair
from puente.identity.domain.dates import parse_birth_date
from puente.identity.domain.names import name_keys
from puente.identity.domain.review import ReviewDecision
from puente.identity.services.resolve import ResolutionPolicy, resolve
from puente.shared.collector import collector_paused

# Chosen on the 200 k synthetic set: pairwise precision 0.999 at recall 0.91 (docs/identity.md).
DEFAULT_POLICY = ResolutionPolicy.with_threshold(threshold=0.8, review_floor=0.3)

Progress = Callable[[str], None]

_HARD_FIELD_COLUMNS = (
    "record_id",
    "given_names",
    "first_surname",
    "second_surname",
    "birth_date",
    "birth_precision",
    "sex",
    "family_id",
)


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    assignments: pd.DataFrame
    pairs: pd.DataFrame
    training: TrainingReport
    # The trained Splink model (its JSON), which the registration check scores with.
    model: Mapping[str, Any] = field(default_factory=dict)
    seconds: Mapping[str, float] = field(default_factory=dict)


def hard_fields(records: pd.DataFrame, wanted: Collection[RecordId]) -> dict[RecordId, HardFields]:
    record_ids = pa.array(text_column(records, "record_id"), from_pandas=True)
    keep = pc.is_in(record_ids, value_set=pa.array(list(wanted), type=pa.string()))
    # Only the columns read below: copying all of a wide table's rows costs more than the rest.
    columns = [c for c in _HARD_FIELD_COLUMNS if c in records.columns]
    subset = records.loc[keep.to_numpy(zero_copy_only=False), columns]

    def text(column: str) -> pd.Series:
        # A column left out of the copy would read as blank and pass every check it feeds.
        if column not in _HARD_FIELD_COLUMNS:
            raise KeyError(f"{column} is not among the hard-field columns copied")
        return text_column(subset, column)

    names, name_codes = per_distinct(
        text("given_names") + SEP + text("first_surname") + SEP + text("second_surname"),
        lambda joined: name_keys(*joined.split(SEP)),
    )
    dates, date_codes = per_distinct(
        text("birth_date") + SEP + text("birth_precision"),
        lambda joined: parse_birth_date(*joined.split(SEP)),
    )
    rows = zip(
        text("record_id").tolist(),
        name_codes.tolist(),
        date_codes.tolist(),
        text("sex").str.lower().tolist(),
        text("family_id").tolist(),
        strict=True,
    )
    return {
        record: HardFields(
            names=names[name],
            birth_date=dates[date],
            sex=sex if sex in ("female", "male") else None,
            family_registration=family or None,
        )
        for record, name, date, sex, family in rows
    }


def _explained(pairs: pa.Table, labels: Mapping[str, Mapping[int, str]]) -> pd.DataFrame:
    frame = pairs.to_pandas()
    for name, by_value in labels.items():
        frame[f"level_{name}"] = frame[f"level_{name}"].map(by_value)
    renamed: pd.DataFrame = frame.rename(
        columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"}
    )
    return renamed


def _among(keys: pa.ChunkedArray, pairs: Iterable[ScoredPair]) -> np.ndarray:
    """Whether each pair key (``left SEP right``) is one of ``pairs``."""
    wanted = pa.array([f"{p.left}{SEP}{p.right}" for p in pairs], type=pa.string())
    found: np.ndarray = pc.is_in(keys, value_set=wanted).to_numpy(zero_copy_only=False)
    return found


def link_records(
    records: pd.DataFrame,
    policy: ResolutionPolicy = DEFAULT_POLICY,
    *,
    seed: int = 42,
    previous: Mapping[RecordId, ClusterId] | None = None,
    decisions: Iterable[ReviewDecision] = (),
    progress: Progress = lambda _: None,
    linker_for: Callable[[pa.Table], Linker] = duckdb_linker,
) -> BatchOutcome:
    """``linker_for`` builds the model on a backend: DuckDB here, or Spark (``spark_linker``)."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[step] = now - started
        started = now

    progress("normalising names and dates")
    with collector_paused():
        features = feature_table(records)
    lap("normalise")
    progress("training the model (unsupervised)")
    linker = linker_for(features)
    report = train(linker, seed=seed, records=features.num_rows)
    lap("train")
    progress("scoring candidate pairs")
    pairs_table = scored_pairs(linker, min(policy.review_band.lower, policy.threshold))
    lap("score")
    progress("clustering")
    with collector_paused():
        assignments, explained = _clustered(
            records, features, pairs_table, level_labels(linker), policy, previous, decisions
        )
    lap("cluster")
    return BatchOutcome(assignments, explained, report, linker.misc.save_model_to_json(), seconds)


def _clustered(
    records: pd.DataFrame,
    features: pa.Table,
    pairs_table: pa.Table,
    labels: Mapping[str, Mapping[int, str]],
    policy: ResolutionPolicy,
    previous: Mapping[RecordId, ClusterId] | None,
    decisions: Iterable[ReviewDecision],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each record's cluster, and the scored pairs explained and marked joined or for review."""
    left = pairs_table.column("unique_id_l").to_pylist()
    right = pairs_table.column("unique_id_r").to_pylist()
    probability = pairs_table.column("match_probability").to_pylist()
    pairs = [ScoredPair(*pair) for pair in zip(left, right, probability, strict=True)]
    record_ids = features.column("unique_id").to_pylist()
    resolution = resolve(
        record_ids,
        pairs,
        partial(hard_fields, records),
        policy,
        previous=previous,
        decisions=decisions,
    )
    assignments = pd.DataFrame(
        {
            "record_id": record_ids,
            "cluster_id": list(map(resolution.cluster_ids.__getitem__, record_ids)),
            "match_probability": list(map(resolution.match_probability.get, record_ids)),
        }
    )
    explained = _explained(pairs_table, labels)
    keys = pc.binary_join_element_wise(
        pairs_table.column("unique_id_l"), pairs_table.column("unique_id_r"), SEP
    )
    explained["joined"] = _among(keys, resolution.joining_pairs)
    explained["needs_review"] = _among(keys, resolution.for_review)
    return assignments, explained
