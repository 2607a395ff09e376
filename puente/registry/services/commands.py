"""The commands the registry's use cases take; the API accepts them as request bodies too."""

from __future__ import annotations

import hashlib
from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from puente.registry.domain.model import Channel, Relationship, Sex, Vulnerability
from puente.registry.domain.names import AliasKind


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AliasInput(_Input):
    text: str = Field(max_length=120)
    kind: AliasKind = AliasKind.NICKNAME


class DocumentInput(_Input):
    kind: str = Field(max_length=40)
    number: str = Field(max_length=60)
    issuing_country: str | None = Field(default=None, max_length=3)
    expires_on: date | None = None


class AddressInput(_Input):
    country: str = Field(max_length=3)
    line1: str = Field(max_length=200)
    city: str = Field(max_length=120)
    state: str | None = Field(default=None, max_length=120)
    postal_code: str | None = Field(default=None, max_length=20)


class PersonInput(_Input):
    given_names: str = Field(max_length=360)
    first_surname: str = Field(max_length=360)
    second_surname: str | None = Field(default=None, max_length=360)
    name_as_written: str | None = Field(default=None, max_length=360)
    sex: Sex = Sex.UNSPECIFIED
    birth_date: str | None = Field(default=None, max_length=10, examples=["1990-05-17", "1990"])
    estimated_age: int | None = Field(default=None, ge=0, le=120)
    nationalities: list[str] = Field(default_factory=list, max_length=5)
    languages: list[str] = Field(default_factory=list, max_length=10)
    phones: list[str] = Field(default_factory=list, max_length=5)
    aliases: list[AliasInput] = Field(default_factory=list, max_length=20)
    documents: list[DocumentInput] = Field(default_factory=list, max_length=10)
    address: AddressInput | None = None


class MemberInput(PersonInput):
    relationship: Relationship | None = None
    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=8)


class RegisterCommand(_Input):
    """Register one person, or a family group when there are two or more members."""

    request_id: str = Field(
        min_length=8,
        max_length=100,
        description="Client-chosen id; the same id twice registers once.",
    )
    members: list[MemberInput] = Field(min_length=1, max_length=30)
    family_label: str | None = Field(default=None, max_length=200)
    channel: Channel = Channel.STAFF_ASSISTED
    location: str = Field(min_length=1, max_length=120)
    timezone: str | None = Field(default=None, max_length=64, examples=["America/Tijuana"])
    language: str = Field(default="spa", max_length=3)
    consent_given: bool
    registered_by: str = Field(min_length=1, max_length=120)
    registered_at: AwareDatetime | None = None

    def digest(self) -> str:
        """A fingerprint of the request: tells a repeat from another request with the same id."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


class CorrectPersonCommand(_Input):
    """Change some of a person's details; only the fields given are changed."""

    request_id: str = Field(min_length=8, max_length=100)
    corrected_by: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=1, max_length=500)
    expected_version: int | None = Field(default=None, ge=1)
    given_names: str | None = Field(default=None, max_length=360)
    first_surname: str | None = Field(default=None, max_length=360)
    second_surname: str | None = Field(default=None, max_length=360)
    name_as_written: str | None = Field(default=None, max_length=360)
    sex: Sex | None = None
    birth_date: str | None = Field(default=None, max_length=10)
    estimated_age: int | None = Field(default=None, ge=0, le=120)
    nationalities: list[str] | None = Field(default=None, max_length=5)
    languages: list[str] | None = Field(default=None, max_length=10)
    phones: list[str] | None = Field(default=None, max_length=5)
    aliases: list[AliasInput] | None = Field(default=None, max_length=20)
    documents: list[DocumentInput] | None = Field(default=None, max_length=10)
    address: AddressInput | None = None

    def digest(self) -> str:
        return hashlib.sha256(self.model_dump_json(exclude_unset=True).encode()).hexdigest()
