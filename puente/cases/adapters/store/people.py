"""What cases read from the registry's tables: address history, language, names, nationalities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Engine, select

from puente.cases.services.ports import PeopleDirectory
from puente.registry.adapters.store import tables as r
from puente.registry.domain.contact import Address


class SqlPeopleDirectory(PeopleDirectory):
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def addresses_of(self, person_id: UUID) -> Sequence[Address]:
        table = r.person_addresses
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(table).where(table.c.person_id == person_id).order_by(table.c.position)
            )
            return [
                Address(
                    row.country,
                    row.line1,
                    row.city,
                    row.state,
                    row.postal_code,
                    row.valid_from,
                    row.valid_to,
                )
                for row in rows
            ]

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


def person_summaries(engine: Engine, person_ids: Iterable[UUID]) -> dict[UUID, PersonSummary]:
    """Names as written and nationalities of the given people, by id."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    with engine.connect() as connection:
        names = {
            row.id: row.name_as_written
            for row in connection.execute(
                select(r.persons.c.id, r.persons.c.name_as_written).where(r.persons.c.id.in_(ids))
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
    return {i: PersonSummary(i, names[i], tuple(nationalities[i])) for i in ids if i in names}
