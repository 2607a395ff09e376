"""Case pages: a case with its timeline, hearings and deadlines on their own clocks, and a
caseworker's queue; both show only what the access gate kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.cases.adapters.gated import change_case, show_case, show_queue
from puente.cases.domain.hearings import HearingOutcome
from puente.cases.domain.representation import Confidentiality
from puente.cases.domain.states import CaseState
from puente.cases.services.commands import AddNote
from puente.cases.services.records import add_note
from puente.web.access import guarded
from puente.web.routing import engine_of, keyring_of
from puente.web.security import CSRF_FIELD
from puente.web.templating import render

router = APIRouter(include_in_schema=False)

Reader = Annotated[Gate, Depends(guarded(Permission.CASES_READ))]
Writer = Annotated[Gate, Depends(guarded(Permission.CASES_WRITE))]

# English labels, translated by the cases catalogs.
STATE_LABELS = {
    CaseState.REGISTERED: "Registered",
    CaseState.ELIGIBILITY_CONFIRMED: "Eligibility confirmed",
    CaseState.WAITING_IN_MEXICO: "Waiting in Mexico",
    CaseState.PRESENTED_AT_PORT: "Presented at a port",
    CaseState.EXPELLED_TITLE_42: "Expelled under Title 42",
    CaseState.EXPEDITED_REMOVAL: "Expedited removal",
    CaseState.CREDIBLE_FEAR_INTERVIEW: "Credible-fear interview",
    CaseState.FEAR_POSITIVE: "Positive fear finding",
    CaseState.FEAR_NEGATIVE: "Negative fear finding",
    CaseState.IJ_FEAR_REVIEW: "Judge's review of the fear finding",
    CaseState.NTA_ISSUED: "Notice to Appear issued",
    CaseState.IN_COURT: "In immigration court",
    CaseState.MASTER_CALENDAR: "Master-calendar hearings",
    CaseState.MERITS_HEARING: "Merits hearing",
    CaseState.GRANTED: "Granted",
    CaseState.DENIED: "Denied",
    CaseState.WITHDRAWN: "Withdrawn",
    CaseState.TERMINATED: "Terminated",
    CaseState.IN_ABSENTIA_ORDER: "In-absentia order",
    CaseState.APPEAL_TO_BIA: "Appeal to the BIA",
    CaseState.REMOVED: "Removed",
    CaseState.FINAL: "Final",
}
KIND_LABELS = {
    "asylum_application": "Asylum application (I-589)",
    "bia_appeal": "Appeal to the BIA",
    "hearing_notice": "Notice of the first hearing",
    "ij_fear_review": "Judge's review of the fear finding",
    "master_calendar": "Master-calendar hearing",
    "merits": "Merits hearing",
    "credible_fear_review": "Credible-fear review",
}
OUTCOME_LABELS = {
    HearingOutcome.HELD: "Held",
    HearingOutcome.FAILED_TO_APPEAR: "Failed to appear",
    HearingOutcome.DECIDED: "Decided",
}
CONFIDENTIALITY_LABELS = {
    Confidentiality.CASE_TEAM: "Case team",
    Confidentiality.CONFIDENTIAL: "Confidential",
    Confidentiality.PRIVILEGED: "Privileged (attorney–client)",
}


def when(iso: str | None) -> str:
    """A stored instant on the clock it carries (the port's, the court's, the deadline's)."""
    if not iso:
        return "—"
    value = datetime.fromisoformat(iso)
    return value.strftime("%Y-%m-%d %H:%M ") + (value.tzname() or "")


def _labels() -> dict[str, Any]:
    return {
        "states": {k.value: v for k, v in STATE_LABELS.items()},
        "kinds": KIND_LABELS,
        "outcomes": {k.value: v for k, v in OUTCOME_LABELS.items()},
        "confidentiality": {k.value: v for k, v in CONFIDENTIALITY_LABELS.items()},
        "when": when,
    }


@router.get("/cases/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    gate: Reader,
    caseworker: str | None = None,
    days: int = 30,
    on: date | None = None,
) -> HTMLResponse:
    """What is due from now (or from the start of the day ``on``, UTC) for ``days``."""
    worker = caseworker or str(gate.principal.user_id)
    now = datetime.combine(on, time(0), UTC) if on else datetime.now(UTC)
    horizon = timedelta(days=min(max(days, 1), 366))
    found = show_queue(gate, engine_of(request), keyring_of(request), worker, now, horizon)
    return render(
        request,
        "cases/queue.html",
        {
            "caseworker": worker,
            "days": days,
            "on": on.isoformat() if on else "",
            "deadlines": [s.view.data for s in found.deadlines],
            "hearings": [s.view.data for s in found.hearings],
            **_labels(),
        },
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: UUID, request: Request, gate: Reader) -> HTMLResponse:
    page = show_case(gate, engine_of(request), keyring_of(request), case_id)
    return render(
        request,
        "cases/case.html",
        {
            "case": page.case.data,
            "hidden": page.case.removed,
            "notes": [n.view.data for n in page.notes],
            "can_write": Permission.CASES_WRITE in gate.principal.permissions,
            "csrf_field": CSRF_FIELD,
            "levels": list(Confidentiality),
            **_labels(),
        },
    )


@router.post("/cases/{case_id}/notes", response_model=None)
def add_note_page(
    case_id: UUID,
    request: Request,
    gate: Writer,
    text: Annotated[str, Form()],
    confidentiality: Annotated[Confidentiality, Form()],
) -> Response:
    engine = engine_of(request)
    command = AddNote(
        note_id=uuid4(),
        case_id=case_id,
        written_at=datetime.now(UTC),
        author=str(gate.principal.user_id),
        text=text,
        confidentiality=confidentiality,
    )
    change_case(
        gate,
        engine,
        keyring_of(request),
        Permission.CASES_WRITE,
        case_id,
        "case_note.add",
        lambda uow: add_note(uow, command),
        also=[command.note_id],
    )
    return RedirectResponse(f"/cases/{case_id}#notes", status_code=303)
