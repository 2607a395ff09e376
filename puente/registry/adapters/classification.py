"""How each field of the registry's views is classified, and what the access gate is told."""

from __future__ import annotations

from collections.abc import Iterable

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Nested
from puente.access.domain.roles import DataCategory as C
from puente.registry.domain.model import FamilyGroup, Person, Registration

PERSON: Classification = {
    "id": C.REFERENCE,
    "version": C.REFERENCE,
    "given_names": C.IDENTITY,
    "first_surname": C.IDENTITY,
    "second_surname": C.IDENTITY,
    "name_as_written": C.IDENTITY,
    "sex": C.IDENTITY,
    "birth_date": C.IDENTITY,
    "birth_precision": C.IDENTITY,
    "nationalities": C.IDENTITY,
    "languages": C.IDENTITY,
    "aliases": C.IDENTITY,
    "phones": C.CONTACT,
    "current_address": C.CONTACT,
    "address_history": C.CONTACT,
    "documents": C.DOCUMENTS,
}

FAMILY: Classification = {
    "id": C.REFERENCE,
    "label": C.IDENTITY,
    "members": Nested({"person_id": C.REFERENCE, "relationship": C.IDENTITY}),
}

REGISTRATION_SUMMARY: Classification = {
    "id": C.REFERENCE,
    "request_id": C.REFERENCE,
    "family_id": C.REFERENCE,
    "person_ids": C.REFERENCE,
    "registered_at": C.REGISTRATION,
    "timezone": C.REGISTRATION,
    "registered_by": C.REGISTRATION,
    "location": C.REGISTRATION,
    "channel": C.REGISTRATION,
    "language": C.REGISTRATION,
    "consent_given": C.REGISTRATION,
    "vulnerabilities": C.VULNERABILITY,
}

REGISTRATION: Classification = {
    **REGISTRATION_SUMMARY,
    "persons": Nested(PERSON),
    "family": Nested(FAMILY),
}

CORRECTION: Classification = {
    "id": C.REFERENCE,
    "person_id": C.REFERENCE,
    "request_id": C.REFERENCE,
    "corrected_at": C.HISTORY,
    "corrected_by": C.HISTORY,
    "reason": C.HISTORY,
    "changes": C.HISTORY,
}

PERSON_RECORD: Classification = {
    "person": Nested(PERSON),
    "families": Nested(FAMILY),
    "registrations": Nested(REGISTRATION_SUMMARY),
    "corrections": Nested(CORRECTION),
}

FAMILY_RECORD: Classification = {"family": Nested(FAMILY), "members": Nested(PERSON)}


_EXPORT_IDENTITY = (
    "relationship",
    "given_names",
    "first_surname",
    "second_surname",
    "name_as_written",
    "sex",
    "birth_date",
    "estimated_age",
    "nationalities",
    "languages",
)
_EXPORT_CONTACT = (
    "phones",
    "address_country",
    "address_line1",
    "address_city",
    "address_state",
    "address_postal_code",
)
_EXPORT_DOCUMENTS = ("document_kind", "document_number", "document_country")
_EXPORT_REGISTRATION = (
    "location",
    "registered_by",
    "registered_at",
    "channel",
    "language",
    "consent_given",
)
EXPORT_ROW: Classification = {
    "request_id": C.REFERENCE,
    "family_ref": C.REFERENCE,
    **dict.fromkeys(_EXPORT_IDENTITY, C.IDENTITY),
    **dict.fromkeys(_EXPORT_CONTACT, C.CONTACT),
    **dict.fromkeys(_EXPORT_DOCUMENTS, C.DOCUMENTS),
    **dict.fromkeys(_EXPORT_REGISTRATION, C.REGISTRATION),
    "vulnerabilities": C.VULNERABILITY,
}


def _nationalities(persons: Iterable[Person]) -> frozenset[str]:
    return frozenset(n for p in persons for n in p.nationalities)


def person_record(person: Person) -> ProtectedRecord:
    return ProtectedRecord(
        "person", person.id, person.owner_id, (person.id,), _nationalities([person])
    )


def family_record(family: FamilyGroup, members: Iterable[Person]) -> ProtectedRecord:
    people = list(members)
    return ProtectedRecord(
        "family",
        family.id,
        family.owner_id,
        tuple(m.person_id for m in family.members),
        _nationalities(people),
    )


def registration_record(registration: Registration, persons: Iterable[Person]) -> ProtectedRecord:
    return ProtectedRecord(
        "registration",
        registration.id,
        registration.owner_id,
        registration.person_ids,
        _nationalities(persons),
    )
