"""``puente keys rotate`` and ``puente keys shred`` on both engines."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.tables import person_keys
from puente.access.domain.roles import Role
from puente.cli import app
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.queries import person_record
from puente.registry.services.registration import register
from puente.settings import load_settings
from tests.support.callers import make_caller, organisation
from tests.unit.registry.factories import register_command

runner = CliRunner()
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
KEYS = {str(v): base64.b64encode(os.urandom(32)).decode() for v in (1, 2)}


def _env(database_url: str, versions: list[str]) -> dict[str, str]:
    return {
        "PUENTE_DATABASE_URL": database_url,
        "PUENTE_KEYRING": json.dumps({v: KEYS[v] for v in versions}),
    }


def test_rotate_then_shred_from_the_command_line(database_url: str, engine: Engine) -> None:
    first = _env(database_url, ["1"])
    caseworker = make_caller(engine, organisation("HIAS Tijuana"), Role.CASEWORKER)
    uow = partial(SqlRegistryUnitOfWork, engine, keyring_from(load_settings(**_lower(first))))
    people = [
        register(uow, register_command(), NOW, caseworker.organisation.id).group.persons[0].id
        for _ in range(3)
    ]
    rotated = runner.invoke(
        app, ["keys", "rotate", "--batch", "2"], env=_env(database_url, ["1", "2"])
    )
    assert rotated.exit_code == 0, rotated.output
    assert "3 data keys" in rotated.output
    with engine.connect() as connection:
        assert set(connection.scalars(select(person_keys.c.key_version))) == {2}
    only_new = _env(database_url, ["2"])
    uow = partial(SqlRegistryUnitOfWork, engine, keyring_from(load_settings(**_lower(only_new))))
    assert person_record(uow, people[0]).person.phones == ("+526641234567",)

    args = ["keys", "shred", str(people[0]), "--token", caseworker.token]
    shredded = runner.invoke(app, args, env=only_new)
    assert shredded.exit_code == 0, shredded.output
    assert person_record(uow, people[0]).person.phones == ()
    assert person_record(uow, people[1]).person.phones == ("+526641234567",)
    registrar = make_caller(engine, organisation("Other NGO"), Role.REGISTRAR)
    refused = runner.invoke(
        app, ["keys", "shred", str(people[1]), "--token", registrar.token], env=only_new
    )
    assert refused.exit_code == 1


def _lower(env: dict[str, str]) -> dict[str, str]:
    return {name.removeprefix("PUENTE_").lower(): value for name, value in env.items()}
