"""Set-up shared by the entry integration tests: ports, an open window, registered families."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Engine, update

from puente.entry.adapters.store import tables as t
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.lottery import commitment_of
from puente.entry.domain.ports import PortOfEntry
from puente.entry.domain.requests import RequestWindow
from puente.entry.services.planning import add_ports, set_capacity
from puente.entry.services.requesting import open_window
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.registration import register
from puente.shared.db import utc_now
from tests.support.callers import stored_organisation
from tests.support.keys import KEYRING
from tests.unit.registry.factories import member, register_command

SECRET = "the secret revealed after the window"
WINDOW = "window-1"
BIRTH = "1990-05-17"
# Open all day in UTC, so that a pass for today verifies whenever the tests run.
TEST_PORTS = (
    PortOfEntry("SYS", "San Ysidro", "UTC", time(0), time(23, 59, 59)),
    PortOfEntry("ELP", "El Paso", "UTC", time(0), time(23, 59, 59)),
)


def today() -> date:
    return utc_now().date()


def seed_ports(engine: Engine, persons: int = 20) -> None:
    add_ports(SqlEntryUnitOfWork(engine), TEST_PORTS)
    for port in TEST_PORTS:
        set_capacity(SqlEntryUnitOfWork(engine), port.code, date(2020, 1, 1), persons, False)


def seed_window(engine: Engine, owner_id: UUID | None) -> RequestWindow:
    now = utc_now()
    window = RequestWindow(
        WINDOW, now - timedelta(hours=1), now + timedelta(hours=1), commitment_of(SECRET), owner_id
    )
    return open_window(SqlEntryUnitOfWork(engine), window)


def close_window(engine: Engine) -> None:
    """Tests cannot wait for the window to close: move its end to a second ago."""
    with engine.begin() as connection:
        connection.execute(
            update(t.entry_windows).values(closes_at=utc_now() - timedelta(seconds=1))
        )


def register_family(engine: Engine, **head: Any) -> tuple[UUID, tuple[UUID, ...]]:
    """A mother (born ``BIRTH``) and her son, registered as a family by an organisation of
    their own; their registration id."""
    command = register_command(
        [
            member(relationship="head", vulnerabilities=["medical"], **head),
            member(given_names="Kevin", birth_date="2016-03-02", relationship="child"),
        ]
    )
    outcome = register(
        partial(SqlRegistryUnitOfWork, engine, KEYRING),
        command,
        datetime(2023, 1, 5, tzinfo=UTC),
        stored_organisation(engine, f"Registrar {uuid4().hex[:8]}").id,
    )
    registration = outcome.group.registration
    return registration.id, registration.person_ids
