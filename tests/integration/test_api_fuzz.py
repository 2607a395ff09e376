"""Property-based API test: Schemathesis sends generated requests to every documented route."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from puente.access.domain.roles import Role
from puente.settings import load_settings
from puente.shared.db import make_engine
from puente.shared.migrations import upgrade
from puente.web.app import create_app
from tests.support.callers import make_caller, organisation

# Building the app only reads settings; the database file is migrated by the fixture below.
_DATABASE = Path(tempfile.mkdtemp(prefix="puente-fuzz-")) / "fuzz.db"
_APP = create_app(load_settings(database_url=f"sqlite:///{_DATABASE}"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _APP)


@pytest.fixture(scope="module")
def caseworker_headers() -> Iterator[dict[str, str]]:
    """A migrated database and a caseworker's token: most routes need a caller who may use them."""
    engine = make_engine(f"sqlite:///{_DATABASE}")
    upgrade(engine)
    caller = make_caller(engine, organisation("ACNUR Reynosa"), Role.CASEWORKER)
    engine.dispose()
    yield caller.headers
    _APP.state.engine.dispose()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_route_fails_or_breaks_its_contract(
    case: schemathesis.Case, caseworker_headers: dict[str, str]
) -> None:
    response = case.call(headers=caseworker_headers)
    case.validate_response(
        response,
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.status_code_conformance,
            schemathesis.checks.content_type_conformance,
            schemathesis.checks.response_schema_conformance,
        ],
    )
