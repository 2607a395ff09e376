"""Use case: from scored pairs to identity clusters with stable ids, honouring human decisions.

The scoring backend (Splink on DuckDB or Spark) is an adapter's concern; this step is the same
whichever produced the pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from puente.identity.domain.clustering import (
    ClusterId,
    HardFields,
    RecordId,
    ScoredPair,
    assign_cluster_ids,
    cluster_pairs,
)
from puente.identity.domain.review import (
    ReviewBand,
    ReviewDecision,
    binding_decisions,
    pairs_for_review,
)


@dataclass(frozen=True, slots=True)
class ResolutionPolicy:
    """Where the machine links on its own, and which band it hands to a person instead."""

    threshold: float
    review_band: ReviewBand

    @classmethod
    def with_threshold(cls, threshold: float, review_floor: float) -> ResolutionPolicy:
        return cls(threshold, ReviewBand(min(review_floor, threshold), threshold))


@dataclass(frozen=True, slots=True)
class Resolution:
    cluster_ids: Mapping[RecordId, ClusterId]
    # Highest probability of a pair that joined the record into its cluster; absent for singletons.
    match_probability: Mapping[RecordId, float]
    joining_pairs: tuple[ScoredPair, ...]
    for_review: tuple[ScoredPair, ...]


def resolve(
    record_ids: Sequence[RecordId],
    pairs: Sequence[ScoredPair],
    hard_fields_of: Callable[[Collection[RecordId]], Mapping[RecordId, HardFields]],
    policy: ResolutionPolicy,
    *,
    previous: Mapping[RecordId, ClusterId] | None = None,
    decisions: Iterable[ReviewDecision] = (),
) -> Resolution:
    decisions = list(decisions)
    constraints = binding_decisions(decisions)

    def compatible(left: RecordId, right: RecordId) -> bool:
        a, b = hard_fields.get(left), hard_fields.get(right)
        return a is None or b is None or a.compatible_with(b)

    # Only records a joinable pair or a "same" touches can leave their own cluster; the rest (most
    # of a million) skip the clustering and get their ids in bulk, with the same result.
    known = set(record_ids)
    joinable = [pair for pair in pairs if pair.probability >= policy.threshold]
    touched = {r for pair in joinable for r in (pair.left, pair.right)}
    touched.update(r for pair in constraints.same for r in pair)
    touched &= known
    # Asked for exactly the records that may join, "same" decisions included: a record without
    # its fields would be compatible with anyone and could chain two different people.
    hard_fields = hard_fields_of(touched)
    clustering = cluster_pairs(
        touched,
        joinable,
        policy.threshold,
        same=constraints.same,
        different=constraints.different,
        compatible=compatible,
    )
    cluster_ids = assign_cluster_ids(
        clustering.members,
        previous,
        alone=(r for r in dict.fromkeys(record_ids) if r not in touched),
    )
    best: dict[RecordId, float] = {}
    for pair in clustering.joining_pairs:
        for record in (pair.left, pair.right):
            best[record] = max(best.get(record, 0.0), pair.probability)
    return Resolution(
        cluster_ids=cluster_ids,
        match_probability=best,
        joining_pairs=clustering.joining_pairs,
        for_review=tuple(pairs_for_review(pairs, policy.review_band, decisions)),
    )
