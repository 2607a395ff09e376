"""The unit of work on SQL every context uses: one connection, one transaction, kept on commit."""

from __future__ import annotations

import abc
from typing import Self

from sqlalchemy import Connection, Engine

from puente.shared.unit_of_work import UnitOfWork


class SqlUnitOfWork(UnitOfWork):
    """Opens a connection and a transaction on entry and rolls back what was not committed;
    subclasses bind their repositories to the connection and may add work before commit."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    @abc.abstractmethod
    def _bind(self, connection: Connection) -> None:
        """Create the repositories that work inside ``connection``."""

    def _before_commit(self, connection: Connection) -> None:
        """Writes that must commit with the rest (audit entries, outboxes); none by default."""

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
        self.connection.commit()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
        self._after_rollback()
