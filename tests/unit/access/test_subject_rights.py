"""Objections withdraw consent, the audit trail shows a person only their own ids, and the
use cases write through the gate: another organisation's person is as if absent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest

from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.roles import Role
from puente.access.domain.sharing import (
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
    consent_in_force,
)
from puente.access.domain.subject_rights import Objection, audit_about, check_not_future
from puente.access.services.audit import AuditStore
from puente.access.services.guard import Gate, WriteAudit
from puente.access.services.sharing import SharingStore
from puente.access.services.subject_rights import (
    AuditedUowFactory,
    SubjectRightsStore,
    SubjectUnitOfWork,
    record_consent_decision,
    record_objection,
)
from puente.shared.errors import IdempotencyConflict, InvalidInput, NotFound, WinnerUnreadable
from puente.shared.unit_of_work import DuplicateRequestId
from tests.unit.access.test_decisions import CBP, NOW, UNHCR
from tests.unit.access.test_guard import events, gate

PERSON = uuid4()


def _objection(purpose: Purpose | None, at: datetime = NOW) -> Objection:
    return Objection(uuid4(), PERSON, purpose, "", at, ConsentChannel.WRITTEN, "u1")


def test_an_objection_to_a_purpose_withdraws_that_purpose_only() -> None:
    given = [
        ConsentEvent(
            PERSON, p, ConsentStatus.GIVEN, NOW - timedelta(days=1), ConsentChannel.PHONE, "u"
        )
        for p in Purpose
    ]
    log = given + _objection(Purpose.ORDERLY_ENTRY).withdrawals()
    assert not consent_in_force(log, PERSON, Purpose.ORDERLY_ENTRY, NOW)
    assert consent_in_force(log, PERSON, Purpose.ORDERLY_ENTRY, NOW - timedelta(seconds=1))
    assert consent_in_force(log, PERSON, Purpose.CASE_PROCESSING, NOW)
    everything = given + _objection(None).withdrawals()
    assert not any(consent_in_force(everything, PERSON, p, NOW) for p in Purpose)
    assert (
        _objection(None).to_all_processing
        and not _objection(Purpose.ORDERLY_ENTRY).to_all_processing
    )


def test_objections_and_consent_are_not_recorded_ahead_of_time() -> None:
    with pytest.raises(InvalidInput):
        _objection(None, at=NOW.replace(tzinfo=None))
    with pytest.raises(InvalidInput):
        check_not_future(NOW + timedelta(minutes=1), NOW)
    check_not_future(NOW, NOW)


def _event(at_offset: int, *ids: str) -> AuditEvent:
    return AuditEvent(
        NOW + timedelta(minutes=at_offset), "u", "org", "p", "read", "t", ids, "allowed", "s"
    )


def test_the_audit_trail_keeps_only_the_subjects_own_ids_oldest_first() -> None:
    mine, relative, registration = uuid4(), uuid4(), uuid4()
    trail = audit_about(
        [
            _event(5, str(mine)),
            _event(1, str(registration), str(mine), str(relative)),
            _event(3, str(relative)),
        ],
        [mine, registration],
    )
    assert [a.record_ids for a in trail] == [(str(registration), str(mine)), (str(mine),)]
    assert all(str(relative) not in a.record_ids for a in trail)


class FakeSharing(SharingStore):
    def __init__(self) -> None:
        self.consents: list[ConsentEvent] = []

    def add_agreement(self, agreement: SharingAgreement) -> None:
        raise NotImplementedError

    def get_agreement(self, agreement_id: UUID) -> SharingAgreement | None:
        raise NotImplementedError

    def revoke_agreement(self, agreement_id: UUID, at: datetime) -> None:
        raise NotImplementedError

    def agreements_for(self, recipient_id: UUID) -> list[SharingAgreement]:
        return []

    def add_consent(self, event: ConsentEvent) -> None:
        self.consents.append(event)

    def consents_of(self, person_ids: Iterable[UUID]) -> list[ConsentEvent]:
        return list(self.consents)

    def consent_for_request(self, request_id: UUID) -> ConsentEvent | None:
        return next((c for c in self.consents if c.request_id == request_id), None)


class FakeSubjects(SubjectRightsStore):
    def __init__(self) -> None:
        self.objections: list[Objection] = []

    def add_objection(self, objection: Objection) -> None:
        self.objections.append(objection)

    def objections_of(self, person_id: UUID) -> list[Objection]:
        return list(self.objections)

    def objection(self, objection_id: UUID) -> Objection | None:
        return next((o for o in self.objections if o.id == objection_id), None)

    def place_hold(self, person_id: UUID, reason: str, at: datetime, placed_by: str) -> bool:
        return True

    def lift_hold(self, person_id: UUID) -> bool:
        return True

    def audit_events_about(self, record_ids: Iterable[UUID]) -> list[AuditEvent]:
        return []

    def organisation_names(self, ids: Iterable[str]) -> dict[str, str]:
        return {}


class FakeUow(SubjectUnitOfWork):
    """Commits the authorised write's audit entry, like the SQL unit of work, into the gate's
    audit store."""

    def __init__(self) -> None:
        self.sharing, self.subjects, self.committed = FakeSharing(), FakeSubjects(), False
        self.audit: tuple[WriteAudit, AuditStore] | None = None

    def auditing(self, gate: Gate) -> AuditedUowFactory:
        def factory(audit: WriteAudit) -> FakeUow:
            self.audit = (audit, gate.audit)
            return self

        return factory

    def commit(self) -> None:
        if self.audit is not None:
            self.audit[0](self.audit[1])
        self.committed = True

    def rollback(self) -> None:
        pass


def test_an_objection_is_stored_with_its_withdrawals_and_audited() -> None:
    uow = FakeUow()
    caseworker = gate(Role.CASEWORKER)
    objection = _objection(Purpose.CHILD_PROTECTION)
    record_objection(caseworker, uow.auditing(caseworker), UNHCR.id, objection)
    assert uow.committed and len(uow.subjects.objections) == 1
    assert [(c.purpose, c.status) for c in uow.sharing.consents] == [
        (Purpose.CHILD_PROTECTION, ConsentStatus.WITHDRAWN)
    ]
    assert [(e.action, e.record_ids, e.outcome) for e in events(caseworker)] == [
        ("record objection", (str(PERSON),), "done")
    ]


def test_another_organisations_person_is_not_found_and_nothing_is_stored() -> None:
    uow = FakeUow()
    foreign = gate(Role.REGISTRAR, org=CBP)
    event = ConsentEvent(
        PERSON, Purpose.ORDERLY_ENTRY, ConsentStatus.GIVEN, NOW, ConsentChannel.PHONE, "u"
    )
    with pytest.raises(NotFound):
        record_consent_decision(foreign, uow.auditing(foreign), UNHCR.id, event)
    assert uow.sharing.consents == [] and events(foreign)[0].outcome == "denied"


def test_a_repeated_consent_request_records_nothing_and_answers_the_first() -> None:
    uow = FakeUow()
    caseworker = gate(Role.CASEWORKER)
    request_id = uuid4()
    first = ConsentEvent(
        PERSON,
        Purpose.ORDERLY_ENTRY,
        ConsentStatus.GIVEN,
        NOW,
        ConsentChannel.PHONE,
        "u",
        request_id,
    )
    again = ConsentEvent(**{**first.__dict__, "at": NOW - timedelta(seconds=5)})
    assert record_consent_decision(caseworker, uow.auditing(caseworker), UNHCR.id, first).created
    replay = record_consent_decision(caseworker, uow.auditing(caseworker), UNHCR.id, again)
    assert (replay.created, replay.value) == (False, first)
    assert uow.sharing.consents == [first]
    different = ConsentEvent(**{**first.__dict__, "status": ConsentStatus.REFUSED})
    with pytest.raises(IdempotencyConflict):
        record_consent_decision(caseworker, uow.auditing(caseworker), UNHCR.id, different)
    assert uow.sharing.consents == [first]


def test_a_repeated_objection_request_records_nothing_and_answers_the_first() -> None:
    uow = FakeUow()
    caseworker = gate(Role.CASEWORKER)
    first = _objection(None)
    assert record_objection(caseworker, uow.auditing(caseworker), UNHCR.id, first).created
    consents = list(uow.sharing.consents)
    later = Objection(**{**first.__dict__, "at": NOW - timedelta(seconds=5)})
    replay = record_objection(caseworker, uow.auditing(caseworker), UNHCR.id, later)
    assert (replay.created, replay.value) == (False, first)
    assert uow.subjects.objections == [first] and uow.sharing.consents == consents
    other = Objection(**{**first.__dict__, "reason": "something else"})
    with pytest.raises(IdempotencyConflict):
        record_objection(caseworker, uow.auditing(caseworker), UNHCR.id, other)


def test_a_lost_race_whose_winner_cannot_be_read_asks_for_a_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another request stored this id first and was gone again (rolled back) before the read.
    def duplicate(self: FakeSubjects, objection: Objection) -> None:
        raise DuplicateRequestId(str(objection.id))

    monkeypatch.setattr(FakeSubjects, "add_objection", duplicate)
    uow = FakeUow()
    caseworker = gate(Role.CASEWORKER)
    with pytest.raises(WinnerUnreadable):
        record_objection(caseworker, uow.auditing(caseworker), UNHCR.id, _objection(None))
    assert not uow.committed
