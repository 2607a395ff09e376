"""The registry's unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.domain.envelope import Keyring
from puente.access.services.guard import WriteAudit
from puente.registry.adapters.store.repository import SqlRegistryRepository
from puente.registry.adapters.store.sealing import FieldSealer
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.shared.sql_unit_of_work import SqlUnitOfWork


class SqlRegistryUnitOfWork(SqlUnitOfWork, RegistryUnitOfWork):
    """Sensitive fields are sealed with data keys wrapped by ``keyring`` (see sealing.py);
    with ``audit``, the write's audit entry is added in the same transaction, before commit."""

    def __init__(self, engine: Engine, keyring: Keyring, audit: WriteAudit | None = None) -> None:
        super().__init__(engine)
        self._sealer = FieldSealer(keyring)
        self._audit = audit

    def _bind(self, connection: Connection) -> None:
        self._repository = SqlRegistryRepository(connection, self._sealer)
        self.registry = self._repository

    def _before_commit(self, connection: Connection) -> None:
        written = self._repository.written
        if self._audit is not None and written:
            self._audit(SqlAuditStore(self._engine, connection), written)
