"""The cases unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.cases.adapters.store.repository import SqlCaseRepository
from puente.cases.services.ports import CasesUnitOfWork
from puente.shared.sql_unit_of_work import AuditHook, SqlUnitOfWork


class SqlCasesUnitOfWork(SqlUnitOfWork, CasesUnitOfWork):
    """``owner_id``: the organisation whose records this transaction creates."""

    def __init__(
        self, engine: Engine, owner_id: UUID | None = None, audit: AuditHook | None = None
    ) -> None:
        super().__init__(engine, audit)
        self._owner_id = owner_id

    def _bind(self, connection: Connection) -> None:
        self.cases: SqlCaseRepository = SqlCaseRepository(connection, self._owner_id)
