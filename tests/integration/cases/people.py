"""People in the registry's tables for case tests: a name, nationalities, language, addresses
(sealed as the registry seals them)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine, insert

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.registry.adapters.store import tables as r
from puente.registry.adapters.store.person_rows import detail_rows, person_row
from puente.registry.adapters.store.sealing import FieldSealer
from puente.registry.domain.contact import Address
from puente.registry.domain.model import Person, Sex
from puente.registry.domain.names import PersonName
from tests.support.callers import stored_organisation
from tests.support.keys import KEYRING


def add_person(
    engine: Engine,
    name: str = "María José de la Cruz",
    nationalities: tuple[str, ...] = ("HN",),
    language: str = "spa",
    addresses: tuple[Address, ...] = (),
    owner_id: UUID | None = None,
) -> UUID:
    person_id = uuid4()
    given, _, surname = name.partition(" de ")
    person = Person(
        id=person_id,
        name=PersonName(given, surname or given, None, name),
        sex=Sex.FEMALE,
        birth_date=None,
        nationalities=nationalities,
        languages=(language,),
        owner_id=owner_id or stored_organisation(engine, f"Registrar {person_id.hex[:8]}").id,
        addresses=addresses,
        created_at=datetime(2021, 1, 1, tzinfo=UTC),
    )
    sealer = FieldSealer(KEYRING)
    with engine.begin() as connection:
        connection.execute(insert(r.persons), person_row(person))
        key = sealer.key_for(SqlPersonKeyStore(connection=connection), person_id)
        for table, rows in detail_rows(person, key, sealer).items():
            if rows:
                connection.execute(insert(table), rows)
    return person_id
