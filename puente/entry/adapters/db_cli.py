"""``puente entry`` commands on the database: ports, a request window, and the day's run
(sweep, then allocate), which a scheduler or worker runs once a day.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import typer
from rich.console import Console
from sqlalchemy import Engine

from puente.entry.adapters.keys import signer_from_secret
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.lottery import commitment_of
from puente.entry.domain.policy import DEFAULT_POLICY, MPP_POLICY, AllocationPolicy
from puente.entry.domain.ports import SOUTHWEST_PORTS
from puente.entry.domain.requests import RequestWindow
from puente.entry.services.allocating import RunOutcome, run_allocation
from puente.entry.services.lifecycle import sweep
from puente.entry.services.planning import add_ports, set_capacity
from puente.entry.services.requesting import open_window
from puente.settings import Settings, load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.errors import InvalidInput, NotFound

console = Console()


@dataclass(frozen=True)
class DailyRun:
    swept: int
    outcome: RunOutcome
    seconds: float


def daily_run(
    engine: Engine,
    settings: Settings,
    day: date,
    window_id: str,
    secret: str,
    policy: AllocationPolicy,
    beacon: str = "",
) -> DailyRun:
    """The worker job: end missed offers by the policy's rules, then allocate ``day``."""
    started = time.perf_counter()
    swept = sweep(SqlEntryUnitOfWork(engine), policy, utc_now())
    outcome = run_allocation(
        SqlEntryUnitOfWork(engine),
        window_id,
        day,
        secret,
        policy,
        signer_from_secret(settings.secret_key.get_secret_value()),
        utc_now(),
        beacon,
    )
    return DailyRun(len(swept), outcome, time.perf_counter() - started)


def allocate_command(
    day: datetime = typer.Option(..., "--day", formats=["%Y-%m-%d"], help="Appointment day."),
    window_id: str = typer.Option(..., "--window", help="The closed request window."),
    secret: str = typer.Option(
        ..., "--secret", envvar="PUENTE_ENTRY_SECRET", help="The window's revealed secret."
    ),
    beacon: str = typer.Option("", "--beacon", help="Public random value mixed into the seed."),
    mpp: bool = typer.Option(False, "--mpp", help="Use the MPP wind-down policy."),
) -> None:
    """Run one day's allocation on the database (PUENTE_DATABASE_URL): sweep missed offers,
    draw, offer appointments, explain every request, print the fairness report."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        run = daily_run(
            engine, settings, day.date(), window_id, secret, MPP_POLICY if mpp else DEFAULT_POLICY,
            beacon,
        )  # fmt: skip
    except (InvalidInput, NotFound) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from error
    finally:
        engine.dispose()
    record, report = run.outcome.record, run.outcome.report
    console.print(report.by_port.to_string(index=False))
    console.print(report.by_rule.to_string(index=False))
    console.print(
        f"{record.allocated:,} of {record.considered:,} requests allocated for "
        f"{record.day.isoformat()}; {run.swept} missed offers ended first; seed "
        f"{record.seed_hex[:16]}…; requests digest {record.requests_digest[:16]}…; "
        f"{run.seconds:.2f} s"
    )


def seed_ports_command(
    persons: int = typer.Option(100, "--persons", help="Persons a day at each port."),
    start: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day."),
) -> None:
    """Add the southwest-border ports with one capacity from a day on."""
    engine = make_engine(load_settings().database_url)
    add_ports(SqlEntryUnitOfWork(engine), SOUTHWEST_PORTS.values())
    for code in SOUTHWEST_PORTS:
        set_capacity(SqlEntryUnitOfWork(engine), code, start.date(), persons, False)
    engine.dispose()
    console.print(f"{len(SOUTHWEST_PORTS)} ports, {persons} persons a day from {start.date()}")


def open_window_command(
    window_id: str = typer.Option(..., "--id"),
    hours: float = typer.Option(23.0, "--hours", help="How long requests are taken, from now."),
    secret: str = typer.Option(..., "--secret", envvar="PUENTE_ENTRY_SECRET"),
) -> None:
    """Open a request window now; prints the commitment to publish before anyone asks."""
    engine = make_engine(load_settings().database_url)
    now = utc_now()
    window = RequestWindow(window_id, now, now + timedelta(hours=hours), commitment_of(secret))
    open_window(SqlEntryUnitOfWork(engine), window)
    engine.dispose()
    console.print(f"window {window_id} open until {window.closes_at.isoformat()}")
    console.print(f"commitment {window.commitment}")
