"""The batch linker the database run uses: Splink on DuckDB over the persons held."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from puente.identity.adapters.batch import link_records
from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.review import ReviewDecision
from puente.identity.services.database_run import BatchLinker, LinkResult
from puente.identity.services.ports import CandidatePair
from puente.identity.services.resolve import ResolutionPolicy


def _explanation(row: Mapping[Any, Any], comparisons: list[str]) -> dict[str, dict[str, Any]]:
    return {
        name: {"level": row[f"level_{name}"], "weight": round(float(row[f"weight_{name}"]), 3)}
        for name in comparisons
    }


def splink_linker(seed: int = 42) -> BatchLinker:
    """A ``BatchLinker``: link the records, keep the pairs at or above the review floor."""

    def link(
        records: pd.DataFrame,
        policy: ResolutionPolicy,
        previous: Mapping[RecordId, ClusterId],
        decisions: Iterable[ReviewDecision],
        progress: Callable[[str], None],
    ) -> LinkResult:
        outcome = link_records(
            records, policy, seed=seed, previous=previous, decisions=decisions, progress=progress
        )
        assignments = outcome.assignments
        probability = assignments.dropna(subset=["match_probability"])
        comparisons = [c[len("level_") :] for c in outcome.pairs.columns if c.startswith("level_")]
        pairs = [
            CandidatePair(
                left=str(row["record_id_l"]),
                right=str(row["record_id_r"]),
                probability=float(row["match_probability"]),
                weight=float(row["match_weight"]),
                explanation=_explanation(row, comparisons),
                joined=bool(row["joined"]),
                needs_review=bool(row["needs_review"]),
            )
            for row in outcome.pairs.to_dict(orient="records")
        ]
        return LinkResult(
            cluster_ids=dict(zip(assignments["record_id"], assignments["cluster_id"], strict=True)),
            match_probability=dict(
                zip(probability["record_id"], probability["match_probability"], strict=True)
            ),
            pairs=pairs,
            model=outcome.model,
        )

    return link
