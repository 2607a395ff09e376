"""Use cases on the sealed fields: who holds a phone or document, and crypto-shredding a person.

Look-ups compare keyed hashes (blind indexes) of the normalised value, never plaintext.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from puente.registry.domain.contact import IdentityDocument, normalise_phone
from puente.registry.domain.model import Person
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.shared.errors import NotFound


def persons_with_phone(uow_factory: Callable[[], RegistryUnitOfWork], phone: str) -> list[Person]:
    """Everyone registered with this phone number, however it is written (``InvalidInput``)."""
    e164 = normalise_phone(phone, "phone")
    with uow_factory() as uow:
        return uow.registry.persons_with_phone(e164)


def persons_with_document(
    uow_factory: Callable[[], RegistryUnitOfWork], kind: str, number: str
) -> list[Person]:
    """Everyone holding this document; an A-number matches with or without its padding."""
    document = IdentityDocument.create(kind, number, None)
    with uow_factory() as uow:
        return uow.registry.persons_with_document(document.kind, document.number)


def shred_person(uow_factory: Callable[[], RegistryUnitOfWork], person_id: UUID) -> bool:
    """Destroy the person's data key: their phones, documents and addresses become unreadable.

    Names, dates, registrations and history stay. False if the key was already gone.
    """
    with uow_factory() as uow:
        if uow.registry.owner_of_person(person_id) is None:
            raise NotFound("person", person_id)
        shredded = uow.registry.shred_sealed_fields(person_id)
        uow.commit()
    return shredded
