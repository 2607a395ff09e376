"""The registry as the entry context reads it: a registration's party, proven by a date of
birth, and the names a port officer checks at the gate.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import Engine

from puente.entry.services.self_service import Member, PartyDirectory, RegisteredParty
from puente.registry.adapters.store.repository import SqlRegistryRepository
from puente.registry.domain.birth import BirthPrecision


class SqlPartyDirectory(PartyDirectory):
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def verified_party(self, registration_id: UUID, birth_date: date) -> RegisteredParty | None:
        with self._engine.connect() as connection:
            group = SqlRegistryRepository(connection).get_registration(registration_id)
        if group is None:
            return None
        born = (birth_date.year, birth_date.month, birth_date.day)
        if not any(
            p.birth_date is not None
            and p.birth_date.precision is BirthPrecision.EXACT
            and (p.birth_date.year, p.birth_date.month, p.birth_date.day) == born
            for p in group.persons
        ):
            return None
        registration = group.registration
        flags = sorted({f.value for fs in registration.vulnerabilities.values() for f in fs})
        first = group.persons[0]
        return RegisteredParty(
            registration_id=registration.id,
            person_ids=registration.person_ids,
            family_id=registration.family_id,
            registered_at=registration.registered_at,
            language=registration.language,
            nationality=first.nationalities[0] if first.nationalities else "",
            flags=tuple(flags),
        )

    def members(self, person_ids: tuple[UUID, ...]) -> list[Member]:
        found = []
        with self._engine.connect() as connection:
            repository = SqlRegistryRepository(connection)
            for person_id in person_ids:
                person = repository.get_person(person_id)
                if person is None:
                    found.append(Member(person_id, "", None, ()))
                    continue
                birth = person.birth_date
                found.append(
                    Member(
                        person_id,
                        person.name.as_written,
                        birth.isoformat() if birth else None,
                        person.nationalities,
                    )
                )
        return found
