"""Cases, encounters, notes and queue items as plain views with their field classifications.

The API and the pages show only what the access gate keeps of these views. Case steps, hearings
and deadlines are case proceedings; the reasons given for moves and every note are the asylum
narrative (8 CFR 208.6), which a shelter operator never sees; names are identity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Nested
from puente.access.domain.roles import DataCategory
from puente.cases.adapters.store.mapping import address_doc
from puente.cases.adapters.store.people import PersonSummary
from puente.cases.adapters.store.queries import Holding
from puente.cases.domain.case import AsylumCase, CaseEvent
from puente.cases.domain.deadlines import Deadline
from puente.cases.domain.encounter import Encounter
from puente.cases.domain.hearings import Hearing
from puente.cases.domain.notices import NoticeCheck
from puente.cases.domain.representation import CaseNote, Filing, Representation

REF = DataCategory.REFERENCE
PROCEEDINGS = DataCategory.CASE_PROCEEDINGS
NARRATIVE = DataCategory.ASYLUM_NARRATIVE
IDENTITY = DataCategory.IDENTITY
CONTACT = DataCategory.CONTACT

CASE_RECORD = "case"
ENCOUNTER_RECORD = "encounter"
NOTE_RECORD = "case_note"

PERSON: Classification = {"id": REF, "name": IDENTITY, "nationalities": IDENTITY}
EVENT: Classification = {
    "sequence": REF,
    "source": PROCEEDINGS,
    "target": PROCEEDINGS,
    "occurred_at": PROCEEDINGS,
    "timezone": PROCEEDINGS,
    "actor": PROCEEDINGS,
    "policy_id": PROCEEDINGS,
    "reason": NARRATIVE,
}
HEARING: Classification = {
    "id": REF,
    "case_id": REF,
    "kind": PROCEEDINGS,
    "court": PROCEEDINGS,
    "court_name": PROCEEDINGS,
    "court_city": PROCEEDINGS,
    "timezone": PROCEEDINGS,
    "scheduled_at": PROCEEDINGS,
    "judge": PROCEEDINGS,
    "outcome": PROCEEDINGS,
    "continuances": PROCEEDINGS,
    "venue_changes": PROCEEDINGS,
}
DEADLINE: Classification = {
    "case_id": REF,
    "kind": PROCEEDINGS,
    "basis": PROCEEDINGS,
    "due_at": PROCEEDINGS,
    "due_on": PROCEEDINGS,
    "timezone": PROCEEDINGS,
    "closed_at": PROCEEDINGS,
}
REPRESENTATION: Classification = {
    "name": PROCEEDINGS,
    "kind": PROCEEDINGS,
    "organisation": PROCEEDINGS,
    "eoir_id": PROCEEDINGS,
    "form": PROCEEDINGS,
    "filed_at": PROCEEDINGS,
    "withdrawn_at": PROCEEDINGS,
}
# Where a notice went is the person's address: contact data, as in the registry.
ADDRESS: Classification = {
    "country": CONTACT,
    "line1": CONTACT,
    "city": CONTACT,
    "state": CONTACT,
    "postal_code": CONTACT,
    "valid_from": CONTACT,
    "valid_to": CONTACT,
}
NOTICE: Classification = {
    "hearing_id": REF,
    "person_id": REF,
    "sent_at": PROCEEDINGS,
    "flagged": PROCEEDINGS,
    "address": Nested(ADDRESS, CONTACT),
    "on_record": Nested(ADDRESS, CONTACT),
    "reason": CONTACT,
}
FILING: Classification = {"form": PROCEEDINGS, "filed_at": PROCEEDINGS, "filed_by": PROCEEDINGS}
CASE: Classification = {
    "id": REF,
    "opened_at": PROCEEDINGS,
    "caseworker": PROCEEDINGS,
    "state": PROCEEDINGS,
    "persons": Nested(PERSON, REF),
    "timeline": Nested(EVENT, PROCEEDINGS),
    "hearings": Nested(HEARING, PROCEEDINGS),
    "deadlines": Nested(DEADLINE, PROCEEDINGS),
    "representation": Nested(REPRESENTATION, PROCEEDINGS),
    "notices": Nested(NOTICE, PROCEEDINGS),
    "filings": Nested(FILING, PROCEEDINGS),
}
NOTE: Classification = {
    "id": REF,
    "case_id": REF,
    "written_at": NARRATIVE,
    "author": NARRATIVE,
    "confidentiality": NARRATIVE,
    "text": NARRATIVE,
}
ENCOUNTER: Classification = {
    "id": REF,
    "place": PROCEEDINGS,
    "place_kind": PROCEEDINGS,
    "timezone": PROCEEDINGS,
    "occurred_at": PROCEEDINGS,
    "agency": PROCEEDINGS,
    "person_ids": REF,
    "family_id": REF,
    "authority": PROCEEDINGS,
    "outcome": PROCEEDINGS,
    "policy_ids": PROCEEDINGS,
}


def protected(
    record_type: str,
    record_id: UUID,
    holding: Holding,
    people: Mapping[UUID, PersonSummary],
) -> ProtectedRecord:
    nationalities = {n for p in holding.person_ids if p in people for n in people[p].nationalities}
    return ProtectedRecord(
        record_type, record_id, holding.owner_id, holding.person_ids, frozenset(nationalities)
    )


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def event_view(event: CaseEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "source": event.source.value,
        "target": event.target.value,
        "occurred_at": event.occurred_at.isoformat(),
        "timezone": str(event.occurred_at.tzinfo),
        "actor": event.actor,
        "policy_id": event.policy_id,
        "reason": event.reason,
    }


def hearing_view(hearing: Hearing) -> dict[str, Any]:
    return {
        "id": str(hearing.id),
        "case_id": str(hearing.case_id),
        "kind": hearing.kind.value,
        "court": hearing.court.code,
        "court_name": hearing.court.name,
        "court_city": hearing.court.city,
        "timezone": hearing.court.timezone,
        "scheduled_at": hearing.local_time.isoformat(),
        "judge": hearing.judge,
        "outcome": hearing.outcome.value if hearing.outcome else None,
        "continuances": [
            {"from": _time(c.previous_time), "to": _time(c.new_time), "reason": c.reason}
            for c in hearing.continuances
        ],
        "venue_changes": [
            {"from": v.from_court, "to": v.to_court, "reason": v.reason}
            for v in hearing.venue_changes
        ],
    }


def deadline_view(deadline: Deadline) -> dict[str, Any]:
    return {
        "case_id": str(deadline.case_id),
        "kind": deadline.kind.value,
        "basis": deadline.basis.isoformat(),
        "due_at": deadline.due_at.isoformat(),
        "due_on": deadline.due_on.isoformat(),
        "timezone": deadline.timezone,
        "closed_at": _time(deadline.closed_at),
    }


def representation_view(representation: Representation) -> dict[str, Any]:
    person = representation.representative
    return {
        "name": person.name,
        "kind": person.kind.value,
        "organisation": person.organisation,
        "eoir_id": person.eoir_id,
        "form": representation.form.value,
        "filed_at": representation.filed_at.isoformat(),
        "withdrawn_at": _time(representation.withdrawn_at),
    }


def notice_view(check: NoticeCheck) -> dict[str, Any]:
    notice = check.notice
    return {
        "hearing_id": str(notice.hearing_id),
        "person_id": str(notice.person_id) if notice.person_id else None,
        "sent_at": notice.sent_at.isoformat(),
        "flagged": check.flagged,
        "address": address_doc(notice.address),
        "on_record": address_doc(check.on_record),
        "reason": check.reason,
    }


def filing_view(filing: Filing) -> dict[str, Any]:
    return {
        "form": filing.form,
        "filed_at": filing.filed_at.isoformat(),
        "filed_by": filing.filed_by,
    }


@dataclass(frozen=True)
class CaseRecords:
    """What is kept about a case beside its events."""

    hearings: Sequence[Hearing]
    deadlines: Sequence[Deadline]
    representations: Sequence[Representation]
    notices: Sequence[NoticeCheck]
    filings: Sequence[Filing]


def case_view(
    case: AsylumCase, people: Mapping[UUID, PersonSummary], records: CaseRecords
) -> dict[str, Any]:
    return {
        "id": str(case.id),
        "opened_at": case.opened_at.isoformat(),
        "caseworker": case.caseworker,
        "state": case.state.value,
        "persons": [
            {
                "id": str(p),
                "name": people[p].name if p in people else None,
                "nationalities": list(people[p].nationalities) if p in people else [],
            }
            for p in case.person_ids
        ],
        "timeline": [event_view(e) for e in case.events],
        "hearings": [hearing_view(h) for h in records.hearings],
        "deadlines": [deadline_view(d) for d in records.deadlines],
        "representation": [representation_view(r) for r in records.representations],
        "notices": [notice_view(n) for n in records.notices],
        "filings": [filing_view(f) for f in records.filings],
    }


def note_view(note: CaseNote) -> dict[str, Any]:
    return {
        "id": str(note.id),
        "case_id": str(note.case_id),
        "written_at": note.written_at.isoformat(),
        "author": note.author,
        "confidentiality": note.confidentiality.value,
        "text": note.text,
    }


def encounter_view(encounter: Encounter) -> dict[str, Any]:
    return {
        "id": str(encounter.id),
        "place": encounter.place.name,
        "place_kind": encounter.place.kind.value,
        "timezone": encounter.place.timezone,
        "occurred_at": encounter.local_time.isoformat(),
        "agency": encounter.agency.value,
        "person_ids": [str(p) for p in encounter.person_ids],
        "family_id": str(encounter.family_id) if encounter.family_id else None,
        "authority": encounter.authority.value,
        "outcome": encounter.outcome.value,
        "policy_ids": list(encounter.policy_ids),
    }
