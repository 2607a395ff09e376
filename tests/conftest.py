"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL comes from PUENTE_TEST_POSTGRES_URL (default: the local server). Where no server
answers, its tests are skipped with the reason shown, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import Engine, create_engine, text

from puente.access.services import authentication
from puente.shared.db import make_engine, normalise_url
from puente.shared.migrations import upgrade
from puente.shared.schema import all_tables

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_admin_url() -> str:
    return os.environ.get("PUENTE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _postgres_unavailable_reason() -> str | None:
    try:
        engine = create_engine(normalise_url(postgres_admin_url()))
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:
        return f"PostgreSQL not reachable at {postgres_admin_url()}: {type(error).__name__}"
    return None


def require_postgres() -> None:
    reason = _postgres_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI requires PostgreSQL)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str]:
    """A database of this test worker's own, migrated once."""
    require_postgres()
    admin = create_engine(normalise_url(postgres_admin_url()), isolation_level="AUTOCOMMIT")
    name = f"puente_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(postgres_admin_url()).rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies, so migrations run once per worker."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in all_tables().sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database of each engine."""
    if request.param == "sqlite":
        path = tmp_path / "puente.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("_postgres_database")
    engine = make_engine(url)
    _truncate_all(engine)
    engine.dispose()
    yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests hash passwords with argon2's cheapest profile: they test logic, not strength."""
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(authentication, "_hasher", hasher)
    monkeypatch.setattr(authentication, "_dummy_hash", lambda: hasher.hash("dummy"))
