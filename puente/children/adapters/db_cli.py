"""``puente children`` commands on the operational database: placement over the stored queue
(as an API token's user, through the access gate) and the custody-clock alert sweep.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from puente.access.adapters.gates import token_gate
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Organisation
from puente.children.adapters import gated
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.services.custody import sweep_clock_alerts
from puente.children.services.placing import PlacementRun
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


def place_stored(token: str | None, now: datetime) -> PlacementRun:
    """Run placement over the referred queue and providers of the token user's organisation,
    through the access gate (it needs the placement permission, and is audited); print it."""
    engine = make_engine(load_settings().database_url)
    try:
        run = gated.run(token_gate(engine, token), engine, now)
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
