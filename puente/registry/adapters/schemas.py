"""What the registry API returns: people, families and registrations as JSON views.

Every field past the ids may be null: the access gate blanks what the reader may not see.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from puente.registry.domain.model import FamilyGroup, Person, Registration
from puente.registry.services.queries import FamilyRecord, PersonRecord
from puente.registry.services.unit_of_work import PersonCorrection, RegisteredGroup

REDACTED = "Fields this reader may not see: each is null in the response."


class RedactableView(BaseModel):
    """A top-level view: the gate blanks its fields and names them in ``redacted``."""

    redacted: list[str] = Field(default_factory=list, description=REDACTED)

    def plain(self) -> dict[str, Any]:
        """The fields to hand to the gate (``redacted`` is the gate's to fill)."""
        return self.model_dump(exclude={"redacted"})


class AddressView(BaseModel):
    country: str
    line1: str
    city: str
    state: str | None
    postal_code: str | None
    valid_from: datetime
    valid_to: datetime | None


class DocumentView(BaseModel):
    kind: str
    number: str
    issuing_country: str | None
    expires_on: date | None


class AliasView(BaseModel):
    text: str
    kind: str


class PersonView(BaseModel):
    """A person; a field the reader may not see is null and named in ``redacted``."""

    id: UUID
    given_names: str | None
    first_surname: str | None
    second_surname: str | None
    name_as_written: str | None
    sex: str | None
    birth_date: str | None
    birth_precision: str | None
    nationalities: list[str] | None
    languages: list[str] | None
    phones: list[str] | None
    aliases: list[AliasView] | None
    documents: list[DocumentView] | None
    current_address: AddressView | None
    address_history: list[AddressView] | None
    version: int

    @classmethod
    def of(cls, person: Person) -> PersonView:
        birth = person.birth_date
        addresses = [AddressView(**a.__dict__) for a in person.addresses]
        return cls(
            id=person.id,
            given_names=person.name.given_names,
            first_surname=person.name.first_surname,
            second_surname=person.name.second_surname,
            name_as_written=person.name.as_written,
            sex=person.sex.value,
            birth_date=birth.isoformat() if birth else None,
            birth_precision=birth.precision.value if birth else None,
            nationalities=list(person.nationalities),
            languages=list(person.languages),
            phones=list(person.phones),
            aliases=[AliasView(text=a.text, kind=a.kind.value) for a in person.aliases],
            documents=[
                DocumentView(
                    kind=d.kind.value,
                    number=d.number,
                    issuing_country=d.issuing_country,
                    expires_on=d.expires_on,
                )
                for d in person.documents
            ],
            current_address=next(
                (v for v, a in zip(addresses, person.addresses, strict=True) if a.valid_to is None),
                None,
            ),
            address_history=addresses,
            version=person.version,
        )


class FamilyMemberView(BaseModel):
    person_id: UUID
    relationship: str | None


class FamilyView(BaseModel):
    id: UUID
    label: str | None
    members: list[FamilyMemberView] | None

    @classmethod
    def of(cls, family: FamilyGroup) -> FamilyView:
        return cls(
            id=family.id,
            label=family.label,
            members=[
                FamilyMemberView(person_id=m.person_id, relationship=m.relationship.value)
                for m in family.members
            ],
        )


class RegistrationSummary(BaseModel):
    id: UUID
    request_id: str
    registered_at: datetime | None
    timezone: str | None
    registered_by: str | None
    location: str | None
    channel: str | None
    language: str | None
    consent_given: bool | None
    family_id: UUID | None
    person_ids: list[UUID]
    vulnerabilities: dict[str, list[str]] | None

    @classmethod
    def of(cls, registration: Registration) -> RegistrationSummary:
        return cls(
            id=registration.id,
            request_id=registration.request_id,
            registered_at=registration.registered_at,
            timezone=registration.timezone,
            registered_by=registration.registered_by,
            location=registration.location,
            channel=registration.channel.value,
            language=registration.language,
            consent_given=registration.consent_given,
            family_id=registration.family_id,
            person_ids=list(registration.person_ids),
            vulnerabilities={
                str(pid): sorted(f.value for f in flags)
                for pid, flags in registration.vulnerabilities.items()
            },
        )


class RegistrationView(RegistrationSummary, RedactableView):
    persons: list[PersonView]
    family: FamilyView | None

    @classmethod
    def of_group(cls, group: RegisteredGroup) -> RegistrationView:
        return cls(
            **RegistrationSummary.of(group.registration).model_dump(),
            persons=[PersonView.of(p) for p in group.persons],
            family=FamilyView.of(group.family) if group.family else None,
        )


class CorrectionView(RedactableView):
    id: UUID
    person_id: UUID
    request_id: str
    corrected_at: datetime | None
    corrected_by: str | None
    reason: str | None
    changes: dict[str, dict[str, Any]] | None

    @classmethod
    def of(cls, correction: PersonCorrection) -> CorrectionView:
        return cls(**{k: v for k, v in correction.__dict__.items() if k != "payload_digest"})


class PersonMatch(PersonView):
    redacted: list[str] = Field(default_factory=list, description=REDACTED)


class PersonSearchView(BaseModel):
    """The people holding a phone or document that the reader may see it for."""

    persons: list[PersonMatch]


def _only_about(summary: RegistrationSummary, person_id: UUID) -> RegistrationSummary:
    """A registration as part of one person's record: their own vulnerabilities, not their
    relatives' (the access decision was taken about this person alone)."""
    own = {k: v for k, v in (summary.vulnerabilities or {}).items() if k == str(person_id)}
    return summary.model_copy(update={"vulnerabilities": own})


class PersonRecordView(RedactableView):
    person: PersonView
    families: list[FamilyView] | None
    registrations: list[RegistrationSummary] | None
    corrections: list[CorrectionView] | None

    @classmethod
    def of(cls, record: PersonRecord) -> PersonRecordView:
        return cls(
            person=PersonView.of(record.person),
            families=[FamilyView.of(f) for f in record.families],
            registrations=[
                _only_about(RegistrationSummary.of(r), record.person.id)
                for r in record.registrations
            ],
            corrections=[CorrectionView.of(c) for c in record.corrections],
        )


class FamilyRecordView(RedactableView):
    family: FamilyView
    members: list[PersonView]

    @classmethod
    def of(cls, record: FamilyRecord) -> FamilyRecordView:
        return cls(
            family=FamilyView.of(record.family), members=[PersonView.of(p) for p in record.members]
        )
