"""``puente children place --token`` and ``sweep-alerts`` on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from puente.access.domain.roles import Role
from puente.children.adapters.cli import app
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.services.custody import record_encounter, refer_to_orr, register_facility
from puente.shelters.domain.model import AgeBand, BedPool, LicenceStatus, Sex, Shelter, ShelterKind
from puente.shelters.services.occupancy import register_shelter
from tests.integration.children.test_store import (
    EL_PASO,
    START,
    add_organisation,
    child,
)
from tests.support.callers import make_caller

runner = CliRunner()


def test_place_runs_over_the_stored_queue_and_sweep_sends_alerts_once(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUENTE_DATABASE_URL", database_url)
    organisation = add_organisation(engine, "ORR Dallas")
    uow = SqlChildrenUnitOfWork(engine, organisation.id)
    register_facility(uow, EL_PASO)
    waiting = [child(14), child(15), child(13)]
    for record in waiting:
        record_encounter(uow, record)
        refer_to_orr(uow, record.id, START)
    register_shelter(
        uow,
        Shelter(
            uuid4(),
            "Casa Dallas",
            ShelterKind.SHELTER,
            LicenceStatus.LICENSED,
            32.8,
            -96.8,
            {BedPool(Sex.MALE, AgeBand(13, 15)): 2},
        ),
    )
    now = (START.astimezone(UTC) + timedelta(hours=61)).isoformat()
    swept = runner.invoke(app, ["sweep-alerts", "--organisation", "ORR Dallas", "--now", now])
    assert swept.exit_code == 0, swept.output
    assert "6 alert(s) queued" in swept.output
    again = runner.invoke(app, ["sweep-alerts", "--now", now])
    assert "0 alert(s) queued" in again.output
    intake = make_caller(engine, organisation, Role.CASEWORKER)
    placed = runner.invoke(app, ["place", "--token", intake.token, "--now", now])
    assert placed.exit_code == 0, placed.output
    assert "placed 2 of 3 children" in placed.output
    assert "shelter" in placed.output  # the bed that would clear the queue
    with uow:
        left = uow.children.in_border_custody()
    assert len(left) == 1
    assert runner.invoke(app, ["place", "--token", "pt_forged"]).exit_code == 2
    officer = make_caller(engine, organisation, Role.PORT_OFFICER)  # may not run placement
    assert runner.invoke(app, ["place", "--token", officer.token]).exit_code == 2
