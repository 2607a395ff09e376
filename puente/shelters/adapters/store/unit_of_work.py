"""The shelters' unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.shared.db import utc_now
from puente.shelters.adapters.store.repository import (
    SqlShelterRepository,
    enqueue,
    overcrowding_payload,
)
from puente.shelters.domain.model import OvercrowdingAlert
from puente.shelters.services.unit_of_work import ShelterUnitOfWork


class SqlTransaction:
    """Opens a connection and a transaction on enter; rolls back whatever was not committed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    @property
    def connection(self) -> Connection:
        assert self._connection is not None, "use the unit of work inside `with`"
        return self._connection

    def open(self) -> Connection:
        self._connection = self._engine.connect()
        self._connection.begin()
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            if self._connection.in_transaction():
                self._connection.rollback()
            self._connection.close()
            self._connection = None

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()


class SqlShelterUnitOfWork(ShelterUnitOfWork):
    """``owner_id``: the organisation acting; it owns new shelters and scopes ``all()``."""

    shelters: SqlShelterRepository

    def __init__(self, engine: Engine, owner_id: UUID | None = None) -> None:
        self._transaction = SqlTransaction(engine)
        self._owner_id = owner_id

    def __enter__(self) -> SqlShelterUnitOfWork:
        self.shelters = SqlShelterRepository(self._transaction.open(), self._owner_id)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._transaction.close()

    def emit(self, alert: OvercrowdingAlert) -> None:
        enqueue(
            self._transaction.connection, "overcrowding", overcrowding_payload(alert), utc_now()
        )

    def commit(self) -> None:
        self._transaction.commit()

    def rollback(self) -> None:
        self._transaction.rollback()
