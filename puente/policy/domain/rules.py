"""The rules function: for a person and an encounter at an instant, which pathways applied and why.

Every finding names the policy, its verdict, the reason in words and the citations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from puente.policy.domain.facts import Facts
from puente.policy.domain.table import EVALUATED, Citation, Policy, PolicyKind, PolicyTable
from puente.shared.errors import InvalidInput


class Verdict(StrEnum):
    APPLIES = "applies"
    DISPLACED = "displaced"  # an authority overridden by one of higher priority
    EXCEPTED = "excepted"
    REBUTTED = "rebutted"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Finding:
    policy_id: str
    name: str
    kind: PolicyKind
    verdict: Verdict
    reason: str
    citations: tuple[Citation, ...]
    because_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What happened to the encounter, in the terms a what-if replay compares."""

    authority: str | None
    pathways: tuple[str, ...]


@dataclass(frozen=True)
class Determination:
    at: datetime
    table_version: str
    outcome: Outcome
    authority_policy: str | None
    findings: tuple[Finding, ...]


def _matching(in_effect: list[Policy], kind: PolicyKind, target: str, facts: Facts) -> list[Policy]:
    return [p for p in in_effect if p.kind is kind and p.target == target and not p.unmet(facts)]


def _cited(policies: list[Policy]) -> tuple[Citation, ...]:
    return tuple(c for p in policies for c in p.citations)


def _finding(policy: Policy, in_effect: list[Policy], facts: Facts) -> Finding:
    def found(verdict: Verdict, reason: str, by: list[Policy] | None = None) -> Finding:
        by = by or []
        return Finding(
            policy.id,
            policy.name,
            policy.kind,
            verdict,
            reason,
            policy.citations + _cited(by),
            tuple(p.id for p in by),
        )

    unmet = policy.unmet(facts)
    if unmet is not None:
        return found(Verdict.OUT_OF_SCOPE, f"out of scope: {unmet}")
    exceptions = _matching(in_effect, PolicyKind.EXCEPTION, policy.id, facts)
    if exceptions:
        names = "; ".join(f"{p.name} ({p.id})" for p in exceptions)
        return found(Verdict.EXCEPTED, f"excepted: {names}", exceptions)
    rebuttals = _matching(in_effect, PolicyKind.REBUTTAL, policy.id, facts)
    if rebuttals:
        names = "; ".join(f"{p.name} ({p.id})" for p in rebuttals)
        return found(Verdict.REBUTTED, f"rebutted: {names}", rebuttals)
    since = policy.effective_from.date().isoformat()
    return found(Verdict.APPLIES, f"in effect since {since} and the facts are in its scope")


def explain(table: PolicyTable, facts: Facts, at: datetime) -> Determination:
    """Evaluate every policy in effect at ``at``; the highest-priority applying authority wins."""
    if at.tzinfo is None:
        raise InvalidInput.single("at", "must include a time zone")
    in_effect = table.in_effect(at)
    findings = [_finding(p, in_effect, facts) for p in in_effect if p.kind in EVALUATED]
    applying = {f.policy_id for f in findings if f.verdict is Verdict.APPLIES}
    authorities = sorted(
        (p for p in in_effect if p.kind is PolicyKind.AUTHORITY and p.id in applying),
        key=lambda p: -p.priority,
    )
    winner = authorities[0] if authorities else None
    displaced = {p.id for p in authorities[1:]}
    for index, finding in enumerate(findings):
        if winner and finding.policy_id in displaced:
            findings[index] = Finding(
                finding.policy_id,
                finding.name,
                finding.kind,
                Verdict.DISPLACED,
                f"displaced by {winner.name} ({winner.id})",
                finding.citations,
                (winner.id,),
            )
    pathways = tuple(
        table.get(f.policy_id).pathway or f.policy_id
        for f in findings
        if f.verdict is Verdict.APPLIES
    )
    outcome = Outcome(winner.authority if winner else None, tuple(sorted(pathways)))
    return Determination(at, table.version, outcome, winner.id if winner else None, tuple(findings))
