"""The what-if replay: how past encounters would have been treated under another policy table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import Outcome, explain
from puente.policy.domain.table import PolicyTable


@dataclass(frozen=True)
class Situation:
    """A past encounter as the rules see it: when, and the facts about the person."""

    id: str
    at: datetime
    facts: Facts


@dataclass(frozen=True)
class OutcomeChange:
    situation_id: str
    at: datetime
    before: Outcome
    after: Outcome


@dataclass(frozen=True)
class WhatIfReport:
    base_version: str
    other_version: str
    replayed: int
    changes: tuple[OutcomeChange, ...]

    def authority_moves(self) -> Counter[tuple[str | None, str | None]]:
        """How many encounters moved from one authority to another (e.g. Title 42 → Title 8)."""
        return Counter((c.before.authority, c.after.authority) for c in self.changes)


def what_if(situations: Iterable[Situation], base: PolicyTable, other: PolicyTable) -> WhatIfReport:
    replayed = 0
    changes = []
    for situation in situations:
        replayed += 1
        before = explain(base, situation.facts, situation.at).outcome
        after = explain(other, situation.facts, situation.at).outcome
        if before != after:
            changes.append(OutcomeChange(situation.id, situation.at, before, after))
    return WhatIfReport(base.version, other.version, replayed, tuple(changes))
