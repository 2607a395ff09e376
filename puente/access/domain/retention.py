"""Retention: records kept past their purpose are deleted or anonymised, after a dry run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID


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
