"""The demo's organisations, users and agreements are seeded once and can be used to log in."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from puente.access.adapters.demo import DEMO_PASSWORD, DEMO_USERS, PORT, seed_demo_access
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.adapters.store.tables import sharing_agreements, users
from puente.access.domain.envelope import Keyring
from puente.access.services.authentication import log_in

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
