"""Policy use cases: explain one situation, and replay past encounters under another table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import Determination, explain
from puente.policy.domain.what_if import Situation, WhatIfReport, what_if
from puente.policy.services.ports import PolicyTableSource


def explain_situation(source: PolicyTableSource, facts: Facts, at: datetime) -> Determination:
    return explain(source.load(), facts, at)


def replay_under(
    situations: Iterable[Situation], current: PolicyTableSource, other: PolicyTableSource
) -> WhatIfReport:
    return what_if(situations, current.load(), other.load())
