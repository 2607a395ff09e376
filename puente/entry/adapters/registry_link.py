"""The registry as the entry context reads it: a registration's party, proven by a date of
birth (one query on the registry's tables, read only), and the names a port officer checks.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import Engine, and_, select

from puente.access.domain.envelope import Keyring
from puente.entry.services.self_service import Member, PartyDirectory, RegisteredParty
from puente.registry.adapters.store import tables as rt
from puente.registry.adapters.store.repository import SqlRegistryRepository
from puente.registry.adapters.store.sealing import FieldSealer
from puente.registry.domain.birth import BirthPrecision


class SqlPartyDirectory(PartyDirectory):
    def __init__(self, engine: Engine, keyring: Keyring) -> None:
        self._engine = engine
        self._sealer = FieldSealer(keyring)

    def verified_party(self, registration_id: UUID, birth_date: date) -> RegisteredParty | None:
        # One round trip on the hot path of a rush: the registration, its people's dates of
        # birth and first nationality, and its vulnerability flags (a row per flag).
        r, s, p = rt.registrations.c, rt.registration_subjects.c, rt.persons.c
        n, v = rt.person_nationalities.c, rt.registration_vulnerabilities.c
        query = (
            select(
                r.family_id,
                r.registered_at,
                r.language,
                s.person_id,
                s.position,
                p.birth_year,
                p.birth_month,
                p.birth_day,
                p.birth_precision,
                n.country,
                v.flag,
            )
            .join(rt.registration_subjects, s.registration_id == r.id)
            .join(rt.persons, p.id == s.person_id)
            .outerjoin(rt.person_nationalities, and_(n.person_id == p.id, n.position == 0))
            .outerjoin(
                rt.registration_vulnerabilities,
                and_(v.registration_id == r.id, v.person_id == p.id),
            )
            .where(r.id == registration_id)
            .order_by(s.position)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        born = (birth_date.year, birth_date.month, birth_date.day, BirthPrecision.EXACT)
        if not any(
            (x.birth_year, x.birth_month, x.birth_day, x.birth_precision) == born for x in rows
        ):
            return None
        people = list(dict.fromkeys(x.person_id for x in rows))
        first = rows[0]
        return RegisteredParty(
            registration_id=registration_id,
            person_ids=tuple(people),
            family_id=first.family_id,
            registered_at=first.registered_at,
            language=first.language,
            nationality=first.country or "",
            flags=tuple(sorted({x.flag.value for x in rows if x.flag is not None})),
        )

    def members(self, person_ids: tuple[UUID, ...]) -> list[Member]:
        found = []
        with self._engine.connect() as connection:
            repository = SqlRegistryRepository(connection, self._sealer)
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
