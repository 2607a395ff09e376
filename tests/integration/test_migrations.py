"""The migrations create exactly the schema the models describe, on both engines."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from sqlalchemy import Engine, inspect, text

from puente.shared.db import make_engine
from puente.shared.migrations import pending_model_changes, upgrade
from puente.shared.schema import all_tables


def test_models_and_migrations_agree(engine: Engine) -> None:
    assert pending_model_changes(engine) == []


def test_upgrade_is_idempotent_and_creates_every_table(engine: Engine) -> None:
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in all_tables().sorted_tables} <= tables


def test_registrations_made_before_access_control_get_an_owner(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0002_access")
    person = uuid4()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO persons (id, given_names, first_surname, name_as_written, sex,"
                " created_at, version) VALUES (:id, 'Ana', 'Pérez', 'Ana Pérez', 'female',"
                " '2021-03-01 10:00:00.000000', 1)"
            ),
            {"id": person.hex},
        )
    upgrade(engine)
    with engine.connect() as connection:
        owner = connection.execute(text("SELECT owner_id FROM persons")).scalar_one()
        organisation = connection.execute(
            text("SELECT name FROM organisations WHERE id = :id"), {"id": owner}
        ).scalar_one()
    assert organisation == "Registrations before access control"
    assert pending_model_changes(engine) == []
    engine.dispose()
