"""The identity unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.identity.adapters.store.repository import SqlIdentityRepository
from puente.identity.services.ports import IdentityUnitOfWork


class SqlIdentityUnitOfWork(IdentityUnitOfWork):
    def __init__(self, engine: Engine, default_owner: UUID | None = None) -> None:
        """``default_owner``: the organisation holding persons that name none of their own."""
        self._engine = engine
        self._default_owner = default_owner
        self._connection: Connection | None = None

    def __enter__(self) -> SqlIdentityUnitOfWork:
        self._connection = self._engine.connect()
        self._connection.begin()
        self.identity = SqlIdentityRepository(self._connection, self._default_owner)
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
