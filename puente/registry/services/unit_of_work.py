"""The registry's storage port: what the use cases need from a repository and a transaction."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from puente.registry.domain.contact import DocumentKind
from puente.registry.domain.model import FamilyGroup, Person, Registration
from puente.shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PersonCorrection:
    """One accepted correction of a person's details: who, when, why, and each field's old/new."""

    id: UUID
    person_id: UUID
    request_id: str
    payload_digest: str
    corrected_at: datetime
    corrected_by: str
    reason: str
    changes: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class RegisteredGroup:
    """A registration with the people and family group it created, as stored."""

    registration: Registration
    persons: tuple[Person, ...]
    family: FamilyGroup | None


class RegistryRepository(abc.ABC):
    @abc.abstractmethod
    def add_registration(
        self, registration: Registration, persons: list[Person], family: FamilyGroup | None
    ) -> None:
        """Store a new registration; raise ``DuplicateRequestId`` if its request id exists."""

    @abc.abstractmethod
    def registration_by_request_id(self, request_id: str) -> RegisteredGroup | None: ...

    @abc.abstractmethod
    def get_registration(self, registration_id: UUID) -> RegisteredGroup | None: ...

    @abc.abstractmethod
    def get_person(self, person_id: UUID) -> Person | None: ...

    @abc.abstractmethod
    def persons_with_phone(self, e164: str) -> list[Person]:
        """Everyone holding this phone number (E.164), oldest record first."""

    @abc.abstractmethod
    def persons_with_document(self, kind: DocumentKind, number: str) -> list[Person]:
        """Everyone holding this document (number normalised as the domain does), oldest first."""

    @abc.abstractmethod
    def shred_sealed_fields(self, person_id: UUID) -> bool:
        """Destroy the person's data key and blind indexes; False if they had no key."""

    @abc.abstractmethod
    def owner_of_person(self, person_id: UUID) -> UUID | None: ...

    @abc.abstractmethod
    def get_family(self, family_id: UUID) -> FamilyGroup | None: ...

    @abc.abstractmethod
    def families_of(self, person_id: UUID) -> list[FamilyGroup]: ...

    @abc.abstractmethod
    def registrations_of(self, person_id: UUID) -> list[Registration]: ...

    @abc.abstractmethod
    def save_corrected_person(self, person: Person, correction: PersonCorrection) -> None:
        """Store the person's new state and the correction; ``DuplicateRequestId`` on a repeat."""

    @abc.abstractmethod
    def correction_by_request_id(self, request_id: str) -> PersonCorrection | None: ...

    @abc.abstractmethod
    def corrections_of(self, person_id: UUID) -> list[PersonCorrection]: ...

    @abc.abstractmethod
    def iter_registrations(self, batch_size: int = 500) -> Iterator[RegisteredGroup]: ...

    @abc.abstractmethod
    def latest_registrations(
        self, limit: int, before: tuple[datetime, UUID] | None = None
    ) -> list[RegisteredGroup]:
        """The newest registrations first, after the (time, id) cursor ``before`` if given."""


class RegistryUnitOfWork(UnitOfWork):
    """The registry context's transaction and repositories."""

    registry: RegistryRepository
