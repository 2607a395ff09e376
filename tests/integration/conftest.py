"""Integration fixtures: an organisation to own records, a registrar acting through the gate, and
an empty database of each engine for migration tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, create_engine

from puente.access.domain.roles import Organisation, Role
from puente.access.services.guard import Gate
from puente.shared.db import make_engine, normalise_url
from tests.conftest import postgres_admin_url, require_postgres
from tests.support.callers import Caller, caller_gate, make_caller, stored_organisation


@pytest.fixture
def owner(engine: Engine) -> Organisation:
    return stored_organisation(engine)


@pytest.fixture
def registrar(engine: Engine, owner: Organisation) -> Caller:
    return make_caller(engine, owner, Role.REGISTRAR)


@pytest.fixture
def registrar_gate(engine: Engine, registrar: Caller) -> Gate:
    return caller_gate(engine, registrar)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables yet, of the engine's kind."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    require_postgres()
    admin = create_engine(normalise_url(postgres_admin_url()), isolation_level="AUTOCOMMIT")
    name = f"puente_migrate_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(normalise_url(postgres_admin_url()).rsplit("/", 1)[0] + f"/{name}")
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
