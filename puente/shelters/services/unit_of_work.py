"""The shelters' storage port: a repository of shelters and a transaction around it."""

from __future__ import annotations

import abc
from uuid import UUID

from puente.shared.unit_of_work import UnitOfWork
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


class ShelterUnitOfWork(UnitOfWork):
    """The shelter context's transaction and repositories."""

    shelters: ShelterRepository

    @abc.abstractmethod
    def emit(self, alert: OvercrowdingAlert) -> None:
        """Queue an overcrowding alert for the outbox, sent only if the transaction commits."""
