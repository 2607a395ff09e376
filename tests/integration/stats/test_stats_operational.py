"""Safe export of registrations by nationality × location from the registry's own tables."""

from __future__ import annotations

import csv
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from puente.cli_groups import export_app
from puente.registry.adapters.store.tables import (
    person_nationalities,
    persons,
    registration_subjects,
    registrations,
)
from puente.registry.domain.model import Channel, Sex
from puente.shared.db import make_engine
from puente.shared.migrations import upgrade
from puente.stats.adapters import cli as stats_cli  # registers the export command
from puente.stats.adapters.operational import registrations_by_nationality_and_location
from tests.support.callers import stored_organisation

# People per (nationality, location): a few small cells among large ones.
POPULATION = {
    ("HN", "Tijuana"): 40,
    ("HN", "Reynosa"): 3,
    ("HN", "Matamoros"): 25,
    ("VE", "Tijuana"): 30,
    ("VE", "Reynosa"): 22,
    ("VE", "Matamoros"): 18,
    ("HT", "Tijuana"): 12,
    ("HT", "Reynosa"): 15,
    ("HT", "Matamoros"): 4,
}


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'registry.db'}")
    upgrade(engine)
    now = datetime(2021, 3, 1, 15, 0, tzinfo=UTC)
    owner = stored_organisation(engine).id
    with engine.begin() as connection:
        for (country, location), people in POPULATION.items():
            for _ in range(people):
                person_id, registration_id = uuid.uuid4(), uuid.uuid4()
                connection.execute(
                    insert(persons).values(
                        id=person_id, given_names="A", first_surname="B", name_as_written="A B",
                        sex=Sex.FEMALE, created_at=now, version=1, owner_id=owner,
                    )
                )  # fmt: skip
                connection.execute(
                    insert(person_nationalities).values(
                        person_id=person_id, position=0, country=country
                    )
                )
                connection.execute(
                    insert(registrations).values(
                        id=registration_id, request_id=str(registration_id), payload_digest="x",
                        registered_at=now, timezone="America/Tijuana", registered_by="test",
                        location=location, channel=Channel.STAFF_ASSISTED, language="spa",
                        consent_given=True, owner_id=owner,
                    )
                )  # fmt: skip
                connection.execute(
                    insert(registration_subjects).values(
                        registration_id=registration_id, person_id=person_id, position=0
                    )
                )
    return engine


def test_counts_come_from_the_registry(engine: Engine) -> None:
    frame = registrations_by_nationality_and_location(engine)
    counts = {(r.nationality, r.location): r.people for r in frame.itertuples()}
    assert counts == POPULATION


def test_export_command_withholds_small_cells(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUENTE_DATABASE_URL", str(engine.url))
    output = tmp_path / "counts.csv"
    root = typer.Typer()
    root.add_typer(export_app, name="export")
    root.add_typer(stats_cli.app, name="stats")
    result = CliRunner().invoke(root, ["export", "registration-counts", str(output)])
    assert result.exit_code == 0, result.output
    with output.open(newline="") as source:
        header, hashtags, *rows = list(csv.reader(source))
    assert hashtags[0] == "#country+code+nationality"
    published = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}
    assert published["HN"]["Reynosa"] == ""
    assert published["HT"]["Matamoros"] == ""
    assert published["Total"]["total"] == str(sum(POPULATION.values()))
