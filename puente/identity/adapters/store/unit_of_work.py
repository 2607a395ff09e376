"""The identity unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from sqlalchemy import Connection

from puente.identity.adapters.store.repository import SqlIdentityRepository
from puente.identity.services.ports import IdentityUnitOfWork
from puente.shared.sql_unit_of_work import SqlUnitOfWork


class SqlIdentityUnitOfWork(SqlUnitOfWork, IdentityUnitOfWork):
    def _bind(self, connection: Connection) -> None:
        self.identity = SqlIdentityRepository(connection)
