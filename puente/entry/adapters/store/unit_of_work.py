"""The entry unit of work on a SQLAlchemy engine: one connection, one transaction, an outbox
table written in bulk when the transaction commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert

from puente.entry.adapters.store import tables as t
from puente.entry.adapters.store.outage_repository import SqlOutageRepository
from puente.entry.adapters.store.repository import SqlEntryRepository
from puente.entry.domain.appointments import Notification
from puente.entry.services.unit_of_work import EntryUnitOfWork, Outbox


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


class SqlEntryUnitOfWork(EntryUnitOfWork):
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> SqlEntryUnitOfWork:
        self._connection = self._engine.connect()
        self._connection.begin()
        self.entry = SqlEntryRepository(self._connection)
        self.outages = SqlOutageRepository(self._connection)
        self.outbox = self._outbox = SqlOutbox()
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.rollback()
        finally:
            assert self._connection is not None
            self._connection.close()
            self._connection = None

    def commit(self) -> None:
        assert self._connection is not None
        self._outbox.flush(self._connection)
        self._connection.commit()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
        if self._connection is not None:
            self._outbox.pending = []
