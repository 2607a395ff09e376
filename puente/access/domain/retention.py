"""Retention: records kept past their purpose are deleted or anonymised, after a dry run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from puente.shared.errors import InvalidInput


class RetentionAction(StrEnum):
    ANONYMISE = "anonymise"  # keep counts for statistics, destroy who the person was
    DELETE = "delete"


@dataclass(frozen=True)
class RetentionRule:
    """Keep a kind of record for ``keep_for`` after its last activity, then act."""

    record_type: str
    keep_for: timedelta
    action: RetentionAction
    reason: str


@dataclass(frozen=True)
class RecordActivity:
    record_id: UUID
    record_type: str
    last_activity: datetime
    on_hold: bool = False  # a pending case, an open appeal or a legal hold keeps the record


@dataclass(frozen=True)
class DueAction:
    record_id: UUID
    record_type: str
    action: RetentionAction
    due_since: datetime
    reason: str


@dataclass(frozen=True)
class RetentionReport:
    due: tuple[DueAction, ...]
    held: int

    def counts(self) -> dict[tuple[str, RetentionAction], int]:
        return dict(Counter((d.record_type, d.action) for d in self.due))

    def actions(self) -> dict[UUID, RetentionAction]:
        """One action per record: where two rules are due, deletion includes anonymisation."""
        chosen: dict[UUID, RetentionAction] = {}
        for item in self.due:
            if chosen.get(item.record_id) is not RetentionAction.DELETE:
                chosen[item.record_id] = item.action
        return chosen


def rules_from(data: Mapping[str, Any]) -> list[RetentionRule]:
    """Rules as data: ``{"rules": [{"record_type", "keep_for_days", "action", "reason"}]}``."""
    rules: list[RetentionRule] = []
    for index, entry in enumerate(data.get("rules", [])):
        where = f"rules.{index}"
        try:
            days = int(entry["keep_for_days"])
            rule = RetentionRule(
                str(entry["record_type"]),
                timedelta(days=days),
                RetentionAction(entry["action"]),
                str(entry["reason"]),
            )
        except KeyError as missing:
            raise InvalidInput.single(f"{where}.{missing.args[0]}", "is required") from None
        except (TypeError, ValueError):
            problem = "needs a whole number of days and a known action"
            raise InvalidInput.single(where, problem) from None
        if days < 0 or not rule.reason.strip():
            raise InvalidInput.single(where, "needs days of zero or more and a reason")
        rules.append(rule)
    if len({r.record_type for r in rules}) != len(rules):
        raise InvalidInput.single("rules", "one rule per record type")
    return rules


def review(
    records: Iterable[RecordActivity], rules: Iterable[RetentionRule], now: datetime
) -> RetentionReport:
    """What the rules would do today; nothing is changed here (the dry run)."""
    by_type = {rule.record_type: rule for rule in rules}
    due: list[DueAction] = []
    held = 0
    for record in records:
        rule = by_type.get(record.record_type)
        if rule is None:
            continue
        due_since = record.last_activity + rule.keep_for
        if due_since > now:
            continue
        if record.on_hold:
            held += 1
            continue
        due.append(
            DueAction(record.record_id, record.record_type, rule.action, due_since, rule.reason)
        )
    return RetentionReport(tuple(sorted(due, key=lambda d: (d.due_since, str(d.record_id)))), held)
