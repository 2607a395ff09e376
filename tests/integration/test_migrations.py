"""The migrations create exactly the schema the models describe, on both engines."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from puente.shared.migrations import pending_model_changes, upgrade
from puente.shared.schema import all_tables


def test_models_and_migrations_agree(engine: Engine) -> None:
    assert pending_model_changes(engine) == []


def test_upgrade_is_idempotent_and_creates_every_table(engine: Engine) -> None:
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in all_tables().sorted_tables} <= tables
