"""Human review of uncertain pairs: which pairs go to a person, and how decisions bind later runs.

A "different" decision is a hard constraint for every later automatic run; only a later human
decision on the same pair can change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from puente.identity.domain.clustering import RecordId, ScoredPair


class Verdict(StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    left: RecordId
    right: RecordId
    verdict: Verdict
    reviewer: str
    decided_at: datetime

    @property
    def pair(self) -> tuple[RecordId, RecordId]:
        return (min(self.left, self.right), max(self.left, self.right))


@dataclass(frozen=True, slots=True)
class ReviewBand:
    """Probabilities a machine should not settle alone: at or above ``lower``, below ``upper``."""

    lower: float
    upper: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.lower <= self.upper <= 1.0:
            raise ValueError(f"review band must satisfy 0 <= lower <= upper <= 1: {self}")

    def contains(self, probability: float) -> bool:
        return self.lower <= probability < self.upper


@dataclass(frozen=True, slots=True)
class Constraints:
    same: frozenset[tuple[RecordId, RecordId]]
    different: frozenset[tuple[RecordId, RecordId]]


def binding_decisions(decisions: Iterable[ReviewDecision]) -> Constraints:
    """The firm verdict on each pair: the latest "same" or "different" a person gave.

    "Unsure" records that someone looked, but neither confirms nor withdraws an earlier verdict.
    """
    latest: dict[tuple[RecordId, RecordId], ReviewDecision] = {}
    for decision in decisions:
        if decision.verdict is Verdict.UNSURE:
            continue
        current = latest.get(decision.pair)
        if current is None or decision.decided_at >= current.decided_at:
            latest[decision.pair] = decision
    return Constraints(
        same=frozenset(p for p, d in latest.items() if d.verdict is Verdict.SAME),
        different=frozenset(p for p, d in latest.items() if d.verdict is Verdict.DIFFERENT),
    )


def pairs_for_review(
    pairs: Iterable[ScoredPair], band: ReviewBand, decisions: Iterable[ReviewDecision]
) -> list[ScoredPair]:
    """Pairs in the band that no person has settled yet, most probable first."""
    constraints = binding_decisions(decisions)
    settled = constraints.same | constraints.different
    waiting = [
        pair
        for pair in pairs
        if band.contains(pair.probability)
        and (min(pair.left, pair.right), max(pair.left, pair.right)) not in settled
    ]
    return sorted(waiting, key=lambda pair: (-pair.probability, pair.left, pair.right))
