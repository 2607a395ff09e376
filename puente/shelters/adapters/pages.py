"""A shelter's occupancy page: beds and free beds by pool, who is in, check-in and check-out,
and the explicit over-capacity override (who, when, why), all through the access gate.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.shared.db import utc_now
from puente.shelters.adapters import gated
from puente.shelters.domain.model import Sex
from puente.web.access import guarded
from puente.web.routing import engine_of
from puente.web.templating import render

router = APIRouter(include_in_schema=False)
Manager = Annotated[Gate, Depends(guarded(Permission.SHELTERS_MANAGE))]


def _back(shelter_id: UUID) -> RedirectResponse:
    return RedirectResponse(f"/shelters/{shelter_id}", status_code=303)


@router.get("/shelters/{shelter_id}", response_class=HTMLResponse)
def occupancy(shelter_id: UUID, request: Request, gate: Manager) -> HTMLResponse:
    shown = gated.read_occupancy(gate, engine_of(request), shelter_id, utc_now())
    return render(request, "shelters/occupancy.html", {"shelter": shown.data})


@router.post("/shelters/{shelter_id}/check-in", response_model=None)
def check_in(
    shelter_id: UUID,
    request: Request,
    gate: Manager,
    occupant_id: Annotated[UUID, Form()],
    sex: Annotated[Sex, Form()],
    age: Annotated[int, Form(ge=0, le=120)],
) -> RedirectResponse:
    engine = engine_of(request)
    gated.check_in(gate, engine, shelter_id, occupant_id, sex, age, utc_now())
    return _back(shelter_id)


@router.post("/shelters/{shelter_id}/check-out", response_model=None)
def check_out(
    shelter_id: UUID, request: Request, gate: Manager, occupant_id: Annotated[UUID, Form()]
) -> RedirectResponse:
    gated.check_out(gate, engine_of(request), shelter_id, occupant_id, utc_now())
    return _back(shelter_id)


@router.post("/shelters/{shelter_id}/overrides", response_model=None)
def grant_override(
    shelter_id: UUID,
    request: Request,
    gate: Manager,
    sex: Annotated[Sex, Form()],
    age: Annotated[int, Form(ge=0, le=120)],
    extra: Annotated[int, Form(ge=1, le=1000)],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> RedirectResponse:
    gated.grant_override(gate, engine_of(request), shelter_id, sex, age, extra, reason)
    return _back(shelter_id)
