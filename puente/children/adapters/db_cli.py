"""``puente children`` commands on the operational database: placement over the stored queue
and the custody-clock alert sweep, both as one organisation and audited like the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.roles import Organisation
from puente.access.services.audit import record
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.adapters.views import CUSTODY_RECORD
from puente.children.services.custody import sweep_clock_alerts
from puente.children.services.placing import PlacementRun, run_placement
from puente.settings import load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.errors import NotFound

console = Console(width=120)


def _organisation(engine: Engine, name: str) -> Organisation:
    with SqlCredentialStore(engine) as store:
        found = store.organisation_named(name)
    if found is None:
        raise NotFound("organisation", name)
    return found


def _audit(
    engine: Engine, organisation: Organisation, action: str, ids: Iterable[UUID], at: datetime
) -> None:
    record(
        SqlAuditStore(engine),
        AuditEvent(
            at=at,
            actor="cli",
            organisation=str(organisation.id),
            purpose="own organisation",
            action=action,
            record_type=CUSTODY_RECORD,
            record_ids=tuple(str(i) for i in ids),
            outcome="done",
            source="cli",
        ),
    )


def place_stored(organisation_name: str, now: datetime) -> PlacementRun:
    """Run placement over the organisation's referred queue and its providers; print it."""
    engine = make_engine(load_settings().database_url)
    try:
        organisation = _organisation(engine, organisation_name)
        run = run_placement(SqlChildrenUnitOfWork(engine, organisation.id), now)
        _audit(engine, organisation, "placement.run", (UUID(c) for c in run.result.placed), now)
    finally:
        engine.dispose()
    queued = sum(len(u.members) for u in run.result.units)
    console.print(
        f"run {run.id}: placed {len(run.result.placed):,} of {queued:,} children in "
        f"{run.result.seconds:.2f} s; {len(run.alerts)} overcrowding alert(s)"
    )
    table = Table(title="More beds that would clear the queue")
    for column in ("setting", "beds for", "needs", "tender age", "beds"):
        table.add_column(column)
    for need, n in sorted(run.shortfall.items()):
        table.add_row(
            str(need.kind),
            str(need.pool),
            ", ".join(need.needs) or "-",
            str(need.tender_age),
            str(n),
        )
    console.print(table)
    return run


def sweep(organisation_name: str | None, now: datetime | None) -> int:
    """Queue every custody-clock alert now due and not sent before; returns how many."""
    engine = make_engine(load_settings().database_url)
    try:
        owner = _organisation(engine, organisation_name).id if organisation_name else None
        sent = sweep_clock_alerts(SqlChildrenUnitOfWork(engine, owner), now or utc_now())
    finally:
        engine.dispose()
    for item in sent:
        console.print(
            f"{item.alert.key} for {item.child_id} (due {item.alert.due_at:%Y-%m-%d %H:%M} UTC)"
        )
    console.print(f"{len(sent)} alert(s) queued")
    return len(sent)
