"""Retention on SQL: the access context's part (who is due, consent, objections, data keys, the
log), and the unit of work that runs it with the contexts' records of people it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, delete, exists, func, insert, select, update
from sqlalchemy.sql import Subquery

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.adapters.store.tables import (
    consent_events,
    legal_holds,
    objections,
    retention_log,
)
from puente.access.domain.retention import RetentionAction
from puente.access.domain.sharing import ConsentStatus
from puente.access.services.person_keys import shred
from puente.access.services.retention_run import (
    PersonRecords,
    RetentionStore,
    RetentionUnitOfWork,
    Subject,
)
from puente.registry.adapters.store import tables as registry
from puente.shared.sql_unit_of_work import AuditHook, SqlUnitOfWork

# Each context's records of people on one connection, the registry's last; the composition root
# (``puente.retention``) binds them, so access depends on no other context's adapters.
RecordsOn = Callable[[Connection], Sequence[PersonRecords]]


def _latest(column: Any, person: Any, *where: Any) -> Subquery:
    return (
        select(person.label("person_id"), func.max(column).label("at"))
        .where(*where)
        .group_by(person)
        .subquery()
    )


class SqlRetentionStore(RetentionStore):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def subjects(self) -> Iterator[Subject]:
        p = registry.persons
        consented = _latest(consent_events.c.at, consent_events.c.person_id)
        given = _latest(
            consent_events.c.at,
            consent_events.c.person_id,
            consent_events.c.status == ConsentStatus.GIVEN,
        )
        objected_any = _latest(objections.c.at, objections.c.person_id)
        objected = _latest(objections.c.at, objections.c.person_id, objections.c.purpose.is_(None))
        query = select(
            p.c.id,
            consented.c.at.label("consented_at"),
            objected_any.c.at.label("any_objection_at"),
            given.c.at.label("given_at"),
            objected.c.at.label("objected_at"),
            legal_holds.c.person_id.label("held"),
        ).select_from(p)
        for sub in (consented, given, objected_any, objected):
            query = query.outerjoin(sub, sub.c.person_id == p.c.id)
        query = query.outerjoin(legal_holds, legal_holds.c.person_id == p.c.id).where(
            ~exists().where(retention_log.c.person_id == p.c.id)
        )
        rows = self.connection.execution_options(yield_per=2000).execute(query)
        for row in rows:
            choices = [m for m in (row.consented_at, row.any_objection_at) if m is not None]
            yield Subject(
                row.id,
                max(choices) if choices else None,
                row.objected_at,
                row.given_at,
                row.held is not None,
            )

    def _log(self, rules: Mapping[UUID, str], action: RetentionAction, at: datetime) -> None:
        self.connection.execute(
            insert(retention_log),
            [
                {"person_id": p, "action": action, "rule": r, "done_at": at}
                for p, r in rules.items()
            ],
        )

    def _shred(self, ids: list[UUID]) -> None:
        keys = SqlPersonKeyStore(connection=self.connection)
        for person_id in ids:
            shred(keys, person_id)

    def anonymise(self, rules: Mapping[UUID, str], at: datetime) -> None:
        ids = list(rules)
        self.connection.execute(
            update(objections).where(objections.c.person_id.in_(ids)).values(reason="")
        )
        self._shred(ids)
        self._log(rules, RetentionAction.ANONYMISE, at)

    def delete(self, rules: Mapping[UUID, str], at: datetime) -> None:
        ids = list(rules)
        for table in (consent_events, objections, legal_holds):
            self.connection.execute(delete(table).where(table.c.person_id.in_(ids)))
        self._shred(ids)
        self._log(rules, RetentionAction.DELETE, at)


class SqlRetentionUnitOfWork(SqlUnitOfWork, RetentionUnitOfWork):
    def __init__(
        self, engine: Engine, records_on: RecordsOn, audit: AuditHook | None = None
    ) -> None:
        super().__init__(engine, audit)
        self._records_on = records_on

    def _bind(self, connection: Connection) -> None:
        self.retention = SqlRetentionStore(connection)
        self.records = self._records_on(connection)
        self.audit = SqlAuditStore(self._engine, connection)
