"""A database holding a small population, linked once by the database run, for identity tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Organisation
from puente.identity.adapters.batch import DEFAULT_POLICY
from puente.identity.adapters.database_linker import splink_linker
from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
from puente.identity.services.database_run import RunSummary, run_on_database
from puente.shared.db import utc_now
from tests.integration.identity.held_persons import insert_persons
from tests.integration.identity.identity_population import build_population
from tests.support.callers import organisation


@dataclass
class Held:
    engine: Engine
    holder: Organisation
    person_of: dict[str, str]  # record id → person id
    truth: dict[str, str]  # record id → true person
    run: Callable[[], RunSummary]

    def uow(self) -> SqlIdentityUnitOfWork:
        return SqlIdentityUnitOfWork(self.engine)


@pytest.fixture
def held(engine: Engine) -> Held:
    holder = organisation("Holder of the records")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(holder, utc_now())
        store.commit()
    records, truth = build_population(people=160, seed=7)
    person_of = insert_persons(engine, records, holder.id)

    def run() -> RunSummary:
        return run_on_database(
            lambda: SqlIdentityUnitOfWork(engine),
            splink_linker(seed=3),
            DEFAULT_POLICY,
            "tests",
            utc_now,
        )

    return Held(
        engine, holder, person_of, dict(zip(truth.record_id, truth.person_id, strict=True)), run
    )
