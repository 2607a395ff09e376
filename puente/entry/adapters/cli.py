"""``puente entry …``: the day's run on the database or on files, the MPP wind-down simulation,
test files, pass keys.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from puente.entry.adapters import db_cli
from puente.entry.adapters.files import (
    passes_frame,
    read_capacity,
    read_requests,
    requests_frame,
    write_run,
)
from puente.entry.adapters.keys import load_public_keys, load_signer, write_keypair
from puente.entry.domain.allocation import allocate
from puente.entry.domain.explanation_table import explanation_table
from puente.entry.domain.fairness import run_report
from puente.entry.domain.lottery import (
    commitment_of,
    draw_seed,
    requests_digest,
    verify_reveal,
)
from puente.entry.domain.passes import verify_pass
from puente.entry.domain.policy import DEFAULT_POLICY, MPP_POLICY, AllocationPolicy
from puente.entry.services.population import PORT_DEMAND, synthetic_requests
from puente.entry.services.simulation import MppScenario, simulate_mpp
from puente.shared.errors import InvalidInput

app = typer.Typer(
    help="Orderly entry: allocation runs on files and the MPP wind-down simulation.",
    no_args_is_help=True,
)
console = Console()
app.command("allocate")(db_cli.allocate_command)
app.command("seed-ports")(db_cli.seed_ports_command)
app.command("open-window")(db_cli.open_window_command)


def _table(frame: pd.DataFrame, title: str) -> Table:
    table = Table(*[str(c) for c in frame.columns], title=title)
    for row in frame.itertuples(index=False):
        table.add_row(*[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row])
    return table


def _fail(error: InvalidInput) -> typer.Exit:
    console.print(f"[red]{error}[/red]")
    return typer.Exit(code=2)


@app.command("policy")
def show_policy(mpp: bool = typer.Option(False, "--mpp", help="The MPP wind-down policy.")) -> None:
    """Print a published policy as JSON (the format --policy reads)."""
    typer.echo(json.dumps((MPP_POLICY if mpp else DEFAULT_POLICY).to_dict(), indent=2))


@app.command("allocate-files")
def allocate_files_command(
    requests: Path = typer.Option(..., "--requests", exists=True, dir_okay=False),
    capacity: Path = typer.Option(..., "--capacity", exists=True, dir_okay=False),
    secret: str = typer.Option(..., "--commitment", help="The revealed secret of the window."),
    day: datetime = typer.Option(..., "--date", formats=["%Y-%m-%d"], help="Appointment day."),
    expect: str | None = typer.Option(
        None, "--expect-commitment", help="The SHA-256 published before the window; checked."
    ),
    policy_file: Path | None = typer.Option(None, "--policy", exists=True, dir_okay=False),
    beacon: str = typer.Option("", "--beacon", help="Public random value mixed into the seed."),
    out: Path = typer.Option(Path("entry-run"), "--out", help="Directory for the results."),
    signing_key: Path | None = typer.Option(
        None, "--signing-key", exists=True, dir_okay=False, help="Also write signed passes."
    ),
) -> None:
    """Allocate one day's capacity to the open requests; write appointments, explanations and
    the fairness report (and passes, given a signing key)."""
    started = time.perf_counter()
    on = day.date()
    try:
        if expect is not None:
            verify_reveal(secret, expect)
        policy = (
            AllocationPolicy.from_dict(json.loads(policy_file.read_text()))
            if policy_file
            else DEFAULT_POLICY
        )
        ports, persons = read_capacity(capacity, on)
        batch = read_requests(requests, ports)
        signer = load_signer(signing_key) if signing_key else None
    except InvalidInput as error:
        raise _fail(error) from error
    read = time.perf_counter()
    seed = draw_seed(secret, on, beacon)
    allocation = allocate(batch, ports, persons, on, policy, seed)
    report = run_report(batch, allocation)
    explanations = explanation_table(batch, allocation)
    allocated = time.perf_counter()
    run = {
        "day": on.isoformat(),
        "commitment": commitment_of(secret),
        "secret": secret,
        "beacon": beacon,
        "seed": seed.hex(),
        "requests_digest": requests_digest(batch.request_ids.tolist()),
        "policy": policy.to_dict(),
        "requests": len(batch),
        "allocated_requests": int(allocation.allocated.sum()),
        "allocated_persons": int(allocation.persons_by_port(batch.party_size).sum()),
        "ran_at": datetime.now(UTC).isoformat(),
    }
    write_run(out, batch, allocation, explanations, report, run)
    if signer is not None:
        try:
            passes = passes_frame(batch, allocation, signer, datetime.now(UTC))
        except InvalidInput as error:
            raise _fail(error) from error
        passes.to_parquet(out / "passes.parquet", index=False)
    console.print(_table(report.by_port, f"Ports on {on.isoformat()}"))
    console.print(_table(report.by_rule, "Persons placed by rule"))
    console.print(
        f"{run['allocated_requests']:,} of {len(batch):,} requests "
        f"({run['allocated_persons']:,} persons) allocated; seed {seed.hex()[:16]}…; "
        f"read {read - started:.2f} s, allocated and explained {allocated - read:.2f} s → {out}"
    )


@app.command("keygen")
def keygen(
    out: Path = typer.Option(Path("entry-keys"), "--out", help="Directory for the key files."),
) -> None:
    """Make a pass-signing key: keep the .pem secret, give the public file to officers' devices."""
    private, public = out / "pass-signing-key.pem", out / "pass-public-keys.txt"
    try:
        signer = write_keypair(private, public)
    except FileExistsError:
        console.print(f"[red]{private} exists; a signing key is never overwritten[/red]")
        raise typer.Exit(code=2) from None
    console.print(f"key {signer.key_id.hex()}: {private} (secret), {public} (public)")


@app.command("verify-pass")
def verify_pass_command(
    token: str = typer.Argument(..., help="The pass, as scanned (PE1.…)."),
    public_keys: list[Path] = typer.Option(..., "--public-keys", exists=True, dir_okay=False),
    at: datetime | None = typer.Option(
        None, "--at", help="Check as of this UTC time (default now)."
    ),
) -> None:
    """Verify a pass offline with the public keys; print what it says or why it is refused."""
    now = at if at and at.tzinfo else (at or datetime.now(UTC)).replace(tzinfo=UTC)
    try:
        claims = verify_pass(token, load_public_keys(public_keys), now)
    except InvalidInput as error:
        raise _fail(error) from error
    console.print(
        f"valid: appointment {claims.appointment_id}, port {claims.port}, "
        f"{claims.day.isoformat()}, party of {claims.party_size}, "
        f"expires {claims.expires_at.isoformat()} (key {claims.key_id})"
    )


@app.command("make-requests")
def make_requests(
    count: int = typer.Option(10_000, "--count", min=1, help="Number of open requests."),
    day: datetime = typer.Option(..., "--date", formats=["%Y-%m-%d"], help="The run's day."),
    seed: int = typer.Option(0, "--seed"),
    persons_per_port: int = typer.Option(160, "--persons-per-port", min=0),
    out: Path = typer.Option(Path("entry-files"), "--out"),
) -> None:
    """Write synthetic requests.parquet and capacity.csv (nine southwest ports) to try allocate."""
    out.mkdir(parents=True, exist_ok=True)
    ports = tuple(code for code, _ in PORT_DEMAND)
    batch = synthetic_requests(count, seed, np.datetime64(day.date().isoformat()), ports)
    requests_frame(batch, ports, "America/Tijuana").to_parquet(out / "requests.parquet")
    pd.DataFrame({"port": ports, "persons": persons_per_port}).to_csv(
        out / "capacity.csv", index=False
    )
    console.print(f"{len(batch):,} requests → {out / 'requests.parquet'}, {out / 'capacity.csv'}")


@app.command("simulate-mpp")
def simulate_mpp_command(
    people: int = typer.Option(25_000, "--people", min=100),
    seed: int = typer.Option(2021, "--seed"),
    any_port: bool = typer.Option(
        False, "--any-port", help="Parties may be sent to another port when theirs is empty."
    ),
    out: Path | None = typer.Option(None, "--out", help="Also write the tables as CSV here."),
) -> None:
    """Simulate the MPP wind-down (Feb 2021): three ports ramping to 100 persons a day each."""
    result = simulate_mpp(MppScenario(people=people, seed=seed, any_port=any_port))
    daily = result.daily
    weekly = daily.groupby(pd.to_datetime(daily["day"]).dt.to_period("W").astype(str)).agg(
        capacity=("capacity", "sum"),
        entered=("entered", "sum"),
        cumulative=("cumulative", "last"),
        open_persons=("open_persons", "last"),
    )
    console.print(_table(weekly.reset_index(names="week"), "Entries by week"))
    console.print(_table(result.order, "Order of entry (day 1 = 19 Feb 2021)"))
    console.print(_table(result.by_rule, "Persons by rule"))
    wanted = ["dimension", "group", "requests", "persons", "wait_median_days", "wait_p90_days"]
    console.print(_table(result.waits[wanted], "Days from sign-up to entry, by group"))
    backlog = result.backlog_cleared_on
    console.print(
        f"{int(daily['entered'].sum()):,} people entered; backlog cleared on "
        f"{backlog.isoformat() if backlog else '—'} (day {result.days_from_start(backlog)}), "
        f"last entry {result.cleared_on.isoformat() if result.cleared_on else '—'} "
        f"(late sign-ups); entered by 31 Mar: {result.entered_by[date(2021, 3, 31)]:,}, "
        f"by 31 May: {result.entered_by[date(2021, 5, 31)]:,} (reported: ~11,200 by late May)"
    )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        daily.to_csv(out / "daily.csv", index=False)
        result.waits.to_csv(out / "waits.csv", index=False)
        result.order.to_csv(out / "order.csv", index=False)
        result.by_rule.to_csv(out / "by_rule.csv", index=False)
