"""Access commands: link and verify the audit chain."""

from __future__ import annotations

import typer
from rich.console import Console

from puente.access.adapters.keys import audit_key_from
from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.services.audit import chain, verify_log
from puente.settings import load_settings
from puente.shared.db import make_engine

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
console = Console()


@audit_app.command("chain")
def chain_command() -> None:
    """Link every pending audit event into the chain (the worker runs this continuously)."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    linked = chain(SqlAuditStore(engine), audit_key_from(settings))
    engine.dispose()
    console.print(f"[green]{linked} events linked into the audit chain[/green]")


@audit_app.command("verify")
def verify_command() -> None:
    """Check every entry: any edited, deleted, inserted or reordered entry is reported by place."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    report = verify_log(SqlAuditStore(engine), audit_key_from(settings))
    engine.dispose()
    for problem in report.problems:
        console.print(f"[red]entry {problem.sequence}: {problem.kind}[/red] — {problem.detail}")
    console.print(f"{report.entries} entries checked, {report.pending} waiting to be linked.")
    if report.problems:
        raise typer.Exit(1)
    console.print("[green]The audit chain is intact.[/green]")
