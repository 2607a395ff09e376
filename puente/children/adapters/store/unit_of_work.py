"""The children's unit of work on SQL: custody records and shelters in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import Connection

from puente.children.adapters.store.repository import SqlChildrenRepository
from puente.children.services.unit_of_work import ChildrenUnitOfWork, SentAlert
from puente.shared.db import utc_now
from puente.shelters.adapters.store.repository import SqlShelterRepository, enqueue
from puente.shelters.adapters.store.unit_of_work import SqlShelterUnitOfWork


class SqlChildrenUnitOfWork(SqlShelterUnitOfWork, ChildrenUnitOfWork):
    """``owner_id``: the organisation acting; it owns new records and scopes the lists."""

    children: SqlChildrenRepository
    shelters: SqlShelterRepository

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.children = SqlChildrenRepository(connection, self._owner_id)

    def _written(self) -> Sequence[UUID]:
        return self.children.written

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
