"""Shelters' JSON API: register a shelter, its occupancy, check-in and check-out, and the
explicit, audited over-capacity override. Every route needs ``SHELTERS_MANAGE``.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request, status
from pydantic import AwareDatetime, BaseModel, Field

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.shared.db import utc_now
from puente.shelters.adapters import gated
from puente.shelters.domain.model import (
    DEFAULT_OVERCROWDING_RATIO,
    AgeBand,
    BedPool,
    LicenceStatus,
    Sex,
    Shelter,
    ShelterKind,
)
from puente.web.access import guarded
from puente.web.access import shown as response_body
from puente.web.routing import ERRORS, engine_of

router = APIRouter(tags=["shelters"])

Manager = Annotated[Gate, Depends(guarded(Permission.SHELTERS_MANAGE))]


class BedsBody(BaseModel):
    sex: Sex
    band_low: int = Field(ge=0, le=17)
    band_high: int = Field(ge=0, le=17)
    beds: int = Field(ge=0)


class ShelterBody(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: ShelterKind
    licence: LicenceStatus
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    beds: list[BedsBody] = Field(min_length=1)
    tender_age_allowed: bool = True
    needs_served: list[str] = []
    overcrowding_ratio: float = Field(DEFAULT_OVERCROWDING_RATIO, gt=0, le=1)

    def shelter(self) -> Shelter:
        return Shelter(
            uuid4(),
            self.name,
            self.kind,
            self.licence,
            self.latitude,
            self.longitude,
            {BedPool(b.sex, AgeBand(b.band_low, b.band_high)): b.beds for b in self.beds},
            self.tender_age_allowed,
            frozenset(self.needs_served),
            overcrowding_ratio=self.overcrowding_ratio,
        )


class PoolView(BaseModel):
    pool: str | None = None
    sex: str | None = None
    band: str | None = None
    beds: int | None = None
    occupied: int | None = None
    free: int | None = None
    override_extra: int | None = None
    overcrowded: bool | None = None


class OverrideView(BaseModel):
    pool: str | None = None
    extra: int | None = None
    granted_by: str | None = None
    granted_at: str | None = None
    reason: str | None = None


class OccupantView(BaseModel):
    occupant_id: str | None = None
    pool: str | None = None


class MovementView(OccupantView):
    kind: str | None = None
    at: str | None = None
    by_override: bool | None = None


class OccupancyView(BaseModel):
    id: str
    name: str | None = None
    kind: str | None = None
    licence: str | None = None
    accepts_placements: bool | None = None
    tender_age_allowed: bool | None = None
    needs_served: list[str] | None = None
    beds: int | None = None
    occupied: int | None = None
    pools: list[PoolView] | None = None
    overrides: list[OverrideView] | None = None
    occupants: list[OccupantView] | None = None
    movements: list[MovementView] | None = None
    redacted: list[str] = []


class CheckIn(BaseModel):
    occupant_id: UUID
    sex: Sex
    age: int = Field(ge=0, le=120)
    at: AwareDatetime | None = None


class CheckOut(BaseModel):
    occupant_id: UUID
    at: AwareDatetime | None = None


class OverrideBody(BaseModel):
    sex: Sex
    age: int = Field(ge=0, le=120, description="any age in the pool to override")
    extra: int = Field(ge=1, le=1000)
    reason: str = Field(min_length=1, max_length=2000)


def _occupancy(gate: Gate, request: Request, shelter_id: UUID) -> OccupancyView:
    shown = gated.read_occupancy(gate, engine_of(request), shelter_id, utc_now())
    return OccupancyView.model_validate(response_body(shown))


@router.post("/shelters", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def register_shelter(body: ShelterBody, request: Request, gate: Manager) -> OccupancyView:
    shelter = gated.register(gate, engine_of(request), body.shelter())
    return _occupancy(gate, request, shelter.id)


@router.get("/shelters/{shelter_id}", responses=ERRORS)
def occupancy(shelter_id: UUID, request: Request, gate: Manager) -> OccupancyView:
    """Beds, occupancy and free beds by pool, overrides, occupants and recent movements."""
    return _occupancy(gate, request, shelter_id)


@router.post("/shelters/{shelter_id}/check-in", responses=ERRORS)
def check_in(shelter_id: UUID, body: CheckIn, request: Request, gate: Manager) -> OccupancyView:
    """Admit one person; a full pool refuses (422) unless an over-capacity override covers it."""
    at = body.at or utc_now()
    gated.check_in(gate, engine_of(request), shelter_id, body.occupant_id, body.sex, body.age, at)
    return _occupancy(gate, request, shelter_id)


@router.post("/shelters/{shelter_id}/check-out", responses=ERRORS)
def check_out(shelter_id: UUID, body: CheckOut, request: Request, gate: Manager) -> OccupancyView:
    gated.check_out(gate, engine_of(request), shelter_id, body.occupant_id, body.at or utc_now())
    return _occupancy(gate, request, shelter_id)


@router.post("/shelters/{shelter_id}/overrides", responses=ERRORS)
def grant_override(
    shelter_id: UUID, body: OverrideBody, request: Request, gate: Manager
) -> OccupancyView:
    """Allow ``extra`` places over a pool's beds; records who (the caller), when and why."""
    gated.grant_override(
        gate, engine_of(request), shelter_id, body.sex, body.age, body.extra, body.reason
    )
    return _occupancy(gate, request, shelter_id)
