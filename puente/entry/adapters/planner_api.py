"""Entry API for planners: ports and the capacity calendar, closures, request windows, the
day's allocation run with its fairness report, the report over time, and the outage log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.entry.adapters.dependencies import (
    AuditedFactory,
    audited_entry_uow,
    entry_uow,
    signer_of,
)
from puente.entry.adapters.schemas import (
    ERRORS,
    CapacityBody,
    ClosureBody,
    OutageBody,
    OutageEndBody,
    PortBody,
    RunBody,
    WindowBody,
)
from puente.entry.domain.appointments import HOLDS_PLACE
from puente.entry.domain.outages import Outage, OutageKind
from puente.entry.domain.policy import DEFAULT_POLICY, MPP_POLICY
from puente.entry.domain.ports import CapacityCalendar, PortOfEntry
from puente.entry.domain.requests import RequestWindow
from puente.entry.services import lifecycle, outages, planning
from puente.entry.services.requesting import open_window
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.db import utc_now
from puente.web.access import guarded
from puente.web.security import RequestIdentity, require

if TYPE_CHECKING:
    import pandas as pd

router = APIRouter(prefix="/entry", tags=["entry planning"])
UowFactory = Annotated[Callable[[], EntryUnitOfWork], Depends(entry_uow)]
AuditedUow = Annotated[AuditedFactory, Depends(audited_entry_uow)]
Planner = Annotated[RequestIdentity, Depends(require(Permission.ENTRY_PLAN))]
PlannerGate = Annotated[Gate, Depends(guarded(Permission.ENTRY_PLAN))]


class PortDay(BaseModel):
    day: str
    capacity: int
    held: int
    closed: str | None


class PortOut(BaseModel):
    code: str
    name: str
    timezone: str
    days: list[PortDay]


class RunOut(BaseModel):
    day: str
    window_id: str
    commitment: str
    secret: str
    beacon: str
    seed_hex: str
    requests_digest: str
    allocated: int
    considered: int
    policy: dict[str, Any]
    report: dict[str, list[dict[str, Any]]]


class OutageOut(BaseModel):
    id: str
    component: str
    kind: str
    started_at: str
    ended_at: str | None
    description: str


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", date_format="iso"))
    return rows


def calendar_days(uow: EntryUnitOfWork, first: date, days: int) -> list[PortOut]:
    """Each port's capacity, persons already holding a place, and closures, day by day."""
    with uow:
        calendar: CapacityCalendar = uow.entry.calendar()
        held: dict[tuple[str, date], int] = {}
        for appointment in uow.entry.appointments_between(first, first + timedelta(days - 1)):
            if appointment.state in HOLDS_PLACE:
                key = (appointment.port, appointment.day)
                held[key] = held.get(key, 0) + appointment.party_size
    out = []
    for code, port_calendar in calendar.ports.items():
        port = port_calendar.port
        out.append(
            PortOut(
                code=code,
                name=port.name,
                timezone=port.timezone,
                days=[
                    PortDay(
                        day=d.isoformat(),
                        capacity=port_calendar.capacity(d),
                        held=held.get((code, d), 0),
                        closed=port_calendar.closures.get(d),
                    )
                    for d in (first + timedelta(i) for i in range(days))
                ],
            )
        )
    return out


@router.get("/calendar", responses=ERRORS)
def get_calendar(
    uow: UowFactory,
    _: Planner,
    first: date | None = None,
    days: Annotated[int, Query(ge=1, le=62)] = 14,
) -> list[PortOut]:
    return calendar_days(uow(), first or utc_now().date(), days)


@router.post("/ports", responses=ERRORS)
def add_port(body: PortBody, uow: UowFactory, _: Planner) -> list[PortOut]:
    port = PortOfEntry(body.code, body.name, body.timezone, body.opens, body.closes)
    planning.add_ports(uow(), [port])
    return calendar_days(uow(), utc_now().date(), 1)


@router.post("/ports/{code}/capacity", responses=ERRORS)
def set_capacity(code: str, body: CapacityBody, uow: UowFactory, _: Planner) -> list[PortOut]:
    planning.set_capacity(uow(), code, body.day, body.persons, body.only_that_day)
    return calendar_days(uow(), body.day, 1)


@router.post("/ports/{code}/closures", responses=ERRORS)
def close_port(
    code: str, body: ClosureBody, uow: UowFactory, audited: AuditedUow, gate: PlannerGate
) -> list[PortOut]:
    """Close a port for a day: its appointments are moved, first in line at the next run, and
    their people told in their language."""
    policy = DEFAULT_POLICY
    audit = gate.authorise_write(Permission.ENTRY_PLAN, "appointment", None, "entry.port.close")
    lifecycle.close_port(audited(audit)(), code, body.day, body.reason, policy, utc_now())
    return calendar_days(uow(), body.day, 1)


@router.post("/windows", status_code=201, responses=ERRORS)
def add_window(body: WindowBody, uow: UowFactory, identity: Planner) -> dict[str, str]:
    """Open a request window; the commitment (SHA-256 of the secret) is published now."""
    window = RequestWindow(
        body.id,
        body.opens_at,
        body.closes_at,
        body.commitment,
        identity.principal.organisation.id,
    )
    open_window(uow(), window)
    return {"id": window.id, "commitment": window.commitment}


@router.post("/runs", responses=ERRORS)
def run(body: RunBody, request: Request, audited: AuditedUow, gate: PlannerGate) -> RunOut:
    """Run one day's allocation: reveal the secret, draw, offer, explain to everyone."""
    # Allocation is pandas and NumPy: loaded by the first run, not when the app starts.
    from puente.entry.services import allocating

    policy = MPP_POLICY if body.mpp_policy else DEFAULT_POLICY
    audit = gate.authorise_write(Permission.ENTRY_PLAN, "appointment", None, "entry.allocate")
    outcome = allocating.run_allocation(
        audited(audit)(),
        body.window_id,
        body.day,
        body.secret,
        policy,
        signer_of(request.app.state),
        utc_now(),
        body.beacon,
    )
    record = asdict(outcome.record)
    report = outcome.report
    return RunOut(
        **{**record, "day": record["day"].isoformat()},
        report={
            "by_rule": records(report.by_rule),
            "by_port": records(report.by_port),
            "by_group": records(report.by_group),
        },
    )


@router.get("/fairness", responses=ERRORS)
def fairness(
    uow: UowFactory, _: Planner, first: date, last: date
) -> dict[str, list[dict[str, Any]]]:
    """The fairness report over a period: waits and no-show rates by group, and by week."""
    from puente.entry.services import reporting  # pandas, as for runs

    report = reporting.fairness_over_time(uow(), first, last)
    return {"by_group": records(report.by_group), "by_week": records(report.by_week)}


def outage_out(outage: Outage) -> OutageOut:
    return OutageOut(
        id=str(outage.id),
        component=outage.component,
        kind=outage.kind.value,
        started_at=outage.started_at.isoformat(),
        ended_at=outage.ended_at.isoformat() if outage.ended_at else None,
        description=outage.description,
    )


@router.post("/outages", status_code=201, responses=ERRORS)
def start_outage(body: OutageBody, uow: UowFactory, _: Planner) -> OutageOut:
    """Record that a component is down, in maintenance or degraded, from now or a given time."""
    at = body.started_at or utc_now()
    kind = OutageKind(body.kind)
    return outage_out(outages.start_outage(uow(), body.component, kind, body.description, at))


@router.post("/outages/{outage_id}/end", responses=ERRORS)
def end_outage(outage_id: UUID, body: OutageEndBody, uow: UowFactory, _: Planner) -> OutageOut:
    return outage_out(outages.end_outage(uow(), outage_id, body.ended_at or utc_now()))
