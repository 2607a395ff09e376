"""Use cases of a person's choices and rights: consent, objection, legal hold, and their export.

Every change is authorised by the access gate (own organisation's records only) and its audit
entry commits in the change's own transaction.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.roles import Permission
from puente.access.domain.sharing import ConsentEvent
from puente.access.domain.subject_rights import Objection, check_not_future
from puente.access.services.guard import Gate, WriteAudit
from puente.access.services.sharing import SharingStore, record_consent
from puente.shared.errors import IdempotencyConflict, WinnerUnreadable
from puente.shared.unit_of_work import DuplicateRequestId, UnitOfWork

T = TypeVar("T")


class SubjectRightsStore(abc.ABC):
    @abc.abstractmethod
    def add_objection(self, objection: Objection) -> None:
        """``DuplicateRequestId`` if another transaction stored an objection with its id first."""

    @abc.abstractmethod
    def objections_of(self, person_id: UUID) -> list[Objection]: ...

    @abc.abstractmethod
    def objection(self, objection_id: UUID) -> Objection | None: ...

    @abc.abstractmethod
    def place_hold(self, person_id: UUID, reason: str, at: datetime, placed_by: str) -> bool:
        """Hold the person's records; ``False`` if a hold was already in place."""

    @abc.abstractmethod
    def lift_hold(self, person_id: UUID) -> bool: ...

    @abc.abstractmethod
    def audit_events_about(self, record_ids: Iterable[UUID]) -> list[AuditEvent]:
        """Chained and pending audit events naming any of ``record_ids``."""

    @abc.abstractmethod
    def organisation_names(self, ids: Iterable[str]) -> dict[str, str]: ...


class SubjectUnitOfWork(UnitOfWork):
    sharing: SharingStore
    subjects: SubjectRightsStore


UowFactory = Callable[[], SubjectUnitOfWork]
# A unit of work whose commit adds the authorised write's audit entry to its transaction.
AuditedUowFactory = Callable[[WriteAudit], SubjectUnitOfWork]


@dataclass(frozen=True)
class Recorded(Generic[T]):
    """What a write stored, or (``created`` False) what an earlier request with its id stored."""

    value: T
    created: bool


def _authorise(
    gate: Gate,
    permission: Permission,
    record_type: str,
    owner_id: UUID,
    person_id: UUID,
    action: str,
) -> WriteAudit:
    """The gate's decision on a write about one person; another organisation's person answers
    ``NotFound`` (the denial is audited by the gate; 404 keeps the person's existence hidden)."""
    return gate.authorise_write(permission, record_type, owner_id, action, person_id)


def _replayed(gate: Gate, audit: WriteAudit, request_id: UUID, same: bool) -> None:
    """A request id seen before: the same request answers what it stored (audited as a replay,
    not a second write); a different one is a conflict and the first request stands."""
    if not same:
        raise IdempotencyConflict(str(request_id))
    audit.replayed()(gate.audit)


def _record_once(
    gate: Gate,
    uow_factory: AuditedUowFactory,
    audit: WriteAudit,
    request_id: UUID | None,
    earlier_of: Callable[[SubjectUnitOfWork], T | None],
    store: Callable[[SubjectUnitOfWork], None],
    same: Callable[[T], bool],
    value: T,
) -> Recorded[T]:
    """Store ``value`` unless ``earlier_of`` finds what its request id stored before; a repeat,
    also one that lost the race to store the same new id, answers what the first request stored.
    """
    try:
        with uow_factory(audit) as uow:
            earlier = earlier_of(uow)
            if earlier is None:
                store(uow)
                uow.commit()
                return Recorded(value, created=True)
    except DuplicateRequestId:
        with uow_factory(audit) as uow:
            earlier = earlier_of(uow)
    # Past the first try an earlier write was found, which only a request id can find, unless
    # the write that won the race is gone again by the time it is read.
    if earlier is None or request_id is None:
        raise WinnerUnreadable(request_id)
    _replayed(gate, audit, request_id, same(earlier))
    return Recorded(earlier, created=False)


def record_consent_decision(
    gate: Gate, uow_factory: AuditedUowFactory, owner_id: UUID, event: ConsentEvent
) -> Recorded[ConsentEvent]:
    """The person gave, refused or withdrew consent to one purpose; it applies from ``event.at``.

    With a ``request_id``, sending the same decision again stores nothing and answers the first.
    """
    check_not_future(event.at, gate.clock())
    audit = _authorise(
        gate, Permission.CONSENT_RECORD, "consent", owner_id, event.person_id, "record consent"
    )
    request_id = event.request_id
    return _record_once(
        gate,
        uow_factory,
        audit,
        request_id,
        lambda uow: uow.sharing.consent_for_request(request_id) if request_id else None,
        lambda uow: record_consent(uow.sharing, gate.principal, event),
        lambda earlier: earlier.same_decision(event),
        event,
    )


def record_objection(
    gate: Gate, uow_factory: AuditedUowFactory, owner_id: UUID, objection: Objection
) -> Recorded[Objection]:
    """Store the objection and withdraw the consent it covers, in one transaction.

    The objection's id is the client's request id: sending it again stores nothing.
    """
    check_not_future(objection.at, gate.clock())
    audit = _authorise(
        gate,
        Permission.SUBJECT_RIGHTS,
        "objection",
        owner_id,
        objection.person_id,
        "record objection",
    )

    def store(uow: SubjectUnitOfWork) -> None:
        uow.subjects.add_objection(objection)
        for withdrawal in objection.withdrawals():
            uow.sharing.add_consent(withdrawal)

    return _record_once(
        gate,
        uow_factory,
        audit,
        objection.id,
        lambda uow: uow.subjects.objection(objection.id),
        store,
        lambda earlier: earlier.same_objection(objection),
        objection,
    )


def set_legal_hold(
    gate: Gate,
    uow_factory: AuditedUowFactory,
    owner_id: UUID,
    person_id: UUID,
    reason: str | None,
) -> bool:
    """Place a hold (with a reason) or lift it (``reason`` None); ``False`` if nothing changed."""
    action = "place legal hold" if reason is not None else "lift legal hold"
    audit = _authorise(gate, Permission.SUBJECT_RIGHTS, "legal hold", owner_id, person_id, action)
    with uow_factory(audit) as uow:
        if reason is None:
            changed = uow.subjects.lift_hold(person_id)
        else:
            placed_by = str(gate.principal.user_id)
            changed = uow.subjects.place_hold(person_id, reason, gate.clock(), placed_by)
        uow.commit()
    return changed


@dataclass(frozen=True)
class PersonChoices:
    consents: list[ConsentEvent]
    objections: list[Objection]


def choices_of(uow_factory: UowFactory, person_id: UUID) -> PersonChoices:
    with uow_factory() as uow:
        return PersonChoices(
            uow.sharing.consents_of([person_id]), uow.subjects.objections_of(person_id)
        )


@dataclass(frozen=True)
class AuditTrail:
    events: list[AuditEvent]
    organisation_names: dict[str, str]


def audit_trail(uow_factory: UowFactory, record_ids: Iterable[UUID]) -> AuditTrail:
    with uow_factory() as uow:
        events = uow.subjects.audit_events_about(record_ids)
        names = uow.subjects.organisation_names({e.organisation for e in events})
    return AuditTrail(events, names)
