"""Why each request was or was not allocated: structured data with a message key, per request.

``explain`` gives one request's explanation (``explanation_table`` all of them, as columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from puente.entry.domain.allocation import Allocation, Outcome
from puente.entry.domain.batch import RequestBatch
from puente.entry.domain.messages import Rendered, render
from puente.entry.domain.ports import SOUTHWEST_PORTS

OUTCOME_KEYS = {
    Outcome.CAPACITY_REACHED: "not_allocated.capacity_reached",
    Outcome.PARTY_TOO_LARGE: "not_allocated.party_too_large",
    Outcome.NO_CAPACITY: "not_allocated.no_capacity",
}


@dataclass(frozen=True)
class Explanation:
    """``rule`` and ``position`` are the placing rule's, or the final rule's when not placed."""

    request_id: str
    day: date
    key: str
    allocated: bool
    rule: str
    position: int
    candidates: int
    party_size: int
    port: str | None
    choice: int  # 1 = first preference, 0 = a port the person accepted but did not name
    positions: dict[str, int]  # every rule that considered the request, with its place there

    def params(self) -> dict[str, object]:
        port = self.port or ""
        return {
            "date": self.day.isoformat(),
            "port": SOUTHWEST_PORTS[port].name if port in SOUTHWEST_PORTS else port,
            "party_size": self.party_size,
            "position": self.position,
            "candidates": self.candidates,
            "rule": self.rule,
        }

    def render(self, language: str) -> Rendered:
        return render(self.key, language, self.params())


def rule_names(allocation: Allocation) -> list[str]:
    return [rule.kind.value for rule in allocation.policy.rules]


def explain(batch: RequestBatch, allocation: Allocation, index: int) -> Explanation:
    names = rule_names(allocation)
    placed = bool(allocation.port[index] >= 0)
    k = int(allocation.rule[index]) if placed else len(names) - 1
    outcome = Outcome(int(allocation.outcome[index]))
    return Explanation(
        request_id=str(batch.request_ids[index]),
        day=allocation.day,
        key=f"allocated.{names[k]}" if placed else OUTCOME_KEYS[outcome],
        allocated=placed,
        rule=names[k],
        position=int(allocation.positions[k, index]),
        candidates=int(allocation.candidates[k]),
        party_size=int(batch.party_size[index]),
        port=allocation.ports[int(allocation.port[index])] if placed else None,
        choice=int(allocation.choice[index]),
        positions={
            name: int(allocation.positions[j, index])
            for j, name in enumerate(names)
            if allocation.positions[j, index] > 0
        },
    )
