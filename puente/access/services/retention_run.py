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
from puente.shared.chunks import chunks
from puente.shared.errors import Forbidden, InvalidInput
from puente.shared.unit_of_work import UnitOfWork

# "person": no registration, correction, consent or objection for a while;
# "objection": the person objected to all processing (counted from the objection).
RECORD_TYPES = frozenset({"person", "objection"})


@dataclass(frozen=True)
class Subject:
    """A person not yet acted on, with what the access context itself knows of them."""

    person_id: UUID
    last_choice: datetime | None  # latest consent decision or objection
    objected_at: datetime | None  # latest objection to all processing
    given_at: datetime | None  # latest consent given
    held: bool


class RetentionStore(abc.ABC):
    """The access context's own part: who is due for review, consent, objections, keys, log."""

    @abc.abstractmethod
    def subjects(self) -> Iterator[Subject]:
        """Every person not yet acted on."""

    @abc.abstractmethod
    def anonymise(self, rules: Mapping[UUID, str], at: datetime) -> None:
        """Blank objections' reasons, shred data keys, log; ``rules``: id → rule."""

    @abc.abstractmethod
    def delete(self, rules: Mapping[UUID, str], at: datetime) -> None:
        """Remove consent, objections, holds and data keys, and log."""


class PersonRecords(abc.ABC):
    """One context's rows about people, as the retention run sees them (registry, identity,
    cases, children, entry each implement it on their own tables)."""

    @abc.abstractmethod
    def last_activity(self, person_ids: Sequence[UUID]) -> dict[UUID, datetime]:
        """The latest moment this context recorded something about each person; a person it
        holds nothing about is left out."""

    @abc.abstractmethod
    def forget(self, person_ids: Sequence[UUID], action: RetentionAction) -> None:
        """Leave nothing of these people here, or, where a record must be kept, keep it with
        their data removed; ``action`` says what happens to the person themselves."""


class RetentionUnitOfWork(UnitOfWork):
    retention: RetentionStore
    # The registry last: it removes the person rows the others point at.
    records: Sequence[PersonRecords]
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
        return review(activities(uow), rules, now)


def activities(uow: RetentionUnitOfWork, batch: int = 2000) -> Iterator[RecordActivity]:
    """Each person not yet acted on, once per record type that applies to them: "person" from
    their latest activity in any context, "objection" from an objection to all processing that
    no later consent lifted."""
    for chunk in chunks(uow.retention.subjects(), batch):
        ids = [s.person_id for s in chunk]
        found = [source.last_activity(ids) for source in uow.records]
        for subject in chunk:
            moments = _present(subject.last_choice, *(f.get(subject.person_id) for f in found))
            if moments:
                yield RecordActivity(subject.person_id, "person", max(moments), subject.held)
            objected, given = subject.objected_at, subject.given_at
            if objected is not None and not (given is not None and given > objected):
                yield RecordActivity(subject.person_id, "objection", objected, subject.held)


def _present(*moments: datetime | None) -> list[datetime]:
    return [m for m in moments if m is not None]


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
                for records in uow.records:
                    records.forget(ids, action)
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
