"""Use case: score a clustering against ground truth, overall and for every nationality.

Pairwise figures count record pairs placed together; cluster figures count whole people.
A pair belongs to a nationality when either of its records has it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class Scores:
    pairwise_precision: float
    pairwise_recall: float
    cluster_precision: float
    cluster_recall: float
    predicted_pairs: int
    true_pairs: int
    records: int

    def as_row(self) -> dict[str, float | int]:
        return {
            "records": self.records,
            "pairwise_precision": self.pairwise_precision,
            "pairwise_recall": self.pairwise_recall,
            "cluster_precision": self.cluster_precision,
            "cluster_recall": self.cluster_recall,
            "predicted_pairs": self.predicted_pairs,
            "true_pairs": self.true_pairs,
        }


def _pairs(n: pd.Series | np.ndarray) -> np.ndarray:
    values = np.asarray(n, dtype=np.int64)
    return values * (values - 1) // 2


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator else 1.0


def _touching(group_sizes: pd.DataFrame, keys: list[str], flag: str) -> pd.Series:
    """Pairs in each group that involve at least one flagged record: all pairs minus the pairs
    made only of unflagged records."""
    counts = group_sizes.groupby(keys, sort=False)[flag].agg(["size", "sum"])
    return pd.Series(_pairs(counts["size"]) - _pairs(counts["size"] - counts["sum"]))


def _scores(frame: pd.DataFrame, flag: str) -> Scores:
    predicted = int(_touching(frame, ["cluster_id"], flag).sum())
    true = int(_touching(frame, ["person_id"], flag).sum())
    agreed = int(_touching(frame, ["cluster_id", "person_id"], flag).sum())

    flagged_clusters = frame.groupby("cluster_id", sort=False).agg(
        size=("person_id", "size"), people=("person_id", "nunique"), flagged=(flag, "any")
    )
    multi = flagged_clusters[(flagged_clusters["size"] > 1) & flagged_clusters["flagged"]]
    people = frame.groupby("person_id", sort=False).agg(
        size=("cluster_id", "size"), clusters=("cluster_id", "nunique"), flagged=(flag, "any")
    )
    repeated = people[(people["size"] > 1) & people["flagged"]]
    return Scores(
        pairwise_precision=_ratio(agreed, predicted),
        pairwise_recall=_ratio(agreed, true),
        cluster_precision=_ratio(int((multi["people"] == 1).sum()), len(multi)),
        cluster_recall=_ratio(int((repeated["clusters"] == 1).sum()), len(repeated)),
        predicted_pairs=predicted,
        true_pairs=true,
        records=int(frame[flag].sum()),
    )


def evaluate(predicted: pd.DataFrame, truth: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """One row overall ("ALL") and one per nationality.

    ``predicted`` has record_id and cluster_id, ``truth`` record_id and person_id, ``records``
    record_id and nationality; every predicted record must appear in the truth.
    """
    frame = (
        predicted[["record_id", "cluster_id"]]
        .merge(truth[["record_id", "person_id"]], on="record_id", how="inner", validate="1:1")
        .merge(records[["record_id", "nationality"]], on="record_id", how="left", validate="1:1")
    )
    if len(frame) != len(predicted):
        raise ValueError("some predicted records are missing from the truth file")
    frame["nationality"] = frame["nationality"].astype("string").fillna("??")
    rows = [{"nationality": "ALL", **_scores(frame.assign(_all=True), "_all").as_row()}]
    for nationality in sorted(frame["nationality"].unique()):
        flagged = frame.assign(_in=frame["nationality"] == nationality)
        rows.append({"nationality": nationality, **_scores(flagged, "_in").as_row()})
    return pd.DataFrame(rows)
