"""The shelters' storage port: a repository of shelters and a transaction around it."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import Self
from uuid import UUID

from puente.shelters.domain.model import OvercrowdingAlert, Shelter


class ShelterRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, shelter: Shelter) -> None: ...

    @abc.abstractmethod
    def get(self, shelter_id: UUID) -> Shelter | None: ...

    @abc.abstractmethod
    def save(self, shelter: Shelter) -> None:
        """Store the shelter's beds, occupants, overrides and new movements."""

    @abc.abstractmethod
    def all(self) -> list[Shelter]: ...


class ShelterUnitOfWork(abc.ABC):
    """One transaction: changes are kept only when ``commit`` is called."""

    shelters: ShelterRepository

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
    def emit(self, alert: OvercrowdingAlert) -> None:
        """Queue an overcrowding alert for the outbox, sent only if the transaction commits."""

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...
