"""People in the registry's tables for case tests: a name, nationalities, language, addresses."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine, insert

from puente.registry.adapters.store import tables as r
from puente.registry.domain.contact import Address
from tests.support.callers import stored_organisation


def add_person(
    engine: Engine,
    name: str = "María José de la Cruz",
    nationalities: tuple[str, ...] = ("HN",),
    language: str = "spa",
    addresses: tuple[Address, ...] = (),
    owner_id: UUID | None = None,
) -> UUID:
    person_id = uuid4()
    owner = owner_id or stored_organisation(engine, f"Registrar {person_id.hex[:8]}").id
    given, _, surname = name.partition(" de ")
    with engine.begin() as connection:
        connection.execute(
            insert(r.persons),
            {
                "id": person_id,
                "given_names": given,
                "first_surname": surname or given,
                "name_as_written": name,
                "sex": "female",
                "created_at": datetime(2021, 1, 1, tzinfo=UTC),
                "version": 1,
                "owner_id": owner,
            },
        )
        for position, country in enumerate(nationalities):
            connection.execute(
                insert(r.person_nationalities),
                {"person_id": person_id, "position": position, "country": country},
            )
        connection.execute(
            insert(r.person_languages),
            {"person_id": person_id, "position": 0, "language": language},
        )
        for position, a in enumerate(addresses):
            connection.execute(
                insert(r.person_addresses),
                {
                    "person_id": person_id,
                    "position": position,
                    "country": a.country,
                    "line1": a.line1,
                    "city": a.city,
                    "state": a.state,
                    "postal_code": a.postal_code,
                    "valid_from": a.valid_from,
                    "valid_to": a.valid_to,
                },
            )
    return person_id
