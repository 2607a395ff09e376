"""The cases unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.access.domain.envelope import Keyring
from puente.cases.adapters.store.repository import SqlCaseRepository
from puente.cases.services.ports import CasesUnitOfWork
from puente.registry.adapters.store.sealing import FieldSealer
from puente.shared.sql_unit_of_work import AuditHook, SqlUnitOfWork


class SqlCasesUnitOfWork(SqlUnitOfWork, CasesUnitOfWork):
    """``owner_id``: the organisation whose records this transaction creates; ``keyring`` wraps
    the person data keys that seal what hearing notices say of addresses."""

    def __init__(
        self,
        engine: Engine,
        keyring: Keyring,
        owner_id: UUID | None = None,
        audit: AuditHook | None = None,
    ) -> None:
        super().__init__(engine, audit)
        self._sealer = FieldSealer(keyring)
        self._owner_id = owner_id

    def _bind(self, connection: Connection) -> None:
        self.cases: SqlCaseRepository = SqlCaseRepository(connection, self._sealer, self._owner_id)
