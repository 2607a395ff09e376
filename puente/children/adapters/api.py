"""Children's JSON API: custody records and the border-custody board, placement runs, sponsor
cases. Every route is guarded; reads go through the gate and come back redacted.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response, status

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.children.adapters import gated
from puente.children.adapters.schemas import (
    BedsShort,
    Board,
    CustodyView,
    ExplanationView,
    FacilityBody,
    RecordChild,
    RunView,
    SponsorCaseView,
    StepBody,
    SubmitApplication,
)
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.services.custody import register_facility
from puente.children.services.unit_of_work import StoredRun
from puente.shared.db import utc_now
from puente.shared.errors import NotFound
from puente.web.access import guarded
from puente.web.access import shown as response_body
from puente.web.routing import ERRORS, engine_of
from puente.web.security import RequestIdentity, require

router = APIRouter(tags=["children"])
CustodyReader = Annotated[Gate, Depends(guarded(Permission.CUSTODY_READ))]
CustodyWriter = Annotated[Gate, Depends(guarded(Permission.CUSTODY_WRITE))]
Placer = Annotated[Gate, Depends(guarded(Permission.PLACEMENT_RUN))]
SponsorManager = Annotated[Gate, Depends(guarded(Permission.SPONSORS_MANAGE))]


@router.post("/custody/facilities", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def add_facility(
    body: FacilityBody,
    request: Request,
    _: Annotated[RequestIdentity, Depends(require(Permission.CUSTODY_WRITE))],
) -> FacilityBody:
    """A border custody facility (no personal data): its name, time zone and place."""
    register_facility(SqlChildrenUnitOfWork(engine_of(request)), body.facility())
    return body


@router.post(
    "/custody/records",
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
)
def record_child(body: RecordChild, request: Request, gate: CustodyWriter) -> CustodyView:
    """Record an unaccompanied child in border custody; the clock starts at the encounter."""
    record = gated.record_child(gate, engine_of(request), body.record())
    return _custody(gate, request, record.id)


@router.post("/custody/records/{record_id}/refer", responses=ERRORS)
def refer(record_id: UUID, request: Request, gate: CustodyWriter) -> CustodyView:
    """Refer the child to ORR for placement (contiguous-country children after screening)."""
    gated.refer(gate, engine_of(request), record_id, utc_now())
    return _custody(gate, request, record_id)


def _custody(gate: Gate, request: Request, record_id: UUID) -> CustodyView:
    shown = gated.custody_record(gate, engine_of(request), record_id, utc_now())
    return CustodyView.model_validate(response_body(shown))


@router.get("/custody/records/{record_id}", responses=ERRORS)
def get_custody_record(record_id: UUID, request: Request, gate: CustodyReader) -> CustodyView:
    """One child's custody record and clock; fields the caller may not see are null."""
    return _custody(gate, request, record_id)


@router.get("/custody/board", responses=ERRORS)
def custody_board(request: Request, gate: CustodyReader) -> Board:
    """Children in border custody, longest held first, with their clock's alert level."""
    shown = gated.board(gate, engine_of(request), utc_now())
    return Board(children=[CustodyView.model_validate(response_body(s.view)) for s in shown])


EXPORT_COLUMNS = (
    "id",
    "facility",
    "status",
    "hours_in_custody",
    "level",
    "deadline_local",
    "age",
    "sex",
    "nationality",
    "special_needs",
)
SPONSOR_COLUMNS = ("sponsor_type", "state", "sponsor_name", "immigration_status")


@router.get("/custody/board.csv", responses=ERRORS, response_class=Response)
def export_board(request: Request, gate: CustodyReader) -> Response:
    """The board as CSV, one row per child and sponsor application, redacted like the API."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*EXPORT_COLUMNS, *(f"sponsor_{c}" for c in SPONSOR_COLUMNS)])
    for shown in gated.board(gate, engine_of(request), utc_now()):
        data = shown.view.data
        row = [_cell(data.get(c)) for c in EXPORT_COLUMNS]
        for sponsor in data.get("sponsors") or [{}]:
            writer.writerow([*row, *(_cell(sponsor.get(c)) for c in SPONSOR_COLUMNS)])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, list) else str(value)


@router.get("/placement/queue", responses=ERRORS)
def placement_queue(request: Request, gate: Placer) -> Board:
    """Children referred to ORR and waiting for a placement, longest held first."""
    shown = gated.queue(gate, engine_of(request), utc_now())
    return Board(children=[CustodyView.model_validate(response_body(s.view)) for s in shown])


@router.post("/placement/runs", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def run_placement(request: Request, gate: Placer) -> RunView:
    """Place the whole queue at once; explains each child and the beds that would clear it."""
    shown = gated.run_shown(gate, engine_of(request), utc_now())
    return run_view(shown.run, [response_body(e) for e in shown.explanations])


@router.get("/placement/runs/latest", responses=ERRORS)
def latest_run(request: Request, gate: Placer) -> RunView:
    """The organisation's last run, with the explanations of the children the caller may see."""
    found = gated.latest_run(gate, engine_of(request))
    if found is None:
        raise NotFound("placement run", "latest")
    return run_view(found.run, [response_body(e) for e in found.explanations])


def run_view(run: StoredRun, explanations: list[dict[str, Any]]) -> RunView:
    return RunView(
        id=run.id,
        at=run.at,
        queued=run.queued,
        placed=run.placed,
        seconds=run.seconds,
        explanations=[ExplanationView.model_validate(e) for e in explanations],
        beds_to_clear_queue=[
            BedsShort(
                setting=need.kind.value,
                pool=str(need.pool),
                needs=list(need.needs),
                tender_age=need.tender_age,
                beds=n,
            )
            for need, n in run.shortfall
        ],
    )


@router.post("/sponsor-applications", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def submit_application(
    body: SubmitApplication, request: Request, gate: SponsorManager
) -> SponsorCaseView:
    application = gated.submit(gate, engine_of(request), body.application())
    return _case(gate, request, application.id)


@router.get("/sponsor-applications/{application_id}", responses=ERRORS)
def get_application(
    application_id: UUID, request: Request, gate: SponsorManager
) -> SponsorCaseView:
    return _case(gate, request, application_id)


@router.post("/sponsor-applications/{application_id}/steps", responses=ERRORS)
def add_step(
    application_id: UUID, body: StepBody, request: Request, gate: SponsorManager
) -> SponsorCaseView:
    """A verification step, decision, release or post-release step; release is refused (409)
    until every check the application requires has passed."""
    gated.advance(gate, engine_of(request), application_id, body.state, body.at, body.note)
    return _case(gate, request, application_id)


def _case(gate: Gate, request: Request, application_id: UUID) -> SponsorCaseView:
    shown = gated.sponsor_case(gate, engine_of(request), application_id)
    return SponsorCaseView.model_validate(response_body(shown))
