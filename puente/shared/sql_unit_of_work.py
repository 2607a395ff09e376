"""The unit of work on SQL every context uses: one connection, one transaction, kept on commit."""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import Self
from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.shared.unit_of_work import UnitOfWork

# Adds a write's audit entry, naming the ids the transaction changed, inside that transaction.
AuditHook = Callable[[Connection, Sequence[UUID]], None]


class SqlUnitOfWork(UnitOfWork):
    """Opens a connection and a transaction on entry and rolls back what was not committed;
    subclasses bind their repositories to the connection and may add work before commit.

    With ``audit`` (an access gate's authorised write, see ``access...audit_store.in_transaction``)
    every commit adds the write's audit entry first, so the change and its entry commit together
    or not at all.
    """

    def __init__(self, engine: Engine, audit: AuditHook | None = None) -> None:
        self._engine = engine
        self._audit = audit
        self._connection: Connection | None = None

    @abc.abstractmethod
    def _bind(self, connection: Connection) -> None:
        """Create the repositories that work inside ``connection``."""

    def _before_commit(self, connection: Connection) -> None:
        """Writes that must commit with the rest (audit entries, outboxes); none by default."""

    def _written(self) -> Sequence[UUID]:
        """Ids the repositories saw changed, for the audit entry, beyond those the caller named
        when it authorised the write; none by default."""
        return ()

    def _after_rollback(self) -> None:
        """Forget what was kept for ``_before_commit``; nothing by default."""

    @property
    def connection(self) -> Connection:
        assert self._connection is not None, "use the unit of work inside `with`"
        return self._connection

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._connection.begin()
        self._bind(self._connection)
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.rollback()
        finally:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def commit(self) -> None:
        self._before_commit(self.connection)
        if self._audit is not None:
            self._audit(self.connection, self._written())
        self.connection.commit()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
        self._after_rollback()
