"""The cases unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.cases.adapters.store.repository import SqlCaseRepository
from puente.cases.services.ports import CasesUnitOfWork


class SqlCasesUnitOfWork(CasesUnitOfWork):
    """``owner_id``: the organisation whose records this transaction creates."""

    def __init__(self, engine: Engine, owner_id: UUID | None = None) -> None:
        self._engine = engine
        self._owner_id = owner_id
        self._connection: Connection | None = None

    def __enter__(self) -> SqlCasesUnitOfWork:
        self._connection = self._engine.connect()
        self._connection.begin()
        self.cases: SqlCaseRepository = SqlCaseRepository(self._connection, self._owner_id)
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
        self._connection.commit()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
