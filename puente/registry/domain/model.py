"""People, family groups and registrations: the registry's entities and their invariants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from puente.registry.domain.birth import BirthDate
from puente.registry.domain.contact import Address, IdentityDocument
from puente.registry.domain.names import Alias, PersonName
from puente.shared.errors import InvalidInput


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class Relationship(StrEnum):
    """How a member relates to the head of the family group."""

    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    LEGAL_GUARDIAN = "legal_guardian"
    OTHER = "other"


class Vulnerability(StrEnum):
    MEDICAL = "medical"
    DISABILITY = "disability"
    PREGNANCY = "pregnancy"
    LGBTQI_AT_RISK = "lgbtqi_at_risk"
    SURVIVOR_OF_VIOLENCE = "survivor_of_violence"
    UNACCOMPANIED_CHILD = "unaccompanied_child"
    ELDERLY = "elderly"
    SINGLE_CAREGIVER = "single_caregiver"


class Channel(StrEnum):
    STAFF_ASSISTED = "staff_assisted"
    SELF_SERVICE = "self_service"
    PHONE = "phone"
    IMPORT = "import"


@dataclass
class Person:
    id: UUID
    name: PersonName
    sex: Sex
    birth_date: BirthDate | None
    nationalities: tuple[str, ...]
    languages: tuple[str, ...]
    owner_id: UUID  # the organisation that registered the person holds the record
    phones: tuple[str, ...] = ()
    aliases: tuple[Alias, ...] = ()
    documents: tuple[IdentityDocument, ...] = ()
    addresses: tuple[Address, ...] = ()
    created_at: datetime | None = None
    version: int = 1

    @property
    def current_address(self) -> Address | None:
        open_addresses = [a for a in self.addresses if a.valid_to is None]
        return open_addresses[-1] if open_addresses else None

    def move_to(self, address: Address) -> None:
        """A new address on record; the previous one is kept, closed when the new one starts."""
        self.addresses = (
            *(a.closed(address.valid_from) if a.valid_to is None else a for a in self.addresses),
            address,
        )


@dataclass(frozen=True)
class FamilyMember:
    person_id: UUID
    relationship: Relationship


@dataclass
class FamilyGroup:
    """People who travel and are processed together; exactly one member is its head."""

    id: UUID
    owner_id: UUID
    label: str
    members: tuple[FamilyMember, ...]
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        heads = [m for m in self.members if m.relationship is Relationship.HEAD]
        if len(self.members) < 2:
            raise InvalidInput.single("members", "a family group has at least two members")
        if len(heads) != 1:
            raise InvalidInput.single("members", "a family group has exactly one head")
        if len({m.person_id for m in self.members}) != len(self.members):
            raise InvalidInput.single("members", "a person appears twice in the family group")


@dataclass
class Registration:
    """One act of registering a person or a family group: who, when, where, how, with consent."""

    id: UUID
    owner_id: UUID
    request_id: str
    payload_digest: str
    registered_at: datetime
    timezone: str
    registered_by: str
    location: str
    channel: Channel
    language: str
    consent_given: bool
    person_ids: tuple[UUID, ...]
    family_id: UUID | None = None
    vulnerabilities: dict[UUID, frozenset[Vulnerability]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.registered_at.tzinfo is None:
            raise InvalidInput.single("registered_at", "must include a time zone")
        if not self.person_ids:
            raise InvalidInput.single("members", "a registration registers at least one person")
