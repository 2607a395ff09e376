"""Commands that run the service: migrate the database and serve HTTP."""

from __future__ import annotations

from typing import Any

import typer
import uvicorn
from rich.console import Console

from puente.settings import Settings, load_settings
from puente.shared.db import make_engine
from puente.shared.migrations import pending_model_changes, upgrade

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
console = Console()


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("heads", help="Alembic revision")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine, revision)
    console.print(f"[green]Database at {revision}[/green]: {engine.url.render_as_string()}")
    engine.dispose()


@db_app.command("check")
def db_check() -> None:
    """Fail if the models have changes that no migration creates."""
    engine = make_engine(load_settings().database_url)
    changes = pending_model_changes(engine)
    engine.dispose()
    if changes:
        for change in changes:
            console.print(f"[red]not migrated:[/red] {change}")
        raise typer.Exit(1)
    console.print("[green]Models and migrations agree.[/green]")


def serve(
    host: str = typer.Option(None, help="Address to listen on (default from settings)"),
    port: int = typer.Option(None, help="Port (default from settings)"),
    workers: int = typer.Option(1, min=1, help="Worker processes"),
    migrate: bool = typer.Option(True, help="Apply migrations before serving"),
) -> None:
    """Serve the API and the pages."""
    settings = load_settings()
    if migrate:
        engine = make_engine(settings.database_url)
        upgrade(engine)
        engine.dispose()
    uvicorn.run("puente.web.app:create_app", **server_options(settings, host, port, workers))


def server_options(
    settings: Settings, host: str | None, port: int | None, workers: int
) -> dict[str, Any]:
    """uvicorn's options for the app: addresses from settings unless given, the proxies trusted
    to name the client (the self-service limiter counts per client), no access log. Without
    ``PUENTE_FORWARDED_ALLOW_IPS`` uvicorn decides the proxies (its ``FORWARDED_ALLOW_IPS``)."""
    options: dict[str, Any] = {
        "factory": True,
        "host": host or settings.host,
        "port": port or settings.port,
        "workers": workers,
        "log_level": "warning",
        "access_log": False,
    }
    if settings.forwarded_allow_ips is not None:
        options["forwarded_allow_ips"] = settings.forwarded_allow_ips
    return options
