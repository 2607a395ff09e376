"""The children's integration fixtures: a running app with callers of every relevant role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from puente.access.domain.roles import OrganisationKind, Role
from puente.settings import load_settings
from puente.web.app import create_app
from tests.integration.children.world import World
from tests.support.callers import make_caller, organisation


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    app = create_app(load_settings(database_url=database_url))
    engine: Engine = app.state.engine
    agency = organisation("ORR and CBP, test", OrganisationKind.US_FEDERAL_AGENCY, "US")
    callers = [
        make_caller(engine, agency, role)
        for role in (Role.PORT_OFFICER, Role.CASEWORKER, Role.SHELTER_OPERATOR, Role.ANALYST)
    ]
    with TestClient(app) as client:
        yield World(client, engine, *callers)
    engine.dispose()
