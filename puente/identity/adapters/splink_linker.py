"""Training and scoring the identity model with Splink on DuckDB (or any Splink backend API).

Training is unsupervised: u from random pairs, m by expectation maximisation in two passes, each
grouped on keys from one part of the record so the other parts can be learnt; every comparison
must come out trained by some pass that did not group on its own columns.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, block_on

from puente.identity.adapters.features import NATIONALITY_SCOPED
from puente.identity.adapters.model import KEY_SOURCES, Dialect, settings

# Where a pass groups records, which comparisons it must leave alone, and how many pairs it uses.
TRAINING_PASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("names and contacts, grouped on exact date of birth", ("dob_digits",)),
    # The full names, not the first given name and surname: as many pairs to learn from, but at
    # a million records those keys put 254 M pairs in the join that samples 1 M, the full names 3 M.
    (
        "dates and contacts, grouped on all given names and surnames",
        ("given_full", "surname_joined"),
    ),
)
_EM_MAX_PAIRS = 5e5
_U_MAX_PAIRS = 1e6
# Deterministic rule for the prior: all name keys and the full date agree; such records are almost
# always one person, but the generator's noise means they are only part of the true pairs.
_PRIOR_RULE = ("given_full", "surname_joined", "dob_digits")
_PRIOR_RECALL = 0.45
# The population the threshold and review band were tuned on (docs/identity.md).
REFERENCE_RECORDS = 200_000
# Above the reference size the prior is the estimate times (N / reference) ** this exponent. The
# estimate falls as 1/N; at exponent 1 the same evidence scored as at the reference size, but a
# record at 1 M has five times the namesakes, and pairwise precision fell from 0.9981 to 0.9914.
# The weights overstate agreement among namesakes (a common name, birth year and nationality
# agree together, not independently), so even the plain estimate (0) let precision fall; this
# value, measured at 1 M, keeps precision at the 200 k figure at recall above 0.90.
PRIOR_SIZE_EXPONENT = -0.5

# DuckDB's share of the machine: the linkage is sized for two cores, and bounded memory makes
# DuckDB spill its largest joins to disk instead of growing past the process's budget.
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "2GB"


def duckdb_api() -> DuckDBAPI:
    """An in-memory DuckDB for Splink, with the thread count and memory bound above."""
    connection = duckdb.connect(
        config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY_LIMIT}
    )
    return DuckDBAPI(connection)


class TrainingError(RuntimeError):
    """A training pass would bias the model, or a comparison ended up with no estimates."""


@dataclass(frozen=True, slots=True)
class TrainingReport:
    trained_by_pass: Mapping[str, tuple[str, ...]]
    levels_not_observed: tuple[str, ...]
    # The prior the probabilities use, and the one estimated on the whole population.
    probability_two_random_records_match: float
    estimated_probability_two_random_records_match: float


def term_frequency_sql(column: str, table: str) -> str:
    """Share of each value among non-null values; for nationality-scoped keys, among people of
    the same nationality (the key carries it, so grouping by key groups by nationality too)."""
    scope = "partition by nationality" if column.endswith("_nat") else ""
    return (
        f"select {column}, cast(count(*) as double) / sum(count(*)) over ({scope}) as tf_{column} "  # noqa: S608
        f"from {table} where {column} is not null group by {column}, nationality"
    )


def make_linker(db_api: Any, features: Any, dialect: Dialect = "duckdb") -> Linker:
    """The model over ``features`` (an Arrow table, or the backend's own frame) on ``db_api``."""
    table = db_api.register(features, dataset_display_name="identity_features")
    # Training diagnostics come back in TrainingReport; Splink's log lines would repeat them.
    linker = Linker(table, settings(dialect), log_level=logging.ERROR)
    for column in NATIONALITY_SCOPED:
        scoped = f"{column}_nat"
        frequencies = linker.misc.query_sql(  # type: ignore[no-untyped-call]
            term_frequency_sql(scoped, table.physical_name), output_type="splink_df"
        )
        linker.table_management.register_term_frequency_lookup(frequencies, scoped)
    return linker


def duckdb_linker(features: pa.Table) -> Linker:
    return make_linker(duckdb_api(), features)


def _check_pass(name: str, blocking_columns: Sequence[str], excluded: set[str]) -> None:
    """Splink only skips comparisons that read a blocking column by name; derived keys hide the
    link, so the comparisons each key is made from must be among those Splink skipped."""
    required = set().union(*(KEY_SOURCES.get(column, frozenset()) for column in blocking_columns))
    if not required <= excluded:
        wrongly_trained = sorted(required - excluded)
        raise TrainingError(
            f"pass '{name}' groups on {blocking_columns} but trains {wrongly_trained}"
        )


def prior_for_size(estimated: float, records: int) -> float:
    """The prior the probabilities use: the estimate, made stricter above ``REFERENCE_RECORDS``
    as ``PRIOR_SIZE_EXPONENT`` says. Smaller populations keep their own prior."""
    scale: float = max(1.0, records / REFERENCE_RECORDS) ** PRIOR_SIZE_EXPONENT
    return min(1.0, estimated * scale)


def train(linker: Linker, seed: int, records: int) -> TrainingReport:
    """Estimate the prior, u and m; raise if any comparison is left without estimates.

    ``records`` is the population's size, for stating the prior at the reference size.
    """
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*_PRIOR_RULE)], recall=_PRIOR_RECALL
    )
    estimated = linker._settings_obj._probability_two_random_records_match
    linker.training.estimate_u_using_random_sampling(max_pairs=_U_MAX_PAIRS, seed=seed)
    all_names = [c.output_column_name for c in linker._settings_obj.comparisons]
    trained_by_pass: dict[str, tuple[str, ...]] = {}
    for name, columns in TRAINING_PASSES:
        session = linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*columns), estimate_without_term_frequencies=True, max_pairs=_EM_MAX_PAIRS
        )
        excluded = {c.output_column_name for c in session._comparisons_that_cannot_be_estimated}
        _check_pass(name, columns, excluded)
        trained_by_pass[name] = tuple(c for c in all_names if c not in excluded)
    never = set(all_names) - {c for trained in trained_by_pass.values() for c in trained}
    if never:
        raise TrainingError(f"no training pass estimated: {sorted(never)}")
    linker._settings_obj._probability_two_random_records_match = prior_for_size(estimated, records)
    unobserved = tuple(
        f"{comparison.output_column_name}: {level.label_for_charts}"
        for comparison in linker._settings_obj.comparisons
        for level in comparison.comparison_levels
        if not level._m_is_trained
    )
    return TrainingReport(
        trained_by_pass=trained_by_pass,
        levels_not_observed=unobserved,
        probability_two_random_records_match=linker._settings_obj._probability_two_random_records_match,
        estimated_probability_two_random_records_match=estimated,
    )


def level_labels(linker: Linker) -> dict[str, dict[int, str]]:
    """Each comparison's level labels by comparison-vector value, to explain a match."""
    return {
        comparison.output_column_name: {
            level.comparison_vector_value: level.label_for_charts
            for level in comparison.comparison_levels
        }
        for comparison in linker._settings_obj.comparisons
    }


def scored_pairs(linker: Linker, floor: float) -> pa.Table:
    """Candidate pairs at or above ``floor``: ids, probability, and per comparison its level and
    match weight including any term-frequency adjustment (the explanation of the score)."""
    predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
    explained = []
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        weight = f"mw_{name}"
        if comparison._has_tf_adjustments:
            weight = f"mw_{name} + coalesce(mw_tf_adj_{name}, 0)"
        explained += [f"gamma_{name} as level_{name}", f"{weight} as weight_{name}"]
    columns = ", ".join(
        ["unique_id_l", "unique_id_r", "match_probability", "match_weight", *explained]
    )
    # Column and table names come from the model settings, never from user input.
    query = f"select {columns} from {predictions.physical_name}"  # noqa: S608
    table: pa.Table = linker.misc.query_sql(  # type: ignore[no-untyped-call]
        query, output_type="splink_df"
    ).as_pyarrow_table()
    predictions.drop_table_from_database_and_remove_from_cache()
    return table
