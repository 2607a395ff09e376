"""The dated policy table: each policy's effective window, scope (conditions) and citations.

The table is a value: adding or ending a policy makes a new table, never a code change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from puente.policy.domain.facts import FACTS, Facts, FactValue
from puente.shared.errors import FieldProblem, InvalidInput, NotFound


class PolicyKind(StrEnum):
    AUTHORITY = "authority"  # decides how an encounter is processed; the highest priority wins
    PROGRAMME = "programme"  # a pathway open to those in scope (MPP, wind-down, appointments)
    PRESUMPTION = "presumption"  # a bar that applies unless excepted or rebutted
    EXCEPTION = "exception"  # takes people out of another policy's scope
    REBUTTAL = "rebuttal"  # rebuts a presumption for the person
    CEILING = "ceiling"  # a refugee admissions ceiling for a fiscal year


# Kinds evaluated for an encounter; exceptions and rebuttals act through their target.
EVALUATED = (PolicyKind.AUTHORITY, PolicyKind.PRESUMPTION, PolicyKind.PROGRAMME)


@dataclass(frozen=True)
class Citation:
    text: str
    verified: bool
    note: str = ""


Condition = Mapping[str, frozenset[FactValue]]


@dataclass(frozen=True)
class Policy:
    """``conditions`` are alternatives (any one suffices); each names facts and allowed values.

    The window is half-open: in effect from ``effective_from`` until just before
    ``effective_until`` (``None``: still in effect).
    """

    id: str
    name: str
    kind: PolicyKind
    effective_from: datetime
    effective_until: datetime | None
    citations: tuple[Citation, ...]
    conditions: tuple[Condition, ...] = ()
    target: str | None = None
    pathway: str | None = None
    authority: str | None = None
    priority: int = 0
    fiscal_year: int | None = None
    figures: Mapping[str, int] = field(default_factory=dict)
    notes: str = ""

    def in_effect(self, at: datetime) -> bool:
        return self.effective_from <= at and (
            self.effective_until is None or at < self.effective_until
        )

    def unmet(self, facts: Facts) -> str | None:
        """Why the facts fall outside every alternative, or ``None`` when one is met."""
        if not self.conditions:
            return None
        reasons = []
        for condition in self.conditions:
            misses = [
                f"{name} is {_show(facts[name])}, needs {_alternatives(allowed)}"
                for name, allowed in condition.items()
                if facts[name] not in allowed
            ]
            if not misses:
                return None
            reasons.append("; ".join(misses))
        return " | ".join(reasons)

    @property
    def unverified(self) -> bool:
        return any(not c.verified for c in self.citations)


def _show(value: FactValue) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else value


def _alternatives(allowed: frozenset[FactValue]) -> str:
    return " or ".join(sorted(_show(v) for v in allowed))


def _problems(policy: Policy, index: int, ids: set[str]) -> list[FieldProblem]:
    at = f"policies.{index}"
    found: list[FieldProblem] = []
    if policy.effective_from.tzinfo is None or (
        policy.effective_until is not None and policy.effective_until.tzinfo is None
    ):
        found.append(FieldProblem(at, "effective dates must include a time zone"))
    elif policy.effective_until is not None and policy.effective_until <= policy.effective_from:
        found.append(FieldProblem(f"{at}.effective_until", "must be after effective_from"))
    if not policy.citations:
        found.append(FieldProblem(f"{at}.citations", "every policy cites its source"))
    for n, condition in enumerate(policy.conditions):
        for name, allowed in condition.items():
            spec = FACTS.get(name)
            if spec is None:
                found.append(FieldProblem(f"{at}.conditions.{n}.{name}", "is not a known fact"))
                continue
            for value in allowed:
                try:
                    if spec.parse(value, name) != value:
                        raise InvalidInput.single(name, f"{value!r} has the wrong type")
                except InvalidInput:
                    found.append(
                        FieldProblem(f"{at}.conditions.{n}.{name}", f"{value!r} is not allowed")
                    )
    needs_target = policy.kind in (PolicyKind.EXCEPTION, PolicyKind.REBUTTAL)
    if needs_target and policy.target not in ids:
        found.append(FieldProblem(f"{at}.target", f"{policy.target!r} is not a policy here"))
    if policy.kind is PolicyKind.AUTHORITY and not policy.authority:
        found.append(FieldProblem(f"{at}.authority", "an authority policy names its authority"))
    if policy.kind in EVALUATED and not policy.pathway:
        found.append(FieldProblem(f"{at}.pathway", "names the pathway it opens or imposes"))
    no_total = policy.fiscal_year is None or "total" not in policy.figures
    if policy.kind is PolicyKind.CEILING and no_total:
        found.append(FieldProblem(at, "a ceiling gives its fiscal_year and figures.total"))
    parts = {k: v for k, v in policy.figures.items() if k != "total"}
    if parts and sum(parts.values()) != policy.figures.get("total"):
        found.append(FieldProblem(f"{at}.figures", "the allocations do not add up to the total"))
    return found


@dataclass(frozen=True)
class PolicyTable:
    version: str
    policies: tuple[Policy, ...]

    def __post_init__(self) -> None:
        ids = [p.id for p in self.policies]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        problems = [FieldProblem("policies", f"id {i!r} is used twice") for i in twice]
        for index, policy in enumerate(self.policies):
            problems.extend(_problems(policy, index, set(ids)))
        if problems:
            raise InvalidInput(problems)

    def get(self, policy_id: str) -> Policy:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise NotFound("policy", policy_id)

    def in_effect(self, at: datetime) -> list[Policy]:
        return [p for p in self.policies if p.in_effect(at)]

    def ending(self, policy_id: str, at: datetime, version: str) -> PolicyTable:
        """A new table in which ``policy_id`` stops at ``at`` (earlier or later than before)."""
        policy = self.get(policy_id)
        changed = replace(policy, effective_until=at)
        return PolicyTable(version, tuple(changed if p is policy else p for p in self.policies))

    def adding(self, policy: Policy, version: str) -> PolicyTable:
        return PolicyTable(version, (*self.policies, policy))

    def ceiling(self, fiscal_year: int, as_known_at: datetime) -> Policy | None:
        """The refugee ceiling for ``fiscal_year`` as last set on or before ``as_known_at``."""
        set_by_then = [
            p
            for p in self.policies
            if p.kind is PolicyKind.CEILING
            and p.fiscal_year == fiscal_year
            and p.effective_from <= as_known_at
        ]
        return max(set_by_then, key=lambda p: p.effective_from) if set_by_then else None
