"""Use cases of a person's choices and rights: consent, objection, legal hold, and their export.

Every change goes through the access gate's write (own organisation's records only, audited).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.roles import Permission
from puente.access.domain.sharing import ConsentEvent
from puente.access.domain.subject_rights import Objection, check_not_future
from puente.access.services.guard import Gate
from puente.access.services.sharing import SharingStore, record_consent
from puente.shared.unit_of_work import UnitOfWork

T = TypeVar("T")


class SubjectRightsStore(abc.ABC):
    @abc.abstractmethod
    def add_objection(self, objection: Objection) -> None: ...

    @abc.abstractmethod
    def objections_of(self, person_id: UUID) -> list[Objection]: ...

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


def _write_about(
    gate: Gate,
    permission: Permission,
    record_type: str,
    owner_id: UUID,
    person_id: UUID,
    action: str,
    perform: Callable[[], T],
) -> T:
    """The gate's write about one person; another organisation's person answers ``NotFound``.

    The denial is audited by the gate; answering 404 keeps the person's existence hidden.
    """
    return gate.write(
        permission, record_type, owner_id, action, perform, lambda _: [person_id], person_id
    )


def record_consent_decision(
    gate: Gate, uow_factory: UowFactory, owner_id: UUID, event: ConsentEvent
) -> ConsentEvent:
    """The person gave, refused or withdrew consent to one purpose; it applies from ``event.at``."""
    check_not_future(event.at, gate.clock())

    def perform() -> ConsentEvent:
        with uow_factory() as uow:
            record_consent(uow.sharing, gate.principal, event)
            uow.commit()
        return event

    return _write_about(
        gate,
        Permission.CONSENT_RECORD,
        "consent",
        owner_id,
        event.person_id,
        "record consent",
        perform,
    )


def record_objection(
    gate: Gate, uow_factory: UowFactory, owner_id: UUID, objection: Objection
) -> Objection:
    """Store the objection and withdraw the consent it covers, in one transaction."""
    check_not_future(objection.at, gate.clock())

    def perform() -> Objection:
        with uow_factory() as uow:
            uow.subjects.add_objection(objection)
            for withdrawal in objection.withdrawals():
                uow.sharing.add_consent(withdrawal)
            uow.commit()
        return objection

    return _write_about(
        gate,
        Permission.SUBJECT_RIGHTS,
        "objection",
        owner_id,
        objection.person_id,
        "record objection",
        perform,
    )


def set_legal_hold(
    gate: Gate, uow_factory: UowFactory, owner_id: UUID, person_id: UUID, reason: str | None
) -> bool:
    """Place a hold (with a reason) or lift it (``reason`` None); ``False`` if nothing changed."""
    action = "place legal hold" if reason is not None else "lift legal hold"

    def perform() -> bool:
        with uow_factory() as uow:
            if reason is None:
                changed = uow.subjects.lift_hold(person_id)
            else:
                placed_by = str(gate.principal.user_id)
                changed = uow.subjects.place_hold(person_id, reason, gate.clock(), placed_by)
            uow.commit()
        return changed

    return _write_about(
        gate, Permission.SUBJECT_RIGHTS, "legal hold", owner_id, person_id, action, perform
    )


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
