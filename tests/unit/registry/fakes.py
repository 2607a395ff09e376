"""An in-memory registry repository and unit of work, for use-case tests without a database."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from puente.registry.domain.contact import DocumentKind
from puente.registry.domain.model import FamilyGroup, Person, Registration
from puente.registry.services.unit_of_work import (
    PersonCorrection,
    RegisteredGroup,
    RegistryRepository,
    RegistryUnitOfWork,
)
from puente.shared.unit_of_work import DuplicateRequestId


class InMemoryStore:
    """What a database would hold; shared by every unit of work built from it."""

    def __init__(self) -> None:
        self.registrations: dict[UUID, Registration] = {}
        self.persons: dict[UUID, Person] = {}
        self.families: dict[UUID, FamilyGroup] = {}
        self.corrections: dict[str, PersonCorrection] = {}
        self.shredded: set[UUID] = set()
        self.commits = 0


class FakeRegistryRepository(RegistryRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.pending: list[tuple[str, object]] = []

    def add_registration(
        self, registration: Registration, persons: list[Person], family: FamilyGroup | None
    ) -> None:
        if self.registration_by_request_id(registration.request_id):
            raise DuplicateRequestId(registration.request_id)
        self.pending.append(("registration", (registration, persons, family)))

    def _group(self, registration: Registration) -> RegisteredGroup:
        family = self.store.families.get(registration.family_id) if registration.family_id else None
        return RegisteredGroup(
            registration, tuple(self.store.persons[p] for p in registration.person_ids), family
        )

    def registration_by_request_id(self, request_id: str) -> RegisteredGroup | None:
        found = [r for r in self.store.registrations.values() if r.request_id == request_id]
        return self._group(found[0]) if found else None

    def get_registration(self, registration_id: UUID) -> RegisteredGroup | None:
        found = self.store.registrations.get(registration_id)
        return self._group(found) if found else None

    def get_person(self, person_id: UUID) -> Person | None:
        return copy.deepcopy(self.store.persons.get(person_id))

    def persons_with_phone(self, e164: str) -> list[Person]:
        return [p for p in self.store.persons.values() if e164 in p.phones]

    def persons_with_document(self, kind: DocumentKind, number: str) -> list[Person]:
        return [
            p
            for p in self.store.persons.values()
            if any((d.kind, d.number) == (kind, number) for d in p.documents)
        ]

    def shred_sealed_fields(self, person_id: UUID) -> bool:
        # What a shredded person reads back as; the fake keeps no keys, so this is immediate.
        if person_id in self.store.shredded:
            return False
        person = self.store.persons[person_id]
        self.store.persons[person_id] = replace(person, phones=(), documents=(), addresses=())
        self.store.shredded.add(person_id)
        return True

    def owner_of_person(self, person_id: UUID) -> UUID | None:
        person = self.store.persons.get(person_id)
        return person.owner_id if person else None

    def get_family(self, family_id: UUID) -> FamilyGroup | None:
        return self.store.families.get(family_id)

    def families_of(self, person_id: UUID) -> list[FamilyGroup]:
        return [
            f
            for f in self.store.families.values()
            if any(m.person_id == person_id for m in f.members)
        ]

    def registrations_of(self, person_id: UUID) -> list[Registration]:
        return [r for r in self.store.registrations.values() if person_id in r.person_ids]

    def save_corrected_person(self, person: Person, correction: PersonCorrection) -> None:
        if correction.request_id in self.store.corrections:
            raise DuplicateRequestId(correction.request_id)
        self.pending.append(("correction", (person, correction)))

    def correction_by_request_id(self, request_id: str) -> PersonCorrection | None:
        return self.store.corrections.get(request_id)

    def corrections_of(self, person_id: UUID) -> list[PersonCorrection]:
        return [c for c in self.store.corrections.values() if c.person_id == person_id]

    def iter_registrations(self, batch_size: int = 500) -> Iterator[RegisteredGroup]:
        for registration in sorted(
            self.store.registrations.values(), key=lambda r: (r.registered_at, r.id)
        ):
            yield self._group(registration)

    def latest_registrations(
        self, limit: int, before: tuple[datetime, UUID] | None = None
    ) -> list[RegisteredGroup]:
        newest_first = sorted(
            self.store.registrations.values(), key=lambda r: (r.registered_at, r.id), reverse=True
        )
        if before is not None:
            newest_first = [r for r in newest_first if (r.registered_at, r.id) < before]
        return [self._group(r) for r in newest_first[:limit]]

    def apply(self) -> None:
        for kind, payload in self.pending:
            if kind == "registration":
                registration, persons, family = payload  # type: ignore[misc]
                self.store.registrations[registration.id] = registration
                self.store.persons.update({p.id: p for p in persons})
                if family:
                    self.store.families[family.id] = family
            else:
                person, correction = payload  # type: ignore[misc]
                self.store.persons[person.id] = person
                self.store.corrections[correction.request_id] = correction
        self.pending.clear()


class FakeUnitOfWork(RegistryUnitOfWork):
    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.registry: FakeRegistryRepository = FakeRegistryRepository(store)

    def commit(self) -> None:
        self.registry.apply()
        self.store.commits += 1

    def rollback(self) -> None:
        self.registry.pending.clear()
