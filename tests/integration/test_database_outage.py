"""A connection the database dropped fails one request with 503 (retry), then the pool recovers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from puente.access.domain.roles import Role
from puente.settings import load_settings
from puente.shared.db import make_engine
from puente.web.app import create_app
from tests.support.callers import make_caller, organisation
from tests.unit.registry.factories import member


def test_a_dropped_connection_is_a_503_and_the_next_request_works(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop a connection")
    app = create_app(load_settings(database_url=database_url, database_pool_size=1))
    engine = app.state.engine
    registrar = make_caller(engine, organisation("ACNUR Reynosa"), Role.REGISTRAR)
    body = {
        "request_id": "outage-0001",
        "location": "Reynosa",
        "registered_by": "Voluntaria",
        "consent_given": True,
        "members": [member()],
    }
    with TestClient(app, headers=registrar.headers) as client:
        assert client.get("/api/v1/persons/7d7c8e6c-1a36-4a53-9d1e-3f1f7a0e0c11").status_code == 404
        killer = make_engine(database_url)
        with killer.begin() as connection:
            # Every other session of this database, as a server restart would.
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        killer.dispose()
        failed = client.post("/api/v1/registrations", json=body)
        assert failed.status_code == 503, failed.text
        assert failed.headers["Retry-After"] == "1"
        retried = client.post("/api/v1/registrations", json=body)
        assert retried.status_code == 201, retried.text
    engine.dispose()
