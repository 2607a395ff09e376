"""The children's unit of work on SQL: custody records and shelters in one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.children.adapters.store.repository import SqlChildrenRepository
from puente.children.services.unit_of_work import ChildrenUnitOfWork, SentAlert
from puente.shared.db import utc_now
from puente.shared.sql_unit_of_work import SqlUnitOfWork
from puente.shelters.adapters.store.repository import (
    SqlShelterRepository,
    enqueue,
    overcrowding_payload,
)
from puente.shelters.domain.model import OvercrowdingAlert


class SqlChildrenUnitOfWork(SqlUnitOfWork, ChildrenUnitOfWork):
    """``owner_id``: the organisation acting; it owns new records and scopes the lists."""

    children: SqlChildrenRepository
    shelters: SqlShelterRepository

    def __init__(self, engine: Engine, owner_id: UUID | None = None) -> None:
        super().__init__(engine)
        self._owner_id = owner_id

    def _bind(self, connection: Connection) -> None:
        self.children = SqlChildrenRepository(connection, self._owner_id)
        self.shelters = SqlShelterRepository(connection, self._owner_id)

    def notify(self, sent: SentAlert) -> None:
        alert = sent.alert
        enqueue(
            self.connection,
            f"custody_{alert.kind}",
            {
                "child_id": str(sent.child_id),
                "key": alert.key,
                "hours": alert.hours,
                "due_at": alert.due_at.isoformat(),
            },
            utc_now(),
        )

    def emit(self, alert: OvercrowdingAlert) -> None:
        enqueue(self.connection, "overcrowding", overcrowding_payload(alert), utc_now())
