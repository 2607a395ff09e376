"""Custody, placement and sponsor reads and writes through the caller's access gate: the one
path the API, the pages and the exports share, so they redact and audit alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate, Shown, WriteAudit
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.adapters.views import (
    CUSTODY_RECORD,
    CUSTODY_VIEW,
    EXPLANATION_VIEW,
    SPONSOR_APPLICATION,
    SPONSOR_VIEW,
    custody_view,
    explanation_view,
    protected,
    sponsor_view,
)
from puente.children.domain.custody import CustodyRecord, CustodyStatus
from puente.children.domain.sponsors import SponsorApplication, State
from puente.children.services import custody, placing, sponsors
from puente.children.services.placing import PlacementRun
from puente.children.services.unit_of_work import StoredRun
from puente.shared.errors import NotFound


def unit_of_work(
    engine: Engine, gate: Gate, audit: WriteAudit | None = None
) -> SqlChildrenUnitOfWork:
    """The caller's organisation owns what they add and scopes what they list; with ``audit``
    (an authorised write) the commit adds its audit entry to the same transaction."""
    hook = in_transaction(audit) if audit is not None else None
    return SqlChildrenUnitOfWork(engine, gate.principal.organisation.id, hook)


def board(
    gate: Gate,
    engine: Engine,
    now: datetime,
    status: CustodyStatus | None = None,
    permission: Permission = Permission.CUSTODY_READ,
) -> list[Shown]:
    """Children in border custody, longest held first (the clock's hours, then the id)."""
    with unit_of_work(engine, gate) as uow:
        records = uow.children.in_border_custody()
        if status is not None:
            records = [r for r in records if r.status is status]
        ids = [r.id for r in records]
        owners = uow.children.owners("custody_records", ids)
        applications = uow.children.applications_for(ids)
        items = [
            (
                protected(CUSTODY_RECORD, r.id, owners[r.id], r),
                custody_view(r, now, applications.get(r.id, [])),
            )
            for r in records
        ]
    items.sort(key=lambda item: (-item[1]["hours_in_custody"], item[1]["id"]))
    action = "custody.board" if status is None else f"custody.board.{status.value}"
    return gate.read_many(permission, items, CUSTODY_VIEW, action)


def custody_record(gate: Gate, engine: Engine, record_id: UUID, now: datetime) -> Redacted:
    with unit_of_work(engine, gate) as uow:
        record = uow.children.get_record(record_id)
        if record is None:
            raise NotFound(CUSTODY_RECORD, record_id)
        owner = uow.children.owners("custody_records", [record_id])[record_id]
        applications = uow.children.applications_for([record_id]).get(record_id, [])
        view = custody_view(record, now, applications)
    return gate.read(
        Permission.CUSTODY_READ,
        protected(CUSTODY_RECORD, record_id, owner, record),
        view,
        CUSTODY_VIEW,
        "custody.read",
    )


def record_child(gate: Gate, engine: Engine, record: CustodyRecord) -> CustodyRecord:
    audit = gate.authorise_write(Permission.CUSTODY_WRITE, CUSTODY_RECORD, None, "custody.record")
    custody.record_encounter(unit_of_work(engine, gate, audit), record)
    return record


def _owner(engine: Engine, gate: Gate, table: str, record_id: UUID) -> UUID:
    with unit_of_work(engine, gate) as uow:
        owner = uow.children.owners(table, [record_id]).get(record_id)
    if owner is None:
        raise NotFound(table, record_id)
    return owner


def change_record(
    gate: Gate,
    engine: Engine,
    record_id: UUID,
    action: str,
    change: Callable[[SqlChildrenUnitOfWork], CustodyRecord],
) -> CustodyRecord:
    owner = _owner(engine, gate, "custody_records", record_id)
    audit = gate.authorise_write(Permission.CUSTODY_WRITE, CUSTODY_RECORD, owner, action, record_id)
    return change(unit_of_work(engine, gate, audit))


def refer(gate: Gate, engine: Engine, record_id: UUID, at: datetime) -> CustodyRecord:
    return change_record(
        gate,
        engine,
        record_id,
        "custody.refer",
        lambda uow: custody.refer_to_orr(uow, record_id, at),
    )


# --- placement ------------------------------------------------------------------------------


def queue(gate: Gate, engine: Engine, now: datetime) -> list[Shown]:
    """The referred children waiting for a placement, longest held first."""
    return board(gate, engine, now, CustodyStatus.REFERRED, Permission.PLACEMENT_RUN)


@dataclass(frozen=True)
class ShownRun:
    """A stored run with the explanations of the children the caller may see, redacted."""

    run: StoredRun
    explanations: list[Redacted]


def run(gate: Gate, engine: Engine, now: datetime) -> PlacementRun:
    """Place the organisation's whole referred queue into its providers, in one transaction."""
    audit = gate.authorise_write(Permission.PLACEMENT_RUN, CUSTODY_RECORD, None, "placement.run")
    return placing.run_placement(unit_of_work(engine, gate, audit), now)


def run_shown(gate: Gate, engine: Engine, now: datetime) -> ShownRun:
    """``run``, answered with the explanations as the caller's role may see them (of its own
    organisation's children, which it just placed)."""
    stored = run(gate, engine, now).stored
    views = [gate.own_view(explanation_view(e), EXPLANATION_VIEW) for e in stored.explanations]
    return ShownRun(stored, views)


def latest_run(gate: Gate, engine: Engine) -> ShownRun | None:
    """The organisation's last run; each child's explanation is read through the gate."""
    with unit_of_work(engine, gate) as uow:
        stored = uow.children.latest_run()
        if stored is None:
            return None
        ids = [UUID(e.child_id) for e in stored.explanations]
        records = uow.children.get_records(ids)
        owners = uow.children.owners("custody_records", ids)
    items = [
        (protected(CUSTODY_RECORD, child, owners[child], records[child]), explanation_view(e))
        for e, child in zip(stored.explanations, ids, strict=True)
        if child in records
    ]
    shown = gate.read_many(Permission.PLACEMENT_RUN, items, EXPLANATION_VIEW, "placement.read")
    return ShownRun(stored, [s.view for s in shown])


# --- sponsors -------------------------------------------------------------------------------


def sponsor_case(gate: Gate, engine: Engine, application_id: UUID) -> Redacted:
    with unit_of_work(engine, gate) as uow:
        application = uow.children.get_application(application_id)
        child = uow.children.get_record(application.child_id) if application else None
        if application is None or child is None:
            raise NotFound(SPONSOR_APPLICATION, application_id)
        owner = uow.children.owners("sponsor_applications", [application_id])[application_id]
    return gate.read(
        Permission.SPONSORS_MANAGE,
        protected(SPONSOR_APPLICATION, application_id, owner, child),
        sponsor_view(application),
        SPONSOR_VIEW,
        "sponsor.read",
    )


def submit(gate: Gate, engine: Engine, application: SponsorApplication) -> SponsorApplication:
    audit = gate.authorise_write(
        Permission.SPONSORS_MANAGE, SPONSOR_APPLICATION, None, "sponsor.submit"
    )
    sponsors.submit_application(unit_of_work(engine, gate, audit), application)
    return application


def advance(
    gate: Gate, engine: Engine, application_id: UUID, target: State, at: datetime, note: str
) -> SponsorApplication:
    """One verification step, decision, release or post-release step, by the caller."""
    owner = _owner(engine, gate, "sponsor_applications", application_id)
    by = str(gate.principal.user_id)
    audit = gate.authorise_write(
        Permission.SPONSORS_MANAGE,
        SPONSOR_APPLICATION,
        owner,
        f"sponsor.{target.value}",
        application_id,
    )
    return sponsors.advance(unit_of_work(engine, gate, audit), application_id, target, at, by, note)
