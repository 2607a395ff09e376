"""Property-based API test: Schemathesis sends generated requests to every documented route."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from puente.settings import load_settings
from puente.shared.db import make_engine
from puente.shared.migrations import upgrade
from puente.web.app import create_app

# Building the app only reads settings; the database file is migrated by the fixture below.
_DATABASE = Path(tempfile.mkdtemp(prefix="puente-fuzz-")) / "fuzz.db"
_APP = create_app(load_settings(database_url=f"sqlite:///{_DATABASE}"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _migrated() -> Iterator[None]:
    engine = make_engine(f"sqlite:///{_DATABASE}")
    upgrade(engine)
    engine.dispose()
    yield
    _APP.state.engine.dispose()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_route_fails_or_breaks_its_contract(case: schemathesis.Case) -> None:
    response = case.call()
    case.validate_response(
        response,
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.status_code_conformance,
            schemathesis.checks.content_type_conformance,
            schemathesis.checks.response_schema_conformance,
        ],
    )
