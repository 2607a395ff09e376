"""A write and its audit entry commit together, on both engines, for a route of every context:
when the write's commit fails there is no audit entry, and when the audit entry cannot be
written the write is not kept either."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, event, func, insert, select

from puente.access.adapters.store.tables import audit_entries, audit_pending, consent_events
from puente.access.domain.roles import Organisation, Role
from puente.cases.adapters.store.tables import cases
from puente.children.adapters.store.tables import border_facilities, custody_records
from puente.entry.adapters.store.tables import entry_requests
from puente.identity.adapters.store.tables import identity_clusters, identity_events
from puente.registry.adapters.store.tables import persons
from puente.settings import load_settings
from puente.shared.db import utc_now
from puente.shelters.adapters.store.tables import shelters
from puente.web.app import create_app
from tests.integration.access.test_retention_run import _register
from tests.integration.children.world import child_body, shelter_body
from tests.integration.entry.support import seed_ports, seed_window
from tests.integration.entry.test_access import ask_body
from tests.support.callers import make_caller, stored_organisation
from tests.unit.registry.factories import register_command


class Refused(Exception):
    """What the test makes the database say."""


@contextmanager
def failing(engine: Engine, table: Table, at: str) -> Iterator[None]:
    """Make the transaction that writes ``table`` fail: at its commit (``commit``) or when it
    adds an audit entry (``audit``). Other transactions (reads and their audits) go through."""

    writes = re.compile(rf"\b(INSERT INTO|UPDATE) {table.name}\b", re.IGNORECASE)
    audits = re.compile(r"\bINSERT INTO audit_", re.IGNORECASE)

    def watch(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if writes.search(statement):
            conn.info["wrote"] = True
        elif at == "audit" and conn.info.get("wrote") and audits.search(statement):
            raise Refused("audit refused")

    def commit(conn: Any) -> None:
        if conn.info.pop("wrote", False) and at == "commit":
            # As a commit the database refuses: the transaction is gone, nothing of it kept.
            conn.connection.dbapi_connection.rollback()
            raise Refused("commit refused")

    def forget(conn: Any) -> None:
        conn.info.pop("wrote", None)

    listeners: list[tuple[str, Callable[..., None]]] = [
        ("before_cursor_execute", watch),
        ("commit", commit),
        ("rollback", forget),
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        yield
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)


def _person(engine: Engine, owner: Organisation) -> UUID:
    return _register(engine, owner.id, utc_now())[0]


def _registration(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    return "/registrations", register_command().model_dump(mode="json")


def _case(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    return "/cases", {"person_ids": [str(_person(engine, owner))]}


def _consent(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    body = {"purpose": "case_processing", "status": "given", "channel": "phone"}
    return f"/persons/{_person(engine, owner)}/consents", body


def _custody(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    with engine.begin() as connection:
        connection.execute(
            insert(border_facilities),
            {"name": "Donna", "zone": "America/Chicago", "latitude": 26.17, "longitude": -98.05},
        )
    return "/custody/records", child_body()


def _shelter(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    return "/shelters", shelter_body(4, [])


def _entry(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    seed_ports(engine)
    seed_window(engine, None)
    people = [str(_person(engine, owner)) for _ in range(2)]
    return "/entry/requests", ask_body(person_ids=people, family_id=str(uuid4()))


def _merge(engine: Engine, owner: Organisation) -> tuple[str, dict[str, Any]]:
    people = [_person(engine, owner) for _ in range(2)]
    with engine.begin() as connection:
        connection.execute(
            insert(identity_clusters),
            [
                {"person_id": p, "cluster_id": p.hex, "owner_id": owner.id, "updated_at": utc_now()}
                for p in people
            ],
        )
    return "/identity/merges", {"person_ids": [str(p) for p in people], "reason": "the same"}


WRITES = {
    "registry": (persons, "register", Role.REGISTRAR, _registration),
    "cases": (cases, "case.open", Role.CASEWORKER, _case),
    "access": (consent_events, "record consent", Role.CASEWORKER, _consent),
    "children": (custody_records, "custody.record", Role.PORT_OFFICER, _custody),
    "shelters": (shelters, "shelter.register", Role.SHELTER_OPERATOR, _shelter),
    "entry": (entry_requests, "entry.request", Role.CASEWORKER, _entry),
    "identity": (identity_events, "identity merge", Role.CASEWORKER, _merge),
}


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def _count(engine: Engine, table: Table) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _audited(engine: Engine, action: str) -> int:
    with engine.connect() as connection:
        events = [
            *connection.scalars(select(audit_pending.c.event)),
            *connection.scalars(select(audit_entries.c.event)),
        ]
    return sum(1 for e in events if e["action"] == action and e["outcome"] == "done")


@pytest.mark.parametrize("at", ["commit", "audit"])
@pytest.mark.parametrize("context", list(WRITES))
def test_a_write_and_its_audit_entry_are_kept_together_or_not_at_all(
    client: TestClient, engine: Engine, context: str, at: str
) -> None:
    table, action, role, prepare = WRITES[context]
    owner = stored_organisation(engine, f"Holder {uuid4().hex[:8]}")
    caller = make_caller(engine, owner, role)
    path, body = prepare(engine, owner)
    before = _count(engine, table)
    serving: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with failing(serving, table, at):
        refused = client.post(f"/api/v1{path}", json=body, headers=caller.headers)
    assert refused.status_code == 500, refused.text
    assert (_count(engine, table), _audited(engine, action)) == (before, 0)
    done = client.post(f"/api/v1{path}", json=body, headers=caller.headers)
    assert done.status_code in (200, 201), done.text
    assert _count(engine, table) > before and _audited(engine, action) == 1


def test_a_new_entry_request_is_named_by_its_audit_entry(
    client: TestClient, engine: Engine
) -> None:
    """The subject export finds a request through the audit index: the write's own entry must
    name it, though the use case writes it in bulk and the caller named no record beforehand."""
    owner = stored_organisation(engine, f"Holder {uuid4().hex[:8]}")
    caller = make_caller(engine, owner, Role.CASEWORKER)
    path, body = _entry(engine, owner)
    asked = client.post(f"/api/v1{path}", json=body, headers=caller.headers)
    assert asked.status_code == 201, asked.text
    with engine.connect() as connection:
        events = [
            *connection.scalars(select(audit_pending.c.event)),
            *connection.scalars(select(audit_entries.c.event)),
        ]
    [written] = [e for e in events if e["action"] == "entry.request" and e["outcome"] == "done"]
    assert asked.json()["id"] in written["record_ids"]
