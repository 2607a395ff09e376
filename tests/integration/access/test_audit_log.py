"""The audit log on both engines: concurrent recording, chaining, and tampering found by place."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from puente.access.adapters.cli import audit_app
from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.subject_store import SqlSubjectStore
from puente.access.domain.audit_chain import AuditEvent
from puente.access.services.audit import chain, record, verify_log

KEY = b"audit-key-for-tests-32-bytes!!!!"
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def event(number: int) -> AuditEvent:
    return AuditEvent(
        START + timedelta(seconds=number),
        f"user-{number % 4}",
        "org-1",
        "orderly_entry",
        "read",
        "person",
        (f"p-{number}",),
        "allowed",
        "10.0.0.7",
    )


@pytest.fixture
def store(engine: Engine) -> SqlAuditStore:
    store = SqlAuditStore(engine)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda n: record(store, event(n)), range(40)))
    assert chain(store, KEY, batch=7) == 40
    return store


def test_concurrent_events_are_all_chained_and_verify(store: SqlAuditStore) -> None:
    report = verify_log(store, KEY)
    assert (report.entries, report.pending, report.problems) == (40, 0, [])
    assert chain(store, KEY) == 0


def _tamper(engine: Engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


def _problems(store: SqlAuditStore) -> set[tuple[int, str]]:
    return {(p.sequence, p.kind) for p in verify_log(store, KEY).problems}


def test_an_edited_entry_is_found(store: SqlAuditStore, engine: Engine) -> None:
    _tamper(
        engine,
        "UPDATE audit_entries SET event = (SELECT event FROM audit_entries "
        "WHERE sequence = 3) WHERE sequence = 12",
    )
    assert _problems(store) == {(12, "edited")}


def test_a_deleted_entry_is_found(store: SqlAuditStore, engine: Engine) -> None:
    _tamper(engine, "DELETE FROM audit_entries WHERE sequence = 20")
    assert (20, "missing") in _problems(store)


def test_reordered_entries_are_found(store: SqlAuditStore, engine: Engine) -> None:
    _tamper(engine, "UPDATE audit_entries SET sequence = -1 WHERE sequence = 5")
    _tamper(engine, "UPDATE audit_entries SET sequence = 5 WHERE sequence = 6")
    _tamper(engine, "UPDATE audit_entries SET sequence = 6 WHERE sequence = -1")
    assert {5, 6} <= {sequence for sequence, _ in _problems(store)}


def test_an_inserted_entry_is_found(store: SqlAuditStore, engine: Engine) -> None:
    _tamper(engine, "UPDATE audit_entries SET sequence = sequence + 1000 WHERE sequence > 30")
    _tamper(engine, "UPDATE audit_entries SET sequence = sequence - 999 WHERE sequence > 1000")
    _tamper(
        engine,
        "INSERT INTO audit_entries (sequence, event, previous_hash, entry_hash) "
        "SELECT 31, event, previous_hash, entry_hash FROM audit_entries "
        "WHERE sequence = 30",
    )
    assert 31 in {sequence for sequence, _ in _problems(store)}


def test_the_verify_command_reports_and_fails(
    store: SqlAuditStore, engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUENTE_DATABASE_URL", database_url)
    monkeypatch.setattr("puente.access.adapters.cli.audit_key_from", lambda _settings: KEY)
    runner = CliRunner()
    intact = runner.invoke(audit_app, ["verify"])
    assert intact.exit_code == 0 and "intact" in intact.output
    _tamper(engine, "DELETE FROM audit_entries WHERE sequence = 9")
    broken = runner.invoke(audit_app, ["verify"])
    assert broken.exit_code == 1 and "entry 9: missing" in broken.output


def test_the_events_about_a_record_are_found_by_index_before_and_after_chaining(
    store: SqlAuditStore, engine: Engine
) -> None:
    person = uuid4()
    about = replace(event(50), record_ids=(str(person), "p-3"))
    record(store, about)
    record(store, replace(event(51), record_ids=(str(person),)))

    def found() -> list[AuditEvent]:
        with engine.connect() as connection:
            return SqlSubjectStore(connection).audit_events_about([person])

    expected = {about, replace(event(51), record_ids=(str(person),))}
    pending = found()
    assert chain(store, KEY) == 2
    chained = found()
    assert (len(pending), set(pending)) == (len(chained), set(chained)) == (2, expected)
    with engine.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM audit_subjects WHERE pending_id IS NOT NULL")
        )
        assert left.scalar_one() == 0
