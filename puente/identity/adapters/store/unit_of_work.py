"""The identity unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.identity.adapters.store.repository import SqlIdentityRepository
from puente.identity.services.ports import IdentityUnitOfWork
from puente.shared.sql_unit_of_work import SqlUnitOfWork


class SqlIdentityUnitOfWork(SqlUnitOfWork, IdentityUnitOfWork):
    def __init__(self, engine: Engine, default_owner: UUID | None = None) -> None:
        """``default_owner``: the organisation holding persons that name none of their own."""
        super().__init__(engine)
        self._default_owner = default_owner

    def _bind(self, connection: Connection) -> None:
        self.identity = SqlIdentityRepository(connection, self._default_owner)
