"""The unit of work every context's use cases open: one transaction, kept only on ``commit``."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import Self


class DuplicateRequestId(Exception):
    """Another transaction stored the same client request id first: the use case answers what
    that transaction stored, as for any repeat of the request."""


class UnitOfWork(abc.ABC):
    """One transaction: changes are kept only when ``commit`` is called."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...
