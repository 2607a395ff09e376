"""End to end on a few hundred hand-built records: Splink training, clustering, stable ids,
review decisions, explanations, the SQL mirror of the date rules, and incremental search."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from puente.identity.adapters import splink_linker
from puente.identity.adapters.batch import BatchOutcome, link_records
from puente.identity.adapters.features import feature_row, feature_table
from puente.identity.adapters.incremental import matcher_for
from puente.identity.adapters.model import settings
from puente.identity.adapters.splink_linker import TRAINING_PASSES
from puente.identity.domain.dates import compare_birth_dates, parse_birth_date
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services.evaluation import evaluate
from tests.integration.identity.identity_population import build_population

Population = tuple[pd.DataFrame, pd.DataFrame]


@pytest.fixture(scope="module")
def population() -> Population:
    return build_population(people=160, seed=7)


@pytest.fixture(scope="module")
def outcome(population: Population) -> BatchOutcome:
    return link_records(population[0], seed=3)


def test_links_the_fixture_with_high_precision(
    population: Population, outcome: BatchOutcome
) -> None:
    records, truth = population
    overall = evaluate(outcome.assignments, truth, records).iloc[0]
    assert overall["nationality"] == "ALL"
    assert float(overall["pairwise_precision"]) >= 0.97
    assert float(overall["pairwise_recall"]) >= 0.5
    assert len(outcome.assignments) == len(records)


def test_every_comparison_is_trained_by_a_pass_that_did_not_group_on_it(
    outcome: BatchOutcome,
) -> None:
    trained = outcome.training.trained_by_pass
    assert list(trained) == [name for name, _ in TRAINING_PASSES]
    assert "birth_date" not in trained[TRAINING_PASSES[0][0]]
    assert not {"given_name", "surname"} & set(trained[TRAINING_PASSES[1][0]])
    everything = {c for names in trained.values() for c in names}
    assert everything >= {"given_name", "surname", "birth_date", "sex", "nationality", "phone"}


def test_each_pair_is_explained_by_level_and_weight(outcome: BatchOutcome) -> None:
    pair = outcome.pairs.sort_values("match_probability").iloc[-1]
    assert isinstance(pair["level_given_name"], str)
    assert isinstance(pair["level_birth_date"], str)
    weights = [c for c in outcome.pairs.columns if c.startswith("weight_")]
    assert {"weight_given_name", "weight_surname", "weight_birth_date"} <= set(weights)


def test_ids_are_stable_across_a_re_run_on_shuffled_records(
    population: Population, outcome: BatchOutcome
) -> None:
    records = population[0]
    previous = dict(
        zip(outcome.assignments["record_id"], outcome.assignments["cluster_id"], strict=True)
    )
    shuffled = records.sample(frac=1.0, random_state=11)
    again = link_records(shuffled, seed=3, previous=previous)
    kept = again.assignments.set_index("record_id")["cluster_id"].reindex(list(previous))
    assert (kept == pd.Series(previous)).mean() >= 0.97


def test_a_human_different_decision_survives_the_next_run(
    population: Population, outcome: BatchOutcome
) -> None:
    joined = outcome.pairs[outcome.pairs["joined"]].iloc[0]
    left, right = joined["record_id_l"], joined["record_id_r"]
    decision = ReviewDecision(
        left, right, Verdict.DIFFERENT, "reviewer", pd.Timestamp("2024-01-01")
    )
    previous = dict(
        zip(outcome.assignments["record_id"], outcome.assignments["cluster_id"], strict=True)
    )
    again = link_records(population[0], seed=3, previous=previous, decisions=[decision])
    ids = again.assignments.set_index("record_id")["cluster_id"]
    assert ids[left] != ids[right]


def test_date_levels_in_sql_match_the_domain_rules() -> None:
    dates = [
        ("1990-05-17", "exact"),
        ("1990-05-18", "exact"),
        ("1990-17-05", "exact"),
        ("1990-05-07", "exact"),
        ("1990-07-05", "exact"),
        ("1991-05-17", "exact"),
        ("1990-11-30", "exact"),
        ("1990-05", "year_month"),
        ("1990", "year"),
        ("1992", "estimated_age"),
        ("1985-01-02", "exact"),
        ("1994", "estimated_age"),
    ]
    parsed = [parse_birth_date(text, precision) for text, precision in dates]
    rows = []
    for i, left in enumerate(parsed):
        for right in parsed[i + 1 :]:
            if left is None or right is None:
                continue
            row = {}
            for side, value in (("l", left), ("r", right)):
                row.update(
                    {
                        f"dob_year_{side}": value.year,
                        f"dob_month_{side}": value.month,
                        f"dob_day_{side}": value.day,
                        f"dob_precision_{side}": value.precision.value,
                        f"dob_digits_{side}": value.digits,
                    }
                )
            row["expected"] = compare_birth_dates(left, right).value
            rows.append(row)
    comparison = settings("duckdb").get_settings("duckdb").comparisons[2]
    labels = {
        level.comparison_vector_value: level.label_for_charts
        for level in comparison.comparison_levels
    }
    frame = pd.DataFrame(rows)
    con = duckdb.connect()
    con.register("pairs", frame)
    # The CASE expression is the model's own SQL, not outside input.
    got = con.sql(f"select expected, {comparison._case_statement} from pairs").df()  # noqa: S608
    actual = got.iloc[:, 1].map(labels).replace({"All other comparisons": "different"})
    assert list(actual) == list(got["expected"])


def test_the_same_settings_build_for_spark() -> None:
    spark = settings("spark").get_settings("spark")
    sql = " ".join(c._case_statement for c in spark.comparisons)
    assert "arrays_overlap" in sql
    assert "list_has_any" not in sql


def test_single_record_keys_equal_the_bulk_keys(population: Population) -> None:
    records = population[0].head(40)
    bulk = feature_table(records).to_pylist()
    single = [
        feature_row({str(k): str(v) for k, v in r.items()}) for r in records.to_dict("records")
    ]
    assert single == bulk


def test_incremental_search_finds_the_person_among_those_held(population: Population) -> None:
    records, truth = population
    matcher = matcher_for(records, seed=3)
    person = truth.set_index("record_id")["person_id"]
    repeated = truth[truth.duplicated("person_id", keep=False)]["record_id"]
    hits = 0
    sample = records[records["record_id"].isin(repeated)].head(20)
    for record in sample.to_dict("records"):
        new = {**{str(k): str(v) for k, v in record.items()}, "record_id": "NEW"}
        found = matcher.candidates(new, floor=0.5)
        hits += bool(found) and person[found[0].record_id] == person[record["record_id"]]
    assert hits >= 18


def test_above_the_reference_size_the_prior_is_stated_for_the_reference(
    population: Population, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = population[0]
    reference = len(records) // 4
    monkeypatch.setattr(splink_linker, "REFERENCE_RECORDS", reference)
    training = link_records(records, seed=3).training
    estimated = training.estimated_probability_two_random_records_match
    assert training.probability_two_random_records_match == pytest.approx(
        estimated * (len(records) / reference) ** splink_linker.PRIOR_SIZE_EXPONENT
    )
