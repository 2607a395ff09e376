"""The registry's unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.domain.envelope import Keyring
from puente.access.services.guard import WriteAudit
from puente.registry.adapters.store.repository import SqlRegistryRepository
from puente.registry.adapters.store.sealing import FieldSealer
from puente.registry.services.unit_of_work import RegistryUnitOfWork


class SqlRegistryUnitOfWork(RegistryUnitOfWork):
    """Sensitive fields are sealed with data keys wrapped by ``keyring`` (see sealing.py);
    with ``audit``, the write's audit entry is added in the same transaction, before commit."""

    def __init__(self, engine: Engine, keyring: Keyring, audit: WriteAudit | None = None) -> None:
        self._engine = engine
        self._sealer = FieldSealer(keyring)
        self._audit = audit
        self._connection: Connection | None = None

    def __enter__(self) -> SqlRegistryUnitOfWork:
        self._connection = self._engine.connect()
        self._connection.begin()
        self._repository = SqlRegistryRepository(self._connection, self._sealer)
        self.registry = self._repository
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
        written = self._repository.written
        if self._audit is not None and written:
            self._audit(SqlAuditStore(self._engine, self._connection), written)
        self._connection.commit()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
