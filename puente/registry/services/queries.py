"""Read use cases: a person with their families, registrations and correction history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.registry.domain.model import FamilyGroup, Person, Registration
from puente.registry.services.unit_of_work import (
    PersonCorrection,
    RegisteredGroup,
    RegistryUnitOfWork,
)
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


def person_owner(uow_factory: Callable[[], RegistryUnitOfWork], person_id: UUID) -> UUID:
    """The organisation holding the person's record."""
    with uow_factory() as uow:
        owner = uow.registry.owner_of_person(person_id)
    if owner is None:
        raise NotFound("person", person_id)
    return owner


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


@dataclass(frozen=True)
class RegistrationPage:
    groups: list[RegisteredGroup]
    next_cursor: tuple[datetime, UUID] | None


def latest_registrations(
    uow_factory: Callable[[], RegistryUnitOfWork],
    page_size: int,
    before: tuple[datetime, UUID] | None = None,
) -> RegistrationPage:
    with uow_factory() as uow:
        groups = uow.registry.latest_registrations(page_size + 1, before)
    last = groups[page_size - 1].registration if len(groups) > page_size else None
    return RegistrationPage(groups[:page_size], (last.registered_at, last.id) if last else None)
