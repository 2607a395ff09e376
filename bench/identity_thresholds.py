"""Precision and recall of Puente's linkage at several clustering thresholds, from one training
and scoring of the same synthetic records; the default threshold (0.8) is the baseline row.

The prior (probability that two random records match) falls about as 1/N, so the same evidence
gives a lower probability in a larger population: at 5 × N the default threshold acts like
odds 5 × 4 = 20 (p 0.952) at N. The 0.952 row shows how much recall that shift alone costs.

    .venv/bin/python bench/identity_thresholds.py --records 200000
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from puente.identity.adapters.batch import DEFAULT_POLICY, hard_fields, link_records
from puente.identity.domain.clustering import ScoredPair
from puente.identity.services.evaluation import evaluate
from puente.identity.services.resolve import ResolutionPolicy, resolve
from puente.synth import generate_records

FLOOR = 0.2


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=[0.3, 0.444, 0.6, 0.8, 0.952]
    )
    options = parser.parse_args()
    population = generate_records(options.records, seed=options.seed)
    records = population.records.astype("string").fillna("")
    truth = population.truth.astype(str)
    started = time.perf_counter()
    outcome = link_records(
        records, ResolutionPolicy.with_threshold(DEFAULT_POLICY.threshold, FLOOR)
    )
    prior = outcome.training.probability_two_random_records_match
    print(
        f"{len(records):,} records linked in {time.perf_counter() - started:.1f} s; "
        f"prior {prior:.3g}"
    )
    frame = outcome.pairs
    pairs = [
        ScoredPair(a, b, p)
        for a, b, p in zip(
            frame["record_id_l"], frame["record_id_r"], frame["match_probability"], strict=True
        )
    ]
    ids = records["record_id"].tolist()
    hard = hard_fields(records, {r for p in pairs for r in (p.left, p.right)})
    print(
        f"{'threshold':>10}{'pair P':>9}{'pair R':>9}{'clus P':>9}{'clus R':>9}"
        "  lowest nationality P"
    )
    for threshold in options.thresholds:
        resolution = resolve(
            ids, pairs, lambda _: hard, ResolutionPolicy.with_threshold(threshold, FLOOR)
        )
        assignments = pd.DataFrame(
            {"record_id": ids, "cluster_id": [resolution.cluster_ids[r] for r in ids]}
        )
        scores = evaluate(assignments, truth, records)
        overall = scores.iloc[0]
        by_nationality = scores[(scores["nationality"] != "ALL") & (scores["true_pairs"] > 0)]
        lowest = by_nationality.sort_values("pairwise_precision").iloc[0]
        marker = "  (default: baseline)" if threshold == DEFAULT_POLICY.threshold else ""
        print(
            f"{threshold:>10}{overall['pairwise_precision']:9.4f}{overall['pairwise_recall']:9.4f}"
            f"{overall['cluster_precision']:9.4f}{overall['cluster_recall']:9.4f}  "
            f"{lowest['nationality']} {lowest['pairwise_precision']:.4f}{marker}"
        )


if __name__ == "__main__":
    main()
