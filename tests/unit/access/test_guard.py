"""The gate decides, blanks and audits every read and write, and never reveals a denied record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from puente.access.domain.audit_chain import AuditEntry, AuditEvent
from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.roles import DataCategory, Permission, Role
from puente.access.domain.sharing import ConsentEvent, ConsentStatus, Purpose, SharingAgreement
from puente.access.services.audit import AuditStore, ChainLinker
from puente.access.services.guard import Gate, SharingTerms
from puente.shared.errors import Forbidden, NotFound
from tests.unit.access.test_decisions import (
    CBP,
    ENTRY_SHARING,
    GIVEN,
    NOW,
    RECORD,
    UNHCR,
    consent,
    principal,
)

VIEW = {"id": "p1", "given_names": "Ana", "phones": ["+52 664 000 0000"]}
CLASSES = {
    "id": DataCategory.REFERENCE,
    "given_names": DataCategory.IDENTITY,
    "phones": DataCategory.CONTACT,
}


class FakeTerms(SharingTerms):
    def __init__(self, agreements: list[SharingAgreement], consents: list[ConsentEvent]) -> None:
        self.agreements, self.consents, self.asked = agreements, consents, 0

    def terms_for(
        self, recipient_id: UUID, subject_ids: Iterable[UUID]
    ) -> tuple[list[SharingAgreement], list[ConsentEvent]]:
        self.asked += 1
        wanted = set(subject_ids)
        return (
            [a for a in self.agreements if a.recipient_id == recipient_id],
            [c for c in self.consents if c.person_id in wanted],
        )


class FakeAudit(AuditStore):
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def add_pending(self, event: AuditEvent) -> None:
        self.events.append(event)

    def chain_pending(self, link: ChainLinker, limit: int) -> int:
        raise NotImplementedError

    def entries(self) -> Iterator[AuditEntry]:
        raise NotImplementedError

    def pending_count(self) -> int:
        return len(self.events)


def gate(*roles: Role, org: object = UNHCR, consents: list[ConsentEvent] | None = None) -> Gate:
    return Gate(
        principal(org, *roles),  # type: ignore[arg-type]
        "10.0.0.7",
        FakeTerms([ENTRY_SHARING], consents if consents is not None else [GIVEN]),
        FakeAudit(),
        lambda: NOW,
    )


def events(g: Gate) -> list[AuditEvent]:
    assert isinstance(g.audit, FakeAudit)
    return g.audit.events


def test_own_records_are_read_whole_and_audited_without_personal_data() -> None:
    g = gate(Role.REGISTRAR)
    shown = g.read(Permission.REGISTRY_READ, RECORD, VIEW, CLASSES, "read person")
    assert shown.data == VIEW and shown.removed == ()
    [event] = events(g)
    assert (event.action, event.outcome, event.record_ids) == (
        "read person",
        "allowed",
        (str(RECORD.record_id),),
    )
    assert "Ana" not in str(event.payload()) and "+52" not in str(event.payload())
    assert isinstance(g.terms, FakeTerms) and g.terms.asked == 0


def test_a_shared_record_is_blanked_to_the_agreement() -> None:
    g = gate(Role.PORT_OFFICER, org=CBP)
    shown = g.read(Permission.REGISTRY_READ, RECORD, VIEW, CLASSES, "read person")
    assert shown.data == {"id": "p1", "given_names": "Ana", "phones": None}
    assert shown.removed == ("phones",)


def test_a_denied_read_looks_like_absence_and_is_audited() -> None:
    withdrawn = consent(ConsentStatus.WITHDRAWN, Purpose.ORDERLY_ENTRY, NOW - timedelta(hours=1))
    g = gate(Role.PORT_OFFICER, org=CBP, consents=[GIVEN, withdrawn])
    with pytest.raises(NotFound):
        g.read(Permission.REGISTRY_READ, RECORD, VIEW, CLASSES, "read person")
    assert [e.outcome for e in events(g)] == ["denied"]


def test_lists_leave_out_what_the_reader_may_not_see() -> None:
    other = ProtectedRecord("person", uuid4(), UNHCR.id, (uuid4(),), frozenset({"GT"}))
    g = gate(Role.PORT_OFFICER, org=CBP)
    shown = g.read_many(Permission.REGISTRY_READ, [(RECORD, VIEW), (other, VIEW)], CLASSES, "list")
    assert [s.record for s in shown] == [RECORD]
    assert {e.outcome: e.record_ids for e in events(g)} == {
        "allowed": (str(RECORD.record_id),),
        "denied": (str(other.record_id),),
    }


def test_an_authorised_write_records_what_it_names_and_what_changed() -> None:
    g = gate(Role.REGISTRAR)
    existing, new_id = uuid4(), uuid4()
    audit = g.authorise_write(Permission.REGISTRY_WRITE, "person", None, "correct", existing)
    assert events(g) == []  # nothing is recorded until the write's transaction commits
    audit.naming(existing)(g.audit, [new_id, existing])
    assert events(g)[-1].record_ids == (str(existing), str(new_id))
    with pytest.raises(Forbidden):
        gate(Role.PORT_OFFICER, org=CBP).authorise_write(
            Permission.REGISTRY_WRITE, "person", UNHCR.id, "correct person"
        )


def test_a_write_that_names_no_record_is_not_recorded() -> None:
    g = gate(Role.REGISTRAR)
    g.authorise_write(Permission.REGISTRY_WRITE, "registration", None, "register")(g.audit)
    assert events(g) == []


def test_another_organisations_record_is_never_changed_nor_revealed() -> None:
    g = gate(Role.REGISTRAR, org=CBP)
    with pytest.raises(NotFound):
        g.authorise_write(Permission.REGISTRY_WRITE, "person", UNHCR.id, "correct")
    assert [e.outcome for e in events(g)] == ["denied"]
