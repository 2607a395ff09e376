"""The registry's unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.domain.envelope import Keyring
from puente.access.services.guard import WriteAudit
from puente.registry.adapters.store.repository import SqlRegistryRepository
from puente.registry.adapters.store.sealing import FieldSealer
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.shared.sql_unit_of_work import AuditHook, SqlUnitOfWork


class SqlRegistryUnitOfWork(SqlUnitOfWork, RegistryUnitOfWork):
    """Sensitive fields are sealed with data keys wrapped by ``keyring`` (see sealing.py);
    with ``audit``, the write's audit entry names what the repository wrote."""

    def __init__(self, engine: Engine, keyring: Keyring, audit: AuditHook | None = None) -> None:
        super().__init__(engine, audit)
        self._sealer = FieldSealer(keyring)

    def _bind(self, connection: Connection) -> None:
        self._repository = SqlRegistryRepository(connection, self._sealer)
        self.registry = self._repository

    def _written(self) -> Sequence[UUID]:
        return self._repository.written


# Units of work whose commit adds the given write's audit entry to the same transaction.
AuditedFactory = Callable[[WriteAudit], Callable[[], RegistryUnitOfWork]]


def audited_factory(engine: Engine, keyring: Keyring) -> AuditedFactory:
    return lambda audit: partial(SqlRegistryUnitOfWork, engine, keyring, in_transaction(audit))
