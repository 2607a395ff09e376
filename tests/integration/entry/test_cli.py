"""``puente entry allocate --day`` on the database of each engine: the worker's daily run."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from puente.entry.adapters.cli import app
from puente.entry.adapters.store import tables as t
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.services.requesting import ask_for_entry
from puente.shared.db import utc_now
from tests.integration.entry.support import (
    SECRET,
    WINDOW,
    close_window,
    seed_ports,
    seed_window,
    today,
)
from tests.integration.entry.test_store import command

runner = CliRunner()


def test_allocate_runs_the_day_on_the_database(database_url: str, engine: Engine) -> None:
    seed_ports(engine, persons=2)
    seed_window(engine, None)
    for _ in range(3):
        ask_for_entry(SqlEntryUnitOfWork(engine), command(preferences=("ELP",)), utc_now())
    env = {"PUENTE_DATABASE_URL": database_url, "PUENTE_ENTRY_SECRET": "not the secret"}
    day = today().isoformat()
    refused = runner.invoke(app, ["allocate", "--day", day, "--window", WINDOW], env=env)
    assert refused.exit_code == 2  # the window is still open
    close_window(engine)
    wrong = runner.invoke(app, ["allocate", "--day", day, "--window", WINDOW], env=env)
    assert wrong.exit_code == 2 and "commitment" in wrong.output
    env["PUENTE_ENTRY_SECRET"] = SECRET
    result = runner.invoke(app, ["allocate", "--day", day, "--window", WINDOW], env=env)
    assert result.exit_code == 0, result.output
    assert "2 of 3 requests allocated" in result.output
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.entry_appointments)) == 2
        assert connection.scalar(select(func.count()).select_from(t.entry_explanations)) == 3
    again = runner.invoke(app, ["allocate", "--day", day, "--window", WINDOW], env=env)
    assert again.exit_code == 2 and "already ran" in again.output
