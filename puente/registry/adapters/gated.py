"""Registry reads through the caller's access gate, shared by the API and the pages so that a
page shows exactly what the API answers."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.registry.adapters import classification as classes
from puente.registry.adapters.schemas import FamilyRecordView, PersonRecordView
from puente.registry.services.queries import family_record, person_record
from puente.registry.services.unit_of_work import RegistryUnitOfWork

UowFactory = Callable[[], RegistryUnitOfWork]


def read_person(gate: Gate, uow: UowFactory, person_id: UUID) -> Redacted:
    """A person with their family groups, registrations and correction history."""
    record = person_record(uow, person_id)
    return gate.read(
        Permission.REGISTRY_READ,
        classes.person_record(record.person),
        PersonRecordView.of(record).plain(),
        classes.PERSON_RECORD,
        "read person",
    )


def read_family(gate: Gate, uow: UowFactory, family_id: UUID) -> Redacted:
    record = family_record(uow, family_id)
    return gate.read(
        Permission.REGISTRY_READ,
        classes.family_record(record.family, record.members),
        FamilyRecordView.of(record).plain(),
        classes.FAMILY_RECORD,
        "read family",
    )
