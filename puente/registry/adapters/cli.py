"""Registry commands: import and export registrations, and the demo."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Engine

from puente.access.adapters.demo import (
    DEMO_PASSWORD,
    DEMO_REGISTRAR,
    demo_principal,
    seed_demo_access,
    seed_demo_consent,
)
from puente.access.adapters.gates import CLI_SOURCE, sql_gate, token_gate
from puente.access.adapters.keys import keyring_from
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.cli_groups import export_app, import_app, keys_app
from puente.registry.adapters.exporter import export_registrations
from puente.registry.adapters.importer import ImportReport, import_registrations
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork, audited_factory
from puente.registry.services.protection import shred_person
from puente.registry.services.queries import person_owner
from puente.settings import load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.errors import Forbidden, NotAuthenticated, NotFound
from puente.shared.migrations import upgrade

console = Console()


def _gate_or_exit(engine: Engine, token: str | None) -> Gate:
    try:
        return token_gate(engine, token)
    except NotAuthenticated:
        console.print("[red]token: give a valid, unrevoked API token (--token or PUENTE_API_TOKEN)")
        raise typer.Exit(2) from None


def _print_report(report: ImportReport) -> None:
    console.print(
        f"[green]{report.registered} registrations ({report.people} people) imported[/green], "
        f"{report.already_present} already present, [red]{len(report.rejected)} problems[/red]"
    )
    if report.rejected:
        table = Table("line", "field", "reason", title="Rejected rows")
        for row in report.rejected:
            table.add_row(str(row.line), row.field, row.reason)
        console.print(table)


TOKEN_OPTION = typer.Option(
    None,
    envvar="PUENTE_API_TOKEN",
    help="An API token of the user the command acts as (or PUENTE_API_TOKEN)",
)


@import_app.command("registrations")
def import_registrations_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file"),
    imported_by: str = typer.Option("import", help="Recorded as who registered the people"),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Import registrations for the token's organisation; bad rows are listed with the reason."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    gate = _gate_or_exit(engine, token)
    total = sum(1 for _ in file.open(encoding="utf-8-sig")) - 1 if file.suffix == ".csv" else None
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Importing", total=total)
        report = import_registrations(
            audited_factory(engine, keyring_from(settings)),
            gate,
            file,
            utc_now(),
            imported_by,
            progress=lambda rows: progress.advance(task, rows),
        )
    engine.dispose()
    _print_report(report)
    if report.rejected:
        raise typer.Exit(1)


@export_app.command("registrations")
def export_registrations_command(
    output: Path = typer.Argument(..., dir_okay=False, help="A .csv or .xlsx file to write"),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Export the registrations the token's user may see, in the layout the importer reads.

    Columns the user may not see are left empty; the export is recorded in the audit log.
    """
    settings = load_settings()
    engine = make_engine(settings.database_url)
    gate = _gate_or_exit(engine, token)
    uow = partial(SqlRegistryUnitOfWork, engine, keyring_from(settings))
    count = export_registrations(uow, gate, output)
    engine.dispose()
    console.print(f"[green]{count} rows written to {output}[/green]")


@keys_app.command("shred")
def shred_command(
    person_id: UUID = typer.Argument(..., help="The person whose sealed data is destroyed"),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Crypto-shred a person: their phones, documents and addresses become unreadable for good.

    Names, registrations and history stay. Needs a token whose role manages subject rights.
    """
    settings = load_settings()
    engine = make_engine(settings.database_url)
    gate = _gate_or_exit(engine, token)
    keyring = keyring_from(settings)
    try:
        owner = person_owner(partial(SqlRegistryUnitOfWork, engine, keyring), person_id)
        audit = gate.authorise_write(
            Permission.SUBJECT_RIGHTS, "person", owner, "shred person", person_id
        )
        shredded = shred_person(audited_factory(engine, keyring)(audit), person_id)
    except (Forbidden, NotFound):
        console.print(f"[red]person {person_id}: not found, or not yours to shred[/red]")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(
        f"[green]person {person_id}: data key destroyed[/green]"
        if shredded
        else f"person {person_id}: the data key was already gone"
    )


DEMO_DATABASE = Path("var/demo.db")
DEMO_PEOPLE = 400


def demo(
    port: int = typer.Option(8000, help="Port to serve the demo on"),
    people: int = typer.Option(DEMO_PEOPLE, help="Synthetic people to load"),
) -> None:
    """Migrate a SQLite database under var/, load synthetic registrations, and serve."""
    from puente.synth import generate_population, write_population
    from puente.web.server_cli import serve

    DEMO_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{DEMO_DATABASE}"
    os.environ["PUENTE_DATABASE_URL"] = database_url
    engine = make_engine(database_url)
    upgrade(engine)
    records_path = DEMO_DATABASE.parent / "demo-records.csv"
    write_population(
        generate_population(people=people, seed=2021),
        records_path,
        DEMO_DATABASE.parent / "demo-truth.csv",
    )
    keyring = keyring_from(load_settings())
    accounts = seed_demo_access(engine, keyring, utc_now())
    registrar = demo_principal(engine, DEMO_REGISTRAR)
    report = import_registrations(
        audited_factory(engine, keyring),
        sql_gate(engine, registrar, CLI_SOURCE),
        records_path,
        utc_now(),
        "demo",
    )
    seed_demo_consent(engine, utc_now())
    engine.dispose()
    _print_report(report)
    console.print(f"\n[bold]Puente demo[/bold] at [link]http://127.0.0.1:{port}/[/link]")
    console.print("Register a family at /register; the API is documented at /api/v1/docs.")
    if accounts:
        table = Table(title=f"Demo log-ins at /login, password {DEMO_PASSWORD!r}")
        for column in ("user", "organisation", "role"):
            table.add_column(column)
        # The secret goes into an authenticator app, so it must be shown whole.
        table.add_column("authenticator secret (TOTP)", overflow="fold", min_width=32)
        for account in accounts:
            table.add_row(
                account.username,
                account.organisation,
                account.role.value,
                account.totp_secret or "—",
            )
        console.print(table)
    console.print(
        f"The synthetic registrations belong to {registrar.organisation.name}; see the README"
        " for who sees what.\n"
    )
    serve(host="127.0.0.1", port=port, workers=1, migrate=False)
