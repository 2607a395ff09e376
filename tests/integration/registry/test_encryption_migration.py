"""Migration 0008 seals the plaintext rows already stored, on SQLite and PostgreSQL, and back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import partial

import sqlalchemy as sa
from sqlalchemy import Engine, inspect

from puente.access.adapters.keys import keyring_from
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.protection import persons_with_document, persons_with_phone
from puente.registry.services.queries import person_record
from puente.settings import load_settings
from puente.shared.db import UTCDateTime
from puente.shared.migrations import downgrade, pending_model_changes, upgrade

BEFORE = "0003_registry_owners"
WHEN = datetime(2021, 3, 1, 10, 0, tzinfo=UTC)
PERSON = uuid.uuid4()
ORGANISATION = uuid.uuid4()


def _insert(connection: sa.Connection, sql: str, **values: object) -> None:
    types = {"id": sa.Uuid(), "person": sa.Uuid(), "owner": sa.Uuid(), "at": UTCDateTime()}
    params = [sa.bindparam(name, type_=types[name]) for name in values if name in types]
    connection.execute(sa.text(sql).bindparams(*params), values)


def _store_plaintext(engine: Engine) -> None:
    """A person with a phone, an A-number and an address, as revision 0003 stored them."""
    with engine.begin() as connection:
        _insert(
            connection,
            "INSERT INTO organisations (id, name, kind, country, created_at)"
            " VALUES (:id, 'ACNUR', 'un_agency', 'MX', :at)",
            id=ORGANISATION,
            at=WHEN,
        )
        _insert(
            connection,
            "INSERT INTO persons (id, given_names, first_surname, name_as_written, sex,"
            " created_at, version, owner_id) VALUES (:id, 'Ana', 'Pérez', 'Ana Pérez', 'female',"
            " :at, 1, :owner)",
            id=PERSON,
            at=WHEN,
            owner=ORGANISATION,
        )
        _insert(
            connection,
            "INSERT INTO person_phones (person_id, position, e164)"
            " VALUES (:person, 0, '+526641234567')",
            person=PERSON,
        )
        _insert(
            connection,
            "INSERT INTO person_documents (person_id, position, kind, number)"
            " VALUES (:person, 0, 'a_number', 'A012345678')",
            person=PERSON,
        )
        _insert(
            connection,
            "INSERT INTO person_addresses (person_id, position, country, line1, city, valid_from)"
            " VALUES (:person, 0, 'MX', 'Calle Revolución 1234', 'Tijuana', :at)",
            person=PERSON,
            at=WHEN,
        )


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_upgrade_seals_existing_rows_and_downgrade_opens_them(empty_engine: Engine) -> None:
    upgrade(empty_engine, BEFORE)
    _store_plaintext(empty_engine)
    upgrade(empty_engine)
    assert pending_model_changes(empty_engine) == []
    assert "e164" not in _columns(empty_engine, "person_phones")
    assert "line1" not in _columns(empty_engine, "person_addresses")
    with empty_engine.connect() as connection:
        sealed = connection.execute(sa.text("SELECT * FROM person_phones")).one()
    assert b"+526641234567" not in bytes(sealed.e164_sealed)
    # The app reads what the migration sealed, with the keyring from the same settings.
    uow = partial(SqlRegistryUnitOfWork, empty_engine, keyring_from(load_settings()))
    person = person_record(uow, PERSON).person
    assert person.phones == ("+526641234567",)
    assert person.documents[0].number == "A012345678"
    assert (person.addresses[0].line1, person.addresses[0].city) == (
        "Calle Revolución 1234",
        "Tijuana",
    )
    assert [p.id for p in persons_with_phone(uow, "664 123 4567")] == [PERSON]
    assert [p.id for p in persons_with_document(uow, "a_number", "12345678")] == [PERSON]

    downgrade(empty_engine, BEFORE)
    with empty_engine.connect() as connection:
        phone = connection.execute(sa.text("SELECT e164 FROM person_phones")).scalar_one()
        line1 = connection.execute(sa.text("SELECT line1 FROM person_addresses")).scalar_one()
    assert (phone, line1) == ("+526641234567", "Calle Revolución 1234")
