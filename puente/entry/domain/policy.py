"""The published allocation policy: ordered rules, each with a reserved share of every port's day.

Rule by rule, a reserved rule may place up to ``share`` of a port's capacity (less if less is
still free); what is left goes to the final rule, which must consider every open request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from puente.entry.domain.requests import VulnerabilityLevel
from puente.shared.errors import FieldProblem, InvalidInput


class RuleKind(StrEnum):
    MOVED_BY_CLOSURE = "moved_by_closure"
    VULNERABILITY = "vulnerability"
    PRIORITY_GROUP = "priority_group"
    LONGEST_WAITING = "longest_waiting"
    LOTTERY = "lottery"


_UNIVERSAL = frozenset({RuleKind.LONGEST_WAITING, RuleKind.LOTTERY})


class AfterMiss(StrEnum):
    """What happens to a request whose slot expired unconfirmed or was missed."""

    REQUEUE = "requeue"  # back into the next run, keeping its registration date
    ASK_AGAIN = "ask_again"  # the request lapses; the person asks again in a later window


@dataclass(frozen=True)
class Rule:
    kind: RuleKind
    share: float = 0.0
    min_level: VulnerabilityLevel = VulnerabilityLevel.ACUTE
    groups: tuple[str, ...] = ()

    def quota(self, capacity: int) -> int:
        """Persons this rule may place at a port of ``capacity`` (rounded down: never over)."""
        return math.floor(self.share * capacity + 1e-9)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.kind.value, "share": self.share}
        if self.kind is RuleKind.VULNERABILITY:
            out["min_level"] = self.min_level.name.lower()
        if self.kind is RuleKind.PRIORITY_GROUP:
            out["groups"] = list(self.groups)
        return out


@dataclass(frozen=True)
class AllocationPolicy:
    name: str
    rules: tuple[Rule, ...]
    confirm_within: timedelta = timedelta(hours=23)
    after_expiry: AfterMiss = AfterMiss.REQUEUE
    after_no_show: AfterMiss = AfterMiss.ASK_AGAIN

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if not self.rules:
            problems.append(FieldProblem("rules", "a policy has at least one rule"))
        elif self.rules[-1].kind not in _UNIVERSAL:
            problems.append(
                FieldProblem(
                    "rules",
                    "the last rule is longest_waiting or lottery, so every "
                    "open request is considered",
                )
            )
        reserved = self.rules[:-1]
        for i, rule in enumerate(reserved):
            if not 0.0 <= rule.share <= 1.0:
                problems.append(FieldProblem(f"rules.{i}.share", "a share is between 0 and 1"))
        if problems:
            raise InvalidInput(problems)

    def to_dict(self) -> dict[str, Any]:
        rules = [r.to_dict() for r in self.rules]
        rules[-1]["share"] = "rest"
        return {
            "name": self.name,
            "rules": rules,
            "confirm_within_hours": self.confirm_within.total_seconds() / 3600,
            "after_expiry": self.after_expiry.value,
            "after_no_show": self.after_no_show.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AllocationPolicy:
        try:
            rules = tuple(_rule_from_dict(r) for r in data["rules"])
            return cls(
                name=str(data.get("name", "custom")),
                rules=rules,
                confirm_within=timedelta(hours=float(data.get("confirm_within_hours", 23))),
                after_expiry=AfterMiss(data.get("after_expiry", AfterMiss.REQUEUE)),
                after_no_show=AfterMiss(data.get("after_no_show", AfterMiss.ASK_AGAIN)),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidInput.single("policy", f"not a valid policy: {exc}") from exc


def _rule_from_dict(data: dict[str, Any]) -> Rule:
    share = data.get("share", 0.0)
    return Rule(
        kind=RuleKind(data["rule"]),
        share=0.0 if share == "rest" else float(share),
        min_level=VulnerabilityLevel[str(data.get("min_level", "acute")).upper()],
        groups=tuple(data.get("groups", ())),
    )


# CBP One from 10 May 2023 (domain.md point 4) plus Puente's own reservations: people moved by
# a closure first, then acute vulnerability, then the oldest registrations, the rest by lottery.
DEFAULT_POLICY = AllocationPolicy(
    name="default",
    rules=(
        Rule(RuleKind.MOVED_BY_CLOSURE, share=0.25),
        Rule(RuleKind.VULNERABILITY, share=0.15, min_level=VulnerabilityLevel.ACUTE),
        Rule(RuleKind.LONGEST_WAITING, share=0.30),
        Rule(RuleKind.LOTTERY),
    ),
)

# MPP wind-down (domain.md point 1): most vulnerable and longest-waiting first, the Matamoros camp
# first; no lottery.
MPP_POLICY = AllocationPolicy(
    name="mpp-wind-down",
    rules=(
        Rule(RuleKind.MOVED_BY_CLOSURE, share=0.25),
        Rule(RuleKind.VULNERABILITY, share=0.30, min_level=VulnerabilityLevel.ACUTE),
        Rule(RuleKind.PRIORITY_GROUP, share=1.0, groups=("matamoros_camp",)),
        Rule(RuleKind.LONGEST_WAITING),
    ),
    # People were staged by UNHCR and IOM near the port: a missed day (a failed health check,
    # a bus late) was rescheduled, not forfeited.
    after_no_show=AfterMiss.REQUEUE,
)
