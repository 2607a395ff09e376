"""What cases read from the registry's tables: address history, language, names, nationalities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Engine, select

from puente.access.domain.envelope import Keyring
from puente.cases.services.ports import PeopleDirectory
from puente.registry.adapters.store import tables as r
from puente.registry.adapters.store.repository import SqlRegistryRepository
from puente.registry.adapters.store.sealing import FieldSealer
from puente.registry.domain.contact import Address


class SqlPeopleDirectory(PeopleDirectory):
    def __init__(self, engine: Engine, keyring: Keyring) -> None:
        self._engine = engine
        self._sealer = FieldSealer(keyring)

    def addresses_of(self, person_id: UUID) -> Sequence[Address]:
        # Addresses are sealed at rest: the registry's repository opens them.
        with self._engine.connect() as connection:
            person = SqlRegistryRepository(connection, self._sealer).get_person(person_id)
        return person.addresses if person else ()

    def language_of(self, person_id: UUID) -> str | None:
        table = r.person_languages
        with self._engine.connect() as connection:
            found: str | None = connection.scalar(
                select(table.c.language)
                .where(table.c.person_id == person_id)
                .order_by(table.c.position)
                .limit(1)
            )
            return found


@dataclass(frozen=True)
class PersonSummary:
    id: UUID
    name: str
    nationalities: tuple[str, ...]
    owner_id: UUID  # the organisation holding the person's registry record


def person_summaries(engine: Engine, person_ids: Iterable[UUID]) -> dict[UUID, PersonSummary]:
    """Names as written, nationalities and holders of the given people, by id."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    with engine.connect() as connection:
        found = {
            row.id: row
            for row in connection.execute(
                select(r.persons.c.id, r.persons.c.name_as_written, r.persons.c.owner_id).where(
                    r.persons.c.id.in_(ids)
                )
            )
        }
        nationalities: dict[UUID, list[str]] = defaultdict(list)
        table = r.person_nationalities
        for person_id, country in connection.execute(
            select(table.c.person_id, table.c.country)
            .where(table.c.person_id.in_(ids))
            .order_by(table.c.person_id, table.c.position)
        ):
            nationalities[person_id].append(country)
    return {
        i: PersonSummary(i, found[i].name_as_written, tuple(nationalities[i]), found[i].owner_id)
        for i in ids
        if i in found
    }
