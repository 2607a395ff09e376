"""``puente cases …``: load synthetic cases, rebuild every case's state from the event log,
and show a caseworker's queue."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Engine, func, select

from puente.access.adapters.gates import token_gate
from puente.access.adapters.keys import keyring_from
from puente.cases.adapters.gated import show_queue
from puente.cases.adapters.store import tables as t
from puente.cases.adapters.store.bulk import bench_organisation, load_cases
from puente.cases.adapters.store.replay import replay_states
from puente.cases.adapters.synthetic import synthetic_cases
from puente.settings import load_settings
from puente.shared.db import make_engine
from puente.shared.errors import NotAuthenticated

app = typer.Typer(help="Asylum cases: load test data, replay, queues.", no_args_is_help=True)
out = Console()


def _engine() -> Engine:
    return make_engine(load_settings().database_url)


@app.command("load-synthetic")
def load_synthetic(
    cases: Annotated[int, typer.Option(min=1, help="How many cases.")] = 100_000,
    events_per_case: Annotated[int, typer.Option(min=1)] = 10,
    caseworkers: Annotated[int, typer.Option(min=1)] = 250,
    seed: Annotated[int, typer.Option()] = 6,
) -> None:
    """Store synthetic cases (legal random walks) with a person, a hearing and deadlines each,
    owned by a load-test organisation. COPY on PostgreSQL."""
    engine = _engine()
    owner = bench_organisation(engine)
    generated = synthetic_cases(cases, events_per_case, caseworkers, seed)
    with Progress(console=out, transient=True) as progress:
        task = progress.add_task("loading cases", total=cases)
        loaded = load_cases(engine, generated, owner, lambda n: progress.advance(task, n))
    out.print(f"loaded {loaded:,} cases, {loaded * events_per_case:,} events")


@app.command("states")
def states() -> None:
    """Rebuild every case's state from its events (checking each move) and count them; the
    stored state of each case must agree."""
    engine = _engine()
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(t.cases)) or 0
        stored = {
            row.id: row.state for row in connection.execute(select(t.cases.c.id, t.cases.c.state))
        }
    counts: Counter[str] = Counter()
    disagree = 0
    with Progress(console=out, transient=True) as progress:
        task = progress.add_task("replaying", total=total)
        for n, replayed in enumerate(replay_states(engine), start=1):
            counts[replayed.state.value] += 1
            disagree += stored.get(replayed.case_id) != replayed.state.value
            if n % 5_000 == 0:
                progress.update(task, completed=n)
    table = Table("state", "cases")
    for state, count in counts.most_common():
        table.add_row(state, f"{count:,}")
    out.print(table)
    out.print(
        f"{sum(counts.values()):,} cases with events; {disagree:,} disagree with the stored state"
    )
    if disagree:
        raise typer.Exit(code=1)


@app.command("queue")
def queue(
    caseworker: Annotated[str, typer.Option(help="The caseworker as recorded on the cases.")],
    token: Annotated[
        str | None,
        typer.Option(envvar="PUENTE_API_TOKEN", help="An API token of the user who asks"),
    ] = None,
    now: Annotated[datetime | None, typer.Option(help="From when (default: now, UTC).")] = None,
    days: Annotated[int, typer.Option(min=1, max=366)] = 30,
) -> None:
    """Open deadlines (overdue first) and hearings of a caseworker's cases, as the token's user
    may see them (read through the access gate, and audited)."""
    at = now or datetime.now(UTC)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        gate = token_gate(engine, token)
    except NotAuthenticated:
        out.print("[red]token: give a valid, unrevoked API token (--token or PUENTE_API_TOKEN)")
        raise typer.Exit(2) from None
    found = show_queue(gate, engine, keyring_from(settings), caseworker, at, timedelta(days=days))
    table = Table("due before", "last day", "deadline", "case")
    for d in (shown.view.data for shown in found.deadlines):
        table.add_row(d["due_at"], d["due_on"], d["kind"], d["case_id"])
    out.print(table)
    hearings = Table("hearing (court's time)", "kind", "court", "case")
    for h in (shown.view.data for shown in found.hearings):
        hearings.add_row(h["scheduled_at"], h["kind"], h["court_name"], h["case_id"])
    out.print(hearings)
