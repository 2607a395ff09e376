"""Read use cases: a person with their families, registrations and correction history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from puente.registry.domain.model import FamilyGroup, Person, Registration
from puente.registry.services.unit_of_work import PersonCorrection, RegistryUnitOfWork
from puente.shared.errors import NotFound


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    families: list[FamilyGroup]
    registrations: list[Registration]
    corrections: list[PersonCorrection]


def person_record(uow_factory: Callable[[], RegistryUnitOfWork], person_id: UUID) -> PersonRecord:
    with uow_factory() as uow:
        person = uow.registry.get_person(person_id)
        if person is None:
            raise NotFound("person", person_id)
        return PersonRecord(
            person,
            uow.registry.families_of(person_id),
            uow.registry.registrations_of(person_id),
            uow.registry.corrections_of(person_id),
        )


@dataclass(frozen=True)
class FamilyRecord:
    family: FamilyGroup
    members: list[Person]


def family_record(uow_factory: Callable[[], RegistryUnitOfWork], family_id: UUID) -> FamilyRecord:
    with uow_factory() as uow:
        family = uow.registry.get_family(family_id)
        if family is None:
            raise NotFound("family group", family_id)
        members = [uow.registry.get_person(m.person_id) for m in family.members]
        return FamilyRecord(family, [p for p in members if p is not None])
