"""The demo's organisations, users and agreements are seeded once and can be used to log in."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, func, select

from puente.access.adapters.demo import (
    DEMO_PASSWORD,
    DEMO_REGISTRAR,
    DEMO_USERS,
    PORT,
    demo_principal,
    seed_demo_access,
    seed_demo_consent,
)
from puente.access.adapters.gates import sql_gate
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.adapters.store.tables import sharing_agreements, users
from puente.access.domain.envelope import Keyring
from puente.access.domain.roles import Permission
from puente.access.services.authentication import log_in
from puente.registry.adapters import classification as classes
from puente.registry.adapters.importer import import_registrations
from puente.registry.adapters.schemas import PersonRecordView
from puente.registry.adapters.store.tables import persons
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork, audited_factory
from puente.registry.services.queries import person_record
from puente.shared.errors import NotFound
from puente.synth import generate_population, write_population

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEYRING = Keyring({1: os.urandom(32)}, 1, os.urandom(32))


def test_seeding_twice_changes_nothing_and_users_can_log_in(engine: Engine) -> None:
    first = seed_demo_access(engine, KEYRING, NOW)
    assert [u.username for u in first] == [u[0] for u in DEMO_USERS]
    assert seed_demo_access(engine, KEYRING, NOW) == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(users)) == len(DEMO_USERS)
        assert connection.scalar(select(func.count()).select_from(sharing_agreements)) == 3
        assert len(SqlSharingStore(connection).agreements_for(PORT.id)) == 1
    with SqlCredentialStore(engine) as store:
        opened = log_in(store, "analista", DEMO_PASSWORD, "127.0.0.1", NOW)
    assert not opened.needs_second_factor
    registrar = next(u for u in first if u.username == "registro")
    assert registrar.totp_secret is not None


def test_demo_people_are_seen_as_the_readme_says(engine: Engine, tmp_path: Path) -> None:
    seed_demo_access(engine, KEYRING, NOW)
    registrar = sql_gate(engine, demo_principal(engine, DEMO_REGISTRAR), "test")
    write_population(
        generate_population(people=12, seed=7), tmp_path / "people.csv", tmp_path / "truth.csv"
    )
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    import_registrations(
        audited_factory(engine, KEYRING), registrar, tmp_path / "people.csv", NOW, "demo"
    )
    assert seed_demo_consent(engine, NOW) > 0
    officer = sql_gate(engine, demo_principal(engine, "oficial.cbp"), "test")
    with engine.connect() as connection:
        held = connection.scalars(select(persons.c.id).order_by(persons.c.id)).all()
    seen = refused = 0
    for person_id in held:
        record = person_record(uow, person_id)
        try:
            view = officer.read(
                Permission.REGISTRY_READ,
                classes.person_record(record.person),
                PersonRecordView.of(record).plain(),
                classes.PERSON_RECORD,
                "read person",
            )
        except NotFound:
            refused += 1
            continue
        seen += 1
        assert view.data["person"]["given_names"] is not None
        assert view.data["person"]["phones"] is None and view.data["person"]["documents"] is None
    assert seen and refused
