"""The retention run: review what the rules make due (changing nothing), then apply it in batches.

Applying takes the reviewed report as it is, so it does exactly what the dry run listed; each
batch is one transaction with its audit entry, and a person done once is never due again.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.decisions import Principal
from puente.access.domain.retention import (
    RecordActivity,
    RetentionAction,
    RetentionReport,
    RetentionRule,
    review,
)
from puente.access.domain.roles import Permission
from puente.access.services.audit import AuditStore, record
from puente.shared.errors import Forbidden, InvalidInput
from puente.shared.unit_of_work import UnitOfWork

# "person": no registration, correction, consent or objection for a while;
# "objection": the person objected to all processing (counted from the objection).
RECORD_TYPES = frozenset({"person", "objection"})


class RetentionStore(abc.ABC):
    @abc.abstractmethod
    def activities(self) -> Iterator[RecordActivity]:
        """Each person not yet acted on, once per record type that applies to them."""

    @abc.abstractmethod
    def anonymise(self, rules: Mapping[UUID, str], at: datetime) -> None:
        """Destroy who these people are, keep what statistics count; ``rules``: id → rule."""

    @abc.abstractmethod
    def delete(self, rules: Mapping[UUID, str], at: datetime) -> None:
        """Remove these people's rows, and registrations and families left empty."""


class RetentionUnitOfWork(UnitOfWork):
    retention: RetentionStore
    audit: AuditStore


UowFactory = Callable[[], RetentionUnitOfWork]


def _check(principal: Principal, rules: Sequence[RetentionRule]) -> None:
    if Permission.RETENTION_RUN not in principal.permissions:
        raise Forbidden(f"this needs the {Permission.RETENTION_RUN.value} permission")
    unknown = sorted({r.record_type for r in rules} - RECORD_TYPES)
    if unknown:
        known = ", ".join(sorted(RECORD_TYPES))
        raise InvalidInput.single("rules", f"unknown record types {unknown}; known: {known}")


def review_now(
    uow_factory: UowFactory,
    principal: Principal,
    rules: Sequence[RetentionRule],
    now: datetime,
) -> RetentionReport:
    """The dry run: what the rules would do at ``now``; nothing is changed."""
    _check(principal, rules)
    with uow_factory() as uow:
        return review(uow.retention.activities(), rules, now)


@dataclass(frozen=True)
class Applied:
    anonymised: int
    deleted: int


def apply_report(
    uow_factory: UowFactory,
    principal: Principal,
    rules: Sequence[RetentionRule],
    report: RetentionReport,
    source: str,
    now: datetime,
    batch: int = 500,
    progress: Callable[[int], None] = lambda _: None,
) -> Applied:
    """Carry out the reviewed report, ``batch`` people per transaction, each batch audited."""
    _check(principal, rules)
    chosen = report.actions()
    rule_of = {d.record_id: d.record_type for d in report.due if chosen[d.record_id] is d.action}
    people = sorted(chosen, key=str)
    counts = {RetentionAction.ANONYMISE: 0, RetentionAction.DELETE: 0}
    for start in range(0, len(people), batch):
        chunk = people[start : start + batch]
        with uow_factory() as uow:
            for action in RetentionAction:
                ids = [p for p in chunk if chosen[p] is action]
                if not ids:
                    continue
                selected = {p: rule_of[p] for p in ids}
                if action is RetentionAction.DELETE:
                    uow.retention.delete(selected, now)
                else:
                    uow.retention.anonymise(selected, now)
                record(uow.audit, _event(principal, source, action, ids, now))
                counts[action] += len(ids)
            uow.commit()
        progress(len(chunk))
    return Applied(counts[RetentionAction.ANONYMISE], counts[RetentionAction.DELETE])


def _event(
    principal: Principal, source: str, action: RetentionAction, ids: list[UUID], at: datetime
) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=str(principal.user_id),
        organisation=str(principal.organisation.id),
        purpose="retention",
        action=f"retention {action.value}",
        record_type="person",
        record_ids=tuple(str(i) for i in ids),
        outcome="done",
        source=source,
    )
