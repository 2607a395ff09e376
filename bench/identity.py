"""Identity-resolution benchmark: Puente's model against Splink's documented example settings.

For each size, generates the synthetic population (puente.synth), then in separate processes (so
peak memory is each run's own) links it with Puente's model and with the baseline, and times
incremental candidate search for single new records against everything held. Reports wall time,
peak memory, pairwise and cluster precision/recall overall and for every nationality, and the
share of true pairs the blocking rules let through.

    .venv/bin/python bench/identity.py --records 200000 1000000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import described  # noqa: E402
from puente.identity.adapters.features import feature_table  # noqa: E402
from puente.identity.adapters.model import PREDICTION_BLOCKING_KEYS  # noqa: E402
from puente.identity.services.evaluation import evaluate  # noqa: E402

# The baseline's single blocking rule, as in Splink's deduplication example.
BASELINE_BLOCKING = (("given_names", "first_surname"),)
WORST_SHOWN = 5


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _records(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path).astype("string").fillna("")


def run_ours(records_path: Path, out: Path) -> dict[str, Any]:
    from puente.identity.adapters.batch import link_records

    records = _records(records_path)
    started = time.perf_counter()
    outcome = link_records(records)
    seconds = time.perf_counter() - started
    outcome.assignments[["record_id", "cluster_id"]].to_parquet(out)
    review = outcome.pairs[outcome.pairs["needs_review"]]
    review[["record_id_l", "record_id_r", "match_probability"]].to_parquet(_review_file(out))
    return {
        "seconds": seconds,
        "phases": dict(outcome.seconds),
        "peak_gb": _peak_gb(),
        "trained_by_pass": {k: list(v) for k, v in outcome.training.trained_by_pass.items()},
        "levels_not_observed": list(outcome.training.levels_not_observed),
        "for_review": len(review),
    }


def _review_file(assignments: Path) -> Path:
    return assignments.with_name(f"{assignments.stem}_review.parquet")


# Probability bands of the review queue, to show how often each is one person (calibration).
REVIEW_BANDS = (0.3, 0.5, 0.8)


def review_calibration(review: pd.DataFrame, truth: pd.DataFrame) -> list[dict[str, Any]]:
    """Per band of the review queue: how many pairs, and the share that are one person."""
    person = dict(zip(truth["record_id"], truth["person_id"], strict=True))
    same = pd.Series(
        [
            person[a] == person[b]
            for a, b in zip(review["record_id_l"], review["record_id_r"], strict=True)
        ],
        index=review.index,
        dtype=bool,
    )
    bands = pd.cut(review["match_probability"], REVIEW_BANDS, right=False)
    grouped = same.groupby(bands, observed=True).agg(["count", "mean"])
    return [
        {"band": f"{band.left}–{band.right}", "pairs": int(row["count"]), "same": row["mean"]}
        for band, row in grouped.iterrows()
    ]


def run_baseline(records_path: Path, out: Path) -> dict[str, Any]:
    """Splink's documented deduplication example, on the raw fields, at its documented settings."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    records = _records(records_path)
    started = time.perf_counter()
    frame = pd.DataFrame(
        {
            "unique_id": records["record_id"],
            "first_name": records["given_names"].replace("", None),
            "surname": records["first_surname"].replace("", None),
            "dob": records["birth_date"].replace("", None),
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("surname", [0.9, 0.7]),
            cl.DateOfBirthComparison("dob", input_is_string=True),
        ],
        blocking_rules_to_generate_predictions=[block_on("first_name", "surname")],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95)
    result = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]  # type: ignore[no-untyped-call]
    seconds = time.perf_counter() - started
    result.rename(columns={"unique_id": "record_id"}).astype(str).to_parquet(out)
    # What the model could say at this size: when no pair reaches the clustering threshold, these
    # show whether the evidence or the prior stopped it.
    at_threshold = "sum((match_probability >= 0.95)::int) as at_threshold"
    summary = f"select count(*) as pairs, max(match_probability) as highest, {at_threshold} from {predictions.physical_name}"  # noqa: S608, E501
    scored = linker.misc.query_sql(summary, output_type="pandas").iloc[0]  # type: ignore[no-untyped-call]
    return {
        "seconds": seconds,
        "peak_gb": _peak_gb(),
        "prior": linker._settings_obj._probability_two_random_records_match,
        "pairs_over_half": int(scored["pairs"]),
        "pairs_at_threshold": int(scored["at_threshold"] or 0),
        "highest_probability": float(scored["highest"] or 0.0),
        "m_u": {
            comparison.output_column_name: [
                (level.label_for_charts, level.m_probability, level.u_probability)
                for level in comparison.comparison_levels
                if not level.is_null_level
            ]
            for comparison in linker._settings_obj.comparisons
        },
    }


def run_incremental(records_path: Path, queries: int) -> dict[str, Any]:
    """Latency of candidate search for one new record against all records held."""
    from puente.identity.adapters.incremental import matcher_for, time_queries

    records = _records(records_path)
    started = time.perf_counter()
    matcher = matcher_for(records)
    build = time.perf_counter() - started
    # New registrations: copies of held records under new ids (each has at least one true match).
    new = records.sample(queries, random_state=7).assign(
        record_id=[f"NEW{i:06d}" for i in range(queries)]
    )
    timings = np.array(time_queries(matcher, new)) * 1000
    return {
        "build_seconds": build,
        "p50_ms": float(np.percentile(timings, 50)),
        "p95_ms": float(np.percentile(timings, 95)),
        "max_ms": float(timings.max()),
        "peak_gb": _peak_gb(),
    }


def _true_pair_conditions(keys: tuple[tuple[str, ...], ...]) -> str:
    return " or ".join("(" + " and ".join(f"l.{c} = r.{c}" for c in rule) + ")" for rule in keys)


def blocking_recall(records: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Share of true pairs that some blocking rule puts together, for ours and the baseline."""
    con = duckdb.connect()
    con.register("features", feature_table(records))
    con.register("raw", records)
    con.register("truth", truth)
    con.sql(
        "create table true_pairs as select a.record_id as l, b.record_id as r from truth a "
        "join truth b on a.person_id = b.person_id and a.record_id < b.record_id"
    )
    shares: dict[str, float] = {}
    for name, table, key, rules in (
        ("ours", "features", "unique_id", PREDICTION_BLOCKING_KEYS),
        ("baseline", "raw", "record_id", BASELINE_BLOCKING),
    ):
        rows = con.sql(
            f"select avg(coalesce({_true_pair_conditions(rules)}, false)::int) "  # noqa: S608
            f"from true_pairs p join {table} l on l.{key} = p.l join {table} r on r.{key} = p.r"
        ).fetchall()
        shares[name] = float(rows[0][0])
    return shares


def _child(mode: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, mode, *args], check=True, stdout=subprocess.PIPE, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _summary(scores: pd.DataFrame) -> dict[str, Any]:
    overall = scores.iloc[0]
    sizeable = scores[(scores["nationality"] != "ALL") & (scores["true_pairs"] > 0)]
    worst = sizeable.sort_values("pairwise_precision").head(WORST_SHOWN)
    return {
        "pairwise_precision": float(overall["pairwise_precision"]),
        "pairwise_recall": float(overall["pairwise_recall"]),
        "cluster_precision": float(overall["cluster_precision"]),
        "cluster_recall": float(overall["cluster_recall"]),
        "lowest_nationality_precision": [
            (str(name), round(float(precision), 4), int(count))
            for name, precision, count in zip(
                worst["nationality"], worst["pairwise_precision"], worst["records"], strict=True
            )
        ],
    }


def synthetic_population(
    size: int, seed: int, work: Path
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """The generator's records and truth for ``size`` (kept in ``work`` for the next run): the
    records' file, the records, the truth."""
    from puente.synth import generate_records

    records_path, truth_path = work / f"records_{size}.parquet", work / f"truth_{size}.parquet"
    if not records_path.exists():
        population = generate_records(size, seed=seed)
        population.records.to_parquet(records_path)
        population.truth.to_parquet(truth_path)
    return records_path, _records(records_path), pd.read_parquet(truth_path).astype(str)


def bench_size(size: int, seed: int, work: Path, queries: int, baseline: bool) -> dict[str, Any]:
    records_path, records, truth = synthetic_population(size, seed, work)
    result: dict[str, Any] = {
        "records": len(records),
        "machine": described(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    runs = [("ours", "_ours")] + ([("baseline", "_baseline")] if baseline else [])
    for name, mode in runs:
        out = work / f"{name}_{size}.parquet"
        stats = _child(mode, str(records_path), str(out))
        scores = evaluate(pd.read_parquet(out), truth, records)
        scores.to_csv(work / f"{name}_{size}_by_nationality.csv", index=False)
        result[name] = {**stats, **_summary(scores)}
        if name == "ours":
            review = pd.read_parquet(_review_file(out))
            result[name]["review_calibration"] = review_calibration(review, truth)
    result["blocking_recall"] = blocking_recall(records, truth)
    if queries:
        result["incremental"] = _child("_incremental", str(records_path), str(queries))
    return result


def _print(size: int, result: dict[str, Any]) -> None:
    print(
        f"\n== {result['records']:,} records (target {size:,}) on {result['machine']}, "
        f"load average {result['load_average']} at the start =="
    )
    columns = ("seconds", "peak GB", "pair P", "pair R", "clus P", "clus R")
    print(f"{'':10}" + "".join(f"{c:>9}" if i < 2 else f"{c:>8}" for i, c in enumerate(columns)))
    for name in ("ours", "baseline"):
        if name in result:
            r = result[name]
            print(
                f"{name:10}{r['seconds']:9.1f}{r['peak_gb']:9.2f}{r['pairwise_precision']:8.4f}"
                f"{r['pairwise_recall']:8.4f}{r['cluster_precision']:8.4f}{r['cluster_recall']:8.4f}"
            )
            print(f"{'':10}lowest precision by nationality: {r['lowest_nationality_precision']}")
            if "pairs_over_half" in r:
                print(
                    f"{'':10}prior {r['prior']:.3g}; pairs scored >= 0.5: {r['pairs_over_half']:,},"
                    f" >= 0.95: {r['pairs_at_threshold']:,}, highest {r['highest_probability']:.4f}"
                )
            if "review_calibration" in r:
                bands = ", ".join(
                    f"{b['band']}: {b['pairs']:,} ({b['same']:.0%})"
                    for b in r["review_calibration"]
                )
                print(f"{'':10}for review: {r['for_review']:,} pairs, one person in: {bands}")
            if "phases" in r:
                print(f"{'':10}phases (s): { ({k: round(v, 1) for k, v in r['phases'].items()}) }")
    blocking = result["blocking_recall"]
    print(f"true pairs let through by blocking: ours {blocking['ours']:.4f}", end="")
    print(f", baseline {blocking['baseline']:.4f}")
    if "baseline" in result:
        ours, base = result["ours"], result["baseline"]
        print(
            f"baseline ratio (ours/baseline): time {ours['seconds'] / base['seconds']:.2f}, "
            f"pairwise precision {ours['pairwise_precision'] / base['pairwise_precision']:.3f}, "
            f"recall {ours['pairwise_recall'] / max(base['pairwise_recall'], 1e-9):.3f}"
        )
    if "incremental" in result:
        inc = result["incremental"]
        print(
            f"incremental: p50 {inc['p50_ms']:.0f} ms, p95 {inc['p95_ms']:.0f} ms, "
            f"max {inc['max_ms']:.0f} ms (index built in {inc['build_seconds']:.0f} s)"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        mode, *args = sys.argv[1:]
        if mode == "_ours":
            stats = run_ours(Path(args[0]), Path(args[1]))
        elif mode == "_baseline":
            stats = run_baseline(Path(args[0]), Path(args[1]))
        else:
            stats = run_incremental(Path(args[0]), int(args[1]))
        print(json.dumps(stats))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200, help="incremental queries (0: skip)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--work", type=Path, default=Path("var/bench/identity"))
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in options.records:
        result = bench_size(
            size, options.seed, options.work, options.queries, not options.no_baseline
        )
        _print(size, result)
        results[size] = result
    (options.work / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
