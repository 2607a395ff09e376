"""Views of a person's choices and of their subject-access export, and how each field is classified.

The export holds the person's own data only: relatives' ids and vulnerabilities are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Nested
from puente.access.domain.roles import DataCategory as C
from puente.access.domain.sharing import ConsentEvent
from puente.access.domain.subject_rights import Objection, audit_about
from puente.access.services.subject_rights import AuditTrail, PersonChoices
from puente.registry.adapters import classification as registry_classes
from puente.registry.adapters.schemas import PersonRecordView
from puente.registry.domain.model import Person
from puente.registry.services.queries import PersonRecord

CONSENT: Classification = {
    "person_id": C.REFERENCE,
    "purpose": C.HISTORY,
    "status": C.HISTORY,
    "at": C.HISTORY,
    "channel": C.HISTORY,
    "recorded_by": C.HISTORY,
    "request_id": C.REFERENCE,
}

OBJECTION: Classification = {
    "id": C.REFERENCE,
    "person_id": C.REFERENCE,
    "purpose": C.HISTORY,
    "to_all_processing": C.HISTORY,
    "reason": C.HISTORY,
    "at": C.HISTORY,
    "channel": C.HISTORY,
    "recorded_by": C.HISTORY,
}

CHOICES: Classification = {
    "person_id": C.REFERENCE,
    "consents": Nested(CONSENT),
    "objections": Nested(OBJECTION),
}

AUDIT_ENTRY: Classification = {
    "at": C.HISTORY,
    "organisation": C.HISTORY,
    "organisation_name": C.HISTORY,
    "actor": C.HISTORY,
    "purpose": C.HISTORY,
    "action": C.HISTORY,
    "record_type": C.HISTORY,
    "record_ids": C.HISTORY,
    "outcome": C.HISTORY,
}

SUBJECT_EXPORT: Classification = {
    "person_id": C.REFERENCE,
    "generated_at": C.REFERENCE,
    **registry_classes.PERSON_RECORD,
    "consents": Nested(CONSENT),
    "objections": Nested(OBJECTION),
    "audit": Nested(AUDIT_ENTRY),
}


def protected(person: Person, record_type: str) -> ProtectedRecord:
    """A record about one person, decided like the person's own record."""
    base = registry_classes.person_record(person)
    return ProtectedRecord(
        record_type, person.id, base.owner_id, base.subject_ids, base.subject_nationalities
    )


def consent_view(event: ConsentEvent) -> dict[str, Any]:
    return dict(event.__dict__)


def objection_view(objection: Objection) -> dict[str, Any]:
    return {**objection.__dict__, "to_all_processing": objection.to_all_processing}


def choices_view(person_id: UUID, choices: PersonChoices) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "consents": [consent_view(e) for e in choices.consents],
        "objections": [objection_view(o) for o in choices.objections],
    }


def own_record_ids(record: PersonRecord) -> list[UUID]:
    """The ids whose audit entries are about the person: their record, registrations, families."""
    return [
        record.person.id,
        *(r.id for r in record.registrations),
        *(f.id for f in record.families),
    ]


def _own_only(person_id: UUID, view: dict[str, Any]) -> dict[str, Any]:
    me = str(person_id)
    for family in view["families"]:
        family["members"] = [m for m in family["members"] if str(m["person_id"]) == me]
    for registration in view["registrations"]:
        registration["person_ids"] = [person_id]
        flags = registration.get("vulnerabilities") or {}
        registration["vulnerabilities"] = {k: v for k, v in flags.items() if k == me}
    return view


def export_view(
    record: PersonRecord, choices: PersonChoices, trail: AuditTrail, generated_at: datetime
) -> dict[str, Any]:
    person_id = record.person.id
    audit = [
        {**entry.__dict__, "organisation_name": trail.organisation_names.get(entry.organisation)}
        for entry in audit_about(trail.events, own_record_ids(record))
    ]
    return {
        "person_id": person_id,
        "generated_at": generated_at,
        **_own_only(person_id, PersonRecordView.of(record).model_dump()),
        "consents": [consent_view(e) for e in choices.consents],
        "objections": [objection_view(o) for o in choices.objections],
        "audit": audit,
    }
