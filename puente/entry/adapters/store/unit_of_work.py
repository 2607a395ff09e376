"""The entry unit of work on a SQLAlchemy engine: one connection, one transaction, an outbox
table written in bulk when the transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, insert

from puente.entry.adapters.registry_link import SqlPartyDirectory
from puente.entry.adapters.store import tables as t
from puente.entry.adapters.store.outage_repository import SqlOutageRepository
from puente.entry.adapters.store.repository import SqlEntryRepository
from puente.entry.domain.appointments import Notification
from puente.entry.services.unit_of_work import EntryUnitOfWork, Outbox
from puente.shared.sql_unit_of_work import SqlUnitOfWork


class SqlOutbox(Outbox):
    """Notifications kept until commit, then inserted together (a run explains every request)."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []

    def add(self, notification: Notification) -> None:
        self.pending.append(
            {
                "request_id": notification.request_id,
                "language": notification.language,
                "message_key": notification.key,
                "params": notification.params,
                "created_at": notification.created_at,
            }
        )

    def flush(self, connection: Connection) -> None:
        for start in range(0, len(self.pending), 5_000):
            connection.execute(insert(t.entry_outbox), self.pending[start : start + 5_000])
        self.pending = []


class SqlEntryUnitOfWork(SqlUnitOfWork, EntryUnitOfWork):
    def _bind(self, connection: Connection) -> None:
        self.entry = self._repository = SqlEntryRepository(connection)
        self.outages = SqlOutageRepository(connection)
        self.outbox = self._outbox = SqlOutbox()
        self.parties = SqlPartyDirectory(connection)

    def _before_commit(self, connection: Connection) -> None:
        self._outbox.flush(connection)

    def _written(self) -> Sequence[UUID]:
        return self._repository.written

    def _after_rollback(self) -> None:
        if self._connection is not None:
            self._outbox.pending = []
