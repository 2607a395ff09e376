"""Access commands: link and verify the audit chain, rotate the key-encryption key."""

from __future__ import annotations

from functools import partial

import typer
from rich.console import Console
from rich.progress import Progress

from puente.access.adapters.keys import audit_key_from, keyring_from
from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.services.audit import chain, verify_log
from puente.access.services.person_keys import rewrap_all
from puente.cli_groups import keys_app
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


@keys_app.command("rotate")
def rotate_command(
    batch: int = typer.Option(1000, min=1, help="Data keys re-wrapped per transaction"),
) -> None:
    """Re-wrap every person's data key under the newest version in PUENTE_KEYRING.

    Add the new version to PUENTE_KEYRING first (keep the old ones) and restart the servers;
    they read both versions, so nothing stops while this runs. Remove an old version only after.
    """
    settings = load_settings()
    keyring = keyring_from(settings)
    engine = make_engine(settings.database_url)
    with SqlPersonKeyStore(engine) as store:
        total = store.count_older_than(keyring.current)
    with Progress(console=console) as progress:
        task = progress.add_task(f"Re-wrapping under key version {keyring.current}", total=total)
        done = rewrap_all(
            partial(SqlPersonKeyStore, engine),
            keyring,
            batch,
            progress=lambda rewrapped: progress.advance(task, rewrapped),
        )
    engine.dispose()
    console.print(f"[green]{done} data keys now wrapped by key version {keyring.current}[/green]")
