"""Use cases: check a person in or out of a shelter, grant an audited over-capacity override."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from puente.shared.errors import NotFound
from puente.shelters.domain.model import BedPool, OverCapacityOverride, OvercrowdingAlert, Shelter
from puente.shelters.services.unit_of_work import ShelterUnitOfWork


def _shelter(uow: ShelterUnitOfWork, shelter_id: UUID) -> Shelter:
    shelter = uow.shelters.get(shelter_id)
    if shelter is None:
        raise NotFound("shelter", shelter_id)
    return shelter


def register_shelter(uow: ShelterUnitOfWork, shelter: Shelter) -> None:
    with uow:
        uow.shelters.add(shelter)
        uow.commit()


def check_in(
    uow: ShelterUnitOfWork, shelter_id: UUID, occupant_id: UUID, pool: BedPool, at: datetime
) -> OvercrowdingAlert | None:
    with uow:
        shelter = _shelter(uow, shelter_id)
        alert = shelter.check_in(occupant_id, pool, at)
        uow.shelters.save(shelter)
        if alert is not None:
            uow.emit(alert)
        uow.commit()
        return alert


def check_out(uow: ShelterUnitOfWork, shelter_id: UUID, occupant_id: UUID, at: datetime) -> None:
    with uow:
        shelter = _shelter(uow, shelter_id)
        shelter.check_out(occupant_id, at)
        uow.shelters.save(shelter)
        uow.commit()


def grant_override(
    uow: ShelterUnitOfWork, shelter_id: UUID, override: OverCapacityOverride
) -> None:
    with uow:
        shelter = _shelter(uow, shelter_id)
        shelter.grant_override(override)
        uow.shelters.save(shelter)
        uow.commit()


def overcrowded(uow: ShelterUnitOfWork, at: datetime) -> list[OvercrowdingAlert]:
    """Every pool at or above its shelter's overcrowding ratio, for a dashboard or sweep."""
    with uow:
        return [
            alert
            for shelter in uow.shelters.all()
            for pool in shelter.beds
            if (alert := shelter.overcrowding(pool, at)) is not None
        ]
