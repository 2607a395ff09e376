"""Staff pages of the entry context: the planner's capacity calendar and daily run, and the
port officer's check-in screen. Logged-in pages; every form carries the session's CSRF token.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.entry.adapters import planner_api
from puente.entry.adapters.api import (
    AuditedUow,
    Directory,
    Keys,
    UowFactory,
    check_in_shown,
    checked_in,
)
from puente.entry.adapters.dependencies import AuditedFactory
from puente.entry.adapters.registry_link import SqlPartyDirectory
from puente.entry.adapters.schemas import CapacityBody, CheckInOut, ClosureBody, RunBody
from puente.entry.domain.passes import PassClaims, verify_pass
from puente.entry.services import planning
from puente.shared.db import utc_now
from puente.shared.errors import IllegalTransition, InvalidInput, NotFound
from puente.web.access import guarded
from puente.web.templating import render

router = APIRouter(include_in_schema=False)
PlannerGate = Annotated[Gate, Depends(guarded(Permission.ENTRY_PLAN))]
OfficerGate = Annotated[Gate, Depends(guarded(Permission.ENTRY_CHECK_IN))]


def _plan_page(
    request: Request,
    uow: UowFactory,
    first: date,
    run: planner_api.RunOut | None = None,
    problem: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        "entry/plan.html",
        {
            "first": first,
            "ports": planner_api.calendar_days(uow(), first, 14),
            "run": run,
            "problem": problem,
            "tomorrow": utc_now().date() + timedelta(days=1),
        },
        status_code=422 if problem else 200,
    )


@router.get("/entry/plan", response_class=HTMLResponse)
def plan(
    request: Request, uow: UowFactory, _: PlannerGate, first: date | None = None
) -> HTMLResponse:
    return _plan_page(request, uow, first or utc_now().date())


@router.post("/entry/plan", response_class=HTMLResponse)
async def plan_action(
    request: Request, uow: UowFactory, audited: AuditedUow, gate: PlannerGate
) -> HTMLResponse:
    """One form per action: change capacity, close a port for a day, run a day's allocation."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    return await run_in_threadpool(_plan_action, request, uow, audited, gate, form)


def _plan_action(
    request: Request, uow: UowFactory, audited: AuditedFactory, gate: Gate, form: dict[str, str]
) -> HTMLResponse:
    action = form.get("action")
    first = utc_now().date()
    try:
        if action == "capacity":
            body = CapacityBody.model_validate(form)
            port = form.get("port", "")
            planning.set_capacity(uow(), port, body.day, body.persons, body.only_that_day)
            first = body.day
        elif action == "close":
            closure = ClosureBody.model_validate(form)
            planner_api.close_port(form.get("port", ""), closure, uow, audited, gate)
            first = closure.day
        elif action == "run":
            run_body = RunBody.model_validate({**form, "mpp_policy": bool(form.get("mpp_policy"))})
            return _plan_page(
                request, uow, run_body.day, planner_api.run(run_body, request, audited, gate)
            )
        else:
            raise InvalidInput.single("action", "unknown action")
    except (InvalidInput, NotFound, IllegalTransition, ValueError) as error:
        return _plan_page(request, uow, first, problem=str(error))
    return _plan_page(request, uow, first)


@router.get("/entry/check-in", response_class=HTMLResponse)
def check_in_page(request: Request, _: OfficerGate) -> HTMLResponse:
    return render(request, "entry/check_in.html", {"shown": None, "token": "", "problem": None})


@router.post("/entry/check-in", response_class=HTMLResponse)
async def check_in_action(
    request: Request,
    uow: UowFactory,
    audited: AuditedUow,
    directory: Directory,
    keys: Keys,
    gate: OfficerGate,
) -> HTMLResponse:
    """Verify the pass and show the party; with ``check_in`` set, also check them in."""
    form = await request.form()
    token = str(form.get("pass", "")).strip()
    context: dict[str, Any] = {"token": token, "shown": None, "problem": None}
    try:
        context["shown"] = await run_in_threadpool(
            _check_in,
            uow,
            audited,
            directory,
            gate,
            verify_pass(token, keys, utc_now()),
            "check_in" in form,
        )
    except (InvalidInput, NotFound, IllegalTransition) as error:
        context["problem"] = str(error)
        return render(request, "entry/check_in.html", context, status_code=422)
    return render(request, "entry/check_in.html", context)


def _check_in(
    uow: UowFactory,
    audited: AuditedFactory,
    directory: SqlPartyDirectory,
    gate: Gate,
    claims: PassClaims,
    arrive: bool,
) -> CheckInOut:
    if arrive:
        return checked_in(gate, uow, audited, directory, claims)
    return check_in_shown(gate, uow, directory, claims)[0]
