"""One connection and one transaction for a unit of work on SQL; subclasses bind their stores."""

from __future__ import annotations

import abc
from typing import Self

from sqlalchemy import Connection, Engine


class ConnectionUnitOfWork(abc.ABC):
    """Opens a connection and a transaction on entry; rolls back what was not committed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    @abc.abstractmethod
    def _bind(self, connection: Connection) -> None:
        """Create the stores that work inside ``connection``."""

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._connection.begin()
        self._bind(self._connection)
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
