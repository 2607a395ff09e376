"""Sealed phones, documents and addresses on both engines: at rest, found, rotated, shredded."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import partial
from typing import Protocol
from uuid import UUID

import pytest
from sqlalchemy import Engine, select

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.domain.envelope import Keyring
from puente.access.services.person_keys import rewrap_all
from puente.registry.adapters.store import tables as t
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.correction import correct_person
from puente.registry.services.protection import (
    persons_with_document,
    persons_with_phone,
    shred_person,
)
from puente.registry.services.queries import person_record
from puente.registry.services.registration import register
from tests.support.callers import stored_organisation
from tests.unit.registry.factories import correction, member, register_command

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
KEYRING = Keyring({1: os.urandom(32)}, 1, os.urandom(32))
ADDRESS = {"country": "MX", "line1": "Calle Revolución 1234", "city": "Tijuana", "state": "BC"}
SENSITIVE = ("+526641234567", "A012345678", "Calle Revolución 1234", "Tijuana")


class Registrar(Protocol):
    def __call__(self, keyring: Keyring = KEYRING, **fields: object) -> UUID: ...


@pytest.fixture
def registered(engine: Engine) -> Registrar:
    """Registers one person with a phone, an A-number and an address; gives their id."""
    owner = stored_organisation(engine).id

    def _register(keyring: Keyring = KEYRING, **fields: object) -> UUID:
        documents = [{"kind": "a_number", "number": "A12345678"}]
        person = member(**{"documents": documents, "address": ADDRESS, **fields})
        uow = partial(SqlRegistryUnitOfWork, engine, keyring)
        return register(uow, register_command([person]), NOW, owner).group.persons[0].id

    return _register


def _raw_rows(engine: Engine) -> str:
    with engine.connect() as connection:
        rows = [
            connection.execute(select(table)).all()
            for table in (t.person_phones, t.person_documents, t.person_addresses)
        ]
    return repr(rows)


def test_sensitive_fields_are_sealed_at_rest_and_read_back_open(
    engine: Engine, registered: Registrar
) -> None:
    person_id = registered()
    stored = _raw_rows(engine)
    for value in SENSITIVE:
        assert value not in stored and value.encode().hex() not in stored
    person = person_record(partial(SqlRegistryUnitOfWork, engine, KEYRING), person_id).person
    assert person.phones == ("+526641234567",)
    assert person.documents[0].number == "A012345678"
    assert (person.addresses[0].line1, person.addresses[0].state) == (ADDRESS["line1"], "BC")
    assert person.addresses[0].postal_code is None


def test_a_correction_seals_the_new_values_in_the_same_transaction(
    engine: Engine, registered: Registrar
) -> None:
    person_id = registered()
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    correct_person(uow, person_id, correction(phones=["+1 619 555 0100"]), NOW)
    assert "+16195550100" not in _raw_rows(engine)
    assert person_record(uow, person_id).person.phones == ("+16195550100",)
    assert [p.id for p in persons_with_phone(uow, "+1 (619) 555-0100")] == [person_id]


def test_who_has_this_phone_or_a_number_is_answered_by_blind_index(
    engine: Engine, registered: Registrar
) -> None:
    first = registered()
    second = registered(given_names="Ana")
    other = registered(phones=["+52 664 765 4321"], documents=[])
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    assert {p.id for p in persons_with_phone(uow, "664 123 4567")} == {first, second}
    assert [p.id for p in persons_with_phone(uow, "+52 664 765 4321")] == [other]
    # The same A-number written without its padding zero, and the kind matters.
    assert {p.id for p in persons_with_document(uow, "a_number", "12345678")} == {first, second}
    assert persons_with_document(uow, "passport", "A012345678") == []
    # Another index key (another deployment) finds nothing: the index is keyed, not a plain hash.
    stranger = Keyring(KEYRING.keys, 1, os.urandom(32))
    assert (
        persons_with_phone(partial(SqlRegistryUnitOfWork, engine, stranger), "664 123 4567") == []
    )


def test_old_and_new_key_versions_read_mid_rotation_then_the_old_one_can_go(
    engine: Engine, registered: Registrar
) -> None:
    before = [registered() for _ in range(4)]
    rotated = KEYRING.with_new_version(os.urandom(32))
    after = [registered(rotated) for _ in range(2)]
    uow = partial(SqlRegistryUnitOfWork, engine, rotated)
    # Mid-rotation: keys wrapped by version 1 and by version 2 side by side, all readable.
    for person_id in before + after:
        assert person_record(uow, person_id).person.documents[0].number == "A012345678"
    batches: list[int] = []
    assert rewrap_all(partial(SqlPersonKeyStore, engine), rotated, 3, batches.append) == 4
    assert batches == [3, 1]
    only_new = Keyring({2: rotated.keys[2]}, 2, rotated.index_key)
    uow = partial(SqlRegistryUnitOfWork, engine, only_new)
    for person_id in before + after:
        assert person_record(uow, person_id).person.phones == ("+526641234567",)
    assert len(persons_with_phone(uow, "664 123 4567")) == 6


def test_shredding_leaves_the_person_without_sealed_fields_and_the_rest_intact(
    engine: Engine, registered: Registrar
) -> None:
    shredded, kept = registered(), registered()
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    assert shred_person(uow, shredded)
    assert not shred_person(uow, shredded)
    record = person_record(uow, shredded)
    assert (record.person.phones, record.person.documents, record.person.addresses) == (
        (),
        (),
        (),
    )
    assert record.person.name.given_names == "María José"
    assert [r.person_ids for r in record.registrations] == [(shredded,)]
    # Nobody finds the shredded person any more; the other holder of the number is untouched.
    assert [p.id for p in persons_with_phone(uow, "664 123 4567")] == [kept]
    assert [p.id for p in persons_with_document(uow, "a_number", "A012345678")] == [kept]
    assert person_record(uow, kept).person.addresses[0].city == "Tijuana"
    # The ciphertexts stay (as in every backup) but no key opens them; a new phone gets a new key.
    correct_person(uow, shredded, correction(phones=["+52 664 000 1111"]), NOW)
    assert person_record(uow, shredded).person.phones == ("+526640001111",)
