"""Children's pages: the border-custody board, a child's record, the placement queue and its
run, a sponsor case. Guarded like the API; they render only what the gate returned.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.children.adapters import gated
from puente.children.domain.sponsors import State
from puente.shared.db import utc_now
from puente.web.access import guarded
from puente.web.routing import engine_of
from puente.web.templating import render

router = APIRouter(include_in_schema=False)
CustodyReader = Annotated[Gate, Depends(guarded(Permission.CUSTODY_READ))]
Placer = Annotated[Gate, Depends(guarded(Permission.PLACEMENT_RUN))]
SponsorManager = Annotated[Gate, Depends(guarded(Permission.SPONSORS_MANAGE))]


def _local(value: str | None) -> str:
    """An ISO instant as it reads on the facility's wall clock, with its offset."""
    if not value:
        return "–"
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M (UTC%z)")


@router.get("/custody", response_class=HTMLResponse)
def board(request: Request, gate: CustodyReader) -> HTMLResponse:
    shown = gated.board(gate, engine_of(request), utc_now())
    return render(
        request,
        "children/board.html",
        {"children": [s.view.data for s in shown], "local": _local},
    )


@router.get("/custody/{record_id}", response_class=HTMLResponse)
def custody_record(record_id: UUID, request: Request, gate: CustodyReader) -> HTMLResponse:
    shown = gated.custody_record(gate, engine_of(request), record_id, utc_now())
    return render(
        request,
        "children/record.html",
        {"child": shown.data, "redacted": shown.removed, "local": _local},
    )


@router.get("/placement", response_class=HTMLResponse)
def placement(request: Request, gate: Placer) -> HTMLResponse:
    engine = engine_of(request)
    queue = gated.queue(gate, engine, utc_now())
    last = gated.latest_run(gate, engine)
    return render(
        request,
        "children/placement.html",
        {
            "queue": [s.view.data for s in queue],
            "run": last.run if last else None,
            "explanations": [e.data for e in last.explanations] if last else [],
        },
    )


@router.post("/placement/run", response_model=None)
def run_placement(request: Request, gate: Placer) -> RedirectResponse:
    gated.run(gate, engine_of(request), utc_now())
    return RedirectResponse("/placement#run", status_code=303)


@router.get("/sponsors/{application_id}", response_class=HTMLResponse)
def sponsor_case(application_id: UUID, request: Request, gate: SponsorManager) -> HTMLResponse:
    shown = gated.sponsor_case(gate, engine_of(request), application_id)
    return render(request, "children/sponsor.html", {"case": shown.data, "local": _local})


@router.post("/sponsors/{application_id}/steps", response_model=None)
def add_step(
    application_id: UUID,
    request: Request,
    gate: SponsorManager,
    state: Annotated[State, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    gated.advance(gate, engine_of(request), application_id, state, utc_now(), note)
    return RedirectResponse(f"/sponsors/{application_id}", status_code=303)
