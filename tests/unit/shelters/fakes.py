"""In-memory shelter repository and unit of work: copies on read so rollback is real."""

from __future__ import annotations

import copy
from uuid import UUID

from puente.shelters.domain.model import OvercrowdingAlert, Shelter
from puente.shelters.services.unit_of_work import ShelterRepository, ShelterUnitOfWork


class FakeShelters(ShelterRepository):
    def __init__(self) -> None:
        self.stored: dict[UUID, Shelter] = {}
        self.pending: dict[UUID, Shelter] = {}

    def add(self, shelter: Shelter) -> None:
        self.pending[shelter.id] = shelter

    def get(self, shelter_id: UUID) -> Shelter | None:
        found = self.pending.get(shelter_id) or self.stored.get(shelter_id)
        return copy.deepcopy(found)

    def save(self, shelter: Shelter) -> None:
        self.pending[shelter.id] = shelter

    def all(self) -> list[Shelter]:
        return [copy.deepcopy(s) for s in {**self.stored, **self.pending}.values()]


class FakeShelterUnitOfWork(ShelterUnitOfWork):
    def __init__(self) -> None:
        self.shelters = FakeShelters()
        self.outbox: list[OvercrowdingAlert] = []
        self._pending_alerts: list[OvercrowdingAlert] = []

    def emit(self, alert: OvercrowdingAlert) -> None:
        self._pending_alerts.append(alert)

    def commit(self) -> None:
        assert isinstance(self.shelters, FakeShelters)
        self.shelters.stored.update(self.shelters.pending)
        self.shelters.pending.clear()
        self.outbox.extend(self._pending_alerts)
        self._pending_alerts.clear()

    def rollback(self) -> None:
        assert isinstance(self.shelters, FakeShelters)
        self.shelters.pending.clear()
        self._pending_alerts.clear()
