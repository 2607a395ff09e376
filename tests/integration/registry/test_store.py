"""The SQL repository on SQLite and PostgreSQL: round trips, time zones, concurrent requests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from functools import partial

from sqlalchemy import Engine, func, select

from puente.access.domain.roles import Organisation
from puente.registry.adapters.store import tables as t
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.correction import correct_person
from puente.registry.services.queries import family_record, person_record
from puente.registry.services.registration import register
from tests.support.keys import KEYRING
from tests.unit.registry.factories import correction, family_command, member, register_command

TIJUANA_WINTER = timezone(timedelta(hours=-8))
NOW = datetime(2026, 11, 23, 9, 15, tzinfo=TIJUANA_WINTER)


def test_a_family_round_trips_exactly(engine: Engine, owner: Organisation) -> None:
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    command = register_command(
        [
            member(
                relationship="head",
                documents=[{"kind": "a_number", "number": "A12345678"}],
                aliases=[{"text": "Majo", "kind": "nickname"}],
                address={"country": "MX", "line1": "Calle Ñandú 7", "city": "Tijuana"},
            ),
            member(
                given_names="伟",
                first_surname="王",
                second_surname=None,
                relationship="spouse",
                nationalities=["CN"],
                languages=["cmn"],
                phones=[],
            ),
            member(
                given_names="Ixchel",
                first_surname="Tzul",
                second_surname="K'iche'",
                relationship="child",
                birth_date="2015",
                languages=["quc", "spa"],
                vulnerabilities=["medical", "disability"],
            ),
        ]
    )
    created = register(uow, command, NOW, owner.id).group
    with uow() as unit:
        stored = unit.registry.get_registration(created.registration.id)
    assert stored is not None
    assert stored.persons == created.persons
    assert stored.family == created.family
    assert stored.registration.vulnerabilities == created.registration.vulnerabilities
    assert stored.registration.registered_at == NOW
    assert stored.registration.registered_at.tzinfo is not None
    assert stored.persons[1].name.as_written == "伟 王"
    assert stored.persons[0].documents[0].number == "A012345678"


def test_concurrent_repeats_of_one_request_store_one_registration(
    engine: Engine, owner: Organisation
) -> None:
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    command = family_command()
    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda _: register(uow, command, NOW, owner.id), range(12)))
    assert sum(o.created for o in outcomes) == 1
    assert len({o.group.registration.id for o in outcomes}) == 1
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.registrations)) == 1
        assert connection.scalar(select(func.count()).select_from(t.persons)) == 2


def test_corrections_are_stored_with_the_history(engine: Engine, owner: Organisation) -> None:
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    person = register(uow, register_command(), NOW, owner.id).group.persons[0]
    correct_person(
        uow,
        person.id,
        correction(given_names="María Josefa", languages=["spa", "eng"]),
        NOW + timedelta(hours=1),
    )
    record = person_record(uow, person.id)
    assert record.person.name.given_names == "María Josefa"
    assert record.person.languages == ("spa", "eng")
    assert record.person.version == 2
    assert [set(c.changes) for c in record.corrections] == [
        {"given_names", "name_as_written", "languages"}
    ]
    assert len(record.registrations) == 1


def test_family_record_lists_every_member(engine: Engine, owner: Organisation) -> None:
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    group = register(uow, family_command(), NOW, owner.id).group
    assert group.family is not None
    record = family_record(uow, group.family.id)
    assert [p.id for p in record.members] == [p.id for p in group.persons]
