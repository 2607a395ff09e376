"""Bulk load of synthetic cases: COPY on PostgreSQL, batched inserts on SQLite.

For load tests and benchmarks only; real cases go through the use cases one by one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, Table, insert, select

from puente.access.adapters.store.tables import organisations
from puente.access.domain.roles import OrganisationKind
from puente.cases.adapters.store import tables as t
from puente.cases.adapters.store.mapping import deadline_row, event_row, history_doc
from puente.cases.adapters.store.zones import zone_label
from puente.cases.adapters.synthetic import COURTS, SyntheticCase
from puente.registry.adapters.store.tables import persons
from puente.shared.chunks import chunks

BATCH = 2_000


def bench_organisation(engine: Engine, name: str = "Synthetic cases (load tests)") -> UUID:
    """The organisation that owns synthetic cases, created on first use."""
    with engine.begin() as connection:
        found = connection.scalar(select(organisations.c.id).where(organisations.c.name == name))
        if found is not None:
            return UUID(str(found))
        organisation_id = UUID(int=0x5EED)
        connection.execute(
            insert(organisations),
            {
                "id": organisation_id,
                "name": name,
                "kind": OrganisationKind.NGO,
                "country": "MX",
                "created_at": datetime.now(UTC),
            },
        )
        return organisation_id


def _rows(
    case: SyntheticCase, owner_id: UUID, created: datetime
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        "persons": [
            {
                "id": case.person_id,
                "given_names": "Synthetic",
                "first_surname": f"Person {case.person_id.hex[:8]}",
                "second_surname": None,
                "name_as_written": f"Synthetic Person {case.person_id.hex[:8]}",
                "sex": "unspecified",
                "birth_year": None,
                "birth_month": None,
                "birth_day": None,
                "birth_precision": None,
                "created_at": created,
                "version": 1,
                "owner_id": owner_id,
            }
        ],
        "cases": [
            {
                "id": case.id,
                "owner_id": owner_id,
                "opened_at": case.opened_at,
                "opened_zone": zone_label(case.opened_at),
                "caseworker": case.caseworker,
                "state": case.events[-1].target if case.events else "registered",
                "last_sequence": len(case.events),
            }
        ],
        "case_persons": [{"case_id": case.id, "position": 0, "person_id": case.person_id}],
        "case_events": [event_row(e) for e in case.events],
        "case_deadlines": [
            deadline_row(d, i, case.caseworker) for i, d in enumerate(case.deadlines)
        ],
        "hearings": [],
    }
    if case.hearing is not None:
        h = case.hearing
        rows["hearings"].append(
            {
                "id": h.id,
                "case_id": h.case_id,
                "kind": h.kind,
                "court_code": h.court.code,
                "scheduled_at": h.scheduled_at,
                "judge": h.judge,
                "outcome": None,
                "history": history_doc(h),
                "caseworker": case.caseworker,
            }
        )
    return rows


TABLES: dict[str, Table] = {
    "persons": persons,
    "cases": t.cases,
    "case_persons": t.case_persons,
    "case_events": t.case_events,
    "hearings": t.hearings,
    "case_deadlines": t.case_deadlines,
}


def _plain(value: Any) -> Any:
    """What COPY's text format takes: enum values as text, instants in UTC, JSON as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, dict):
        return json.dumps(value)
    return getattr(value, "value", value)


def _copy(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    columns = [c.name for c in table.columns]
    raw = connection.connection.driver_connection
    assert raw is not None
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([_plain(row[c]) for c in columns])


def load_cases(
    engine: Engine,
    cases: Iterable[SyntheticCase],
    owner_id: UUID,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    """Store the cases (with their people, events, hearings and deadlines); returns how many."""
    created = datetime.now(UTC)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        for court in COURTS:
            exists = connection.scalar(
                select(t.immigration_courts.c.code).where(t.immigration_courts.c.code == court.code)
            )
            if exists is None:
                connection.execute(
                    insert(t.immigration_courts),
                    {
                        "code": court.code,
                        "name": court.name,
                        "city": court.city,
                        "timezone": court.timezone,
                    },
                )
    loaded = 0
    for batch in chunks(cases, BATCH):
        grouped: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        for case in batch:
            for name, rows in _rows(case, owner_id, created).items():
                grouped[name].extend(rows)
        with engine.begin() as connection:
            for name, table in TABLES.items():
                if not grouped[name]:
                    continue
                if postgres:
                    _copy(connection, table, grouped[name])
                else:
                    connection.execute(insert(table), grouped[name])
        loaded += len(batch)
        progress(len(batch))
    return loaded
