"""Integration fixtures: an organisation to own records, and a registrar acting through the gate."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from puente.access.domain.roles import Organisation, Role
from puente.access.services.guard import Gate
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
