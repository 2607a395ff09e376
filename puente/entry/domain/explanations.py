"""Why each request was or was not allocated: structured data with a message key, per request.

``explain`` gives one request's explanation; ``explanation_table`` gives all of them as columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from puente.entry.domain.allocation import Allocation, Outcome
from puente.entry.domain.batch import RequestBatch
from puente.entry.domain.fairness import labelled
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


def _rule_names(allocation: Allocation) -> list[str]:
    return [rule.kind.value for rule in allocation.policy.rules]


def explain(batch: RequestBatch, allocation: Allocation, index: int) -> Explanation:
    names = _rule_names(allocation)
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


def explanation_table(batch: RequestBatch, allocation: Allocation) -> pd.DataFrame:
    """Every request's explanation as a row (columns as the fields of ``Explanation``)."""
    names = _rule_names(allocation)
    placed = allocation.port >= 0
    k = np.where(placed, allocation.rule, len(names) - 1)
    columns = np.arange(len(batch))
    keys = [f"allocated.{n}" for n in names] + [OUTCOME_KEYS[o] for o in sorted(OUTCOME_KEYS)]
    key_index = np.where(placed, allocation.rule, len(names) + allocation.outcome - 1)
    # Categorical columns from integer codes: no string is built per request.
    table = pd.DataFrame(
        {
            "request_id": batch.request_ids,
            "day": allocation.day.isoformat(),
            "message_key": labelled(key_index, keys),
            "allocated": placed,
            "rule": labelled(k, names),
            "position": allocation.positions[k, columns],
            "candidates": allocation.candidates[k],
            "party_size": batch.party_size,
            "port": labelled(allocation.port, allocation.ports),  # -1 (not allocated) → NaN
            "choice": allocation.choice,
        }
    )
    for j, name in enumerate(names):
        table[f"position_{name}"] = allocation.positions[j]
    return table
