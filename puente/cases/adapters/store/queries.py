"""Read-side lookups the API and pages need beside the use cases: who holds which record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Engine, select

from puente.cases.adapters.store import tables as t
from puente.cases.domain.encounter import (
    Agency,
    Encounter,
    EncounterKind,
    EncounterOutcome,
    LegalAuthority,
    Place,
)


@dataclass(frozen=True)
class Holding:
    """A case's or an encounter's owning organisation and the people it concerns."""

    owner_id: UUID
    person_ids: tuple[UUID, ...]


def case_holdings(engine: Engine, case_ids: Iterable[UUID]) -> dict[UUID, Holding]:
    ids = list(set(case_ids))
    if not ids:
        return {}
    with engine.connect() as connection:
        owners = {
            row.id: row.owner_id
            for row in connection.execute(
                select(t.cases.c.id, t.cases.c.owner_id).where(t.cases.c.id.in_(ids))
            )
        }
        persons: dict[UUID, list[UUID]] = defaultdict(list)
        for case_id, person_id in connection.execute(
            select(t.case_persons.c.case_id, t.case_persons.c.person_id)
            .where(t.case_persons.c.case_id.in_(ids))
            .order_by(t.case_persons.c.case_id, t.case_persons.c.position)
        ):
            persons[case_id].append(person_id)
    return {i: Holding(owners[i], tuple(persons[i])) for i in ids if i in owners}


def stored_encounter(engine: Engine, encounter_id: UUID) -> tuple[Holding, Encounter] | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(t.encounters).where(t.encounters.c.id == encounter_id)
        ).first()
        if row is None:
            return None
        persons = tuple(
            connection.scalars(
                select(t.encounter_persons.c.person_id)
                .where(t.encounter_persons.c.encounter_id == encounter_id)
                .order_by(t.encounter_persons.c.position)
            )
        )
    place = Place(row.place, EncounterKind(row.place_kind), row.timezone)
    encounter = Encounter(
        row.id,
        place,
        row.occurred_at.astimezone(place.zone),
        Agency(row.agency),
        persons,
        LegalAuthority(row.authority),
        EncounterOutcome(row.outcome),
        tuple(row.policy_ids),
        row.family_id,
    )
    return Holding(row.owner_id, persons), encounter
