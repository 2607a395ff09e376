"""The ``puente`` command: database, server, demo, and each context's commands."""

from __future__ import annotations

import typer

from puente.cli_groups import export_app, import_app, keys_app

app = typer.Typer(
    help="Puente: orderly and humane processing at the US–Mexico border.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


def _register_commands() -> None:
    # Importing a context's cli module adds its commands to the shared groups; add new ones here.
    from puente import retention_cli
    from puente.access.adapters import cli as access_cli
    from puente.cases.adapters import cli as cases_cli
    from puente.children.adapters import cli as children_cli
    from puente.entry.adapters import cli as entry_cli
    from puente.identity.adapters import cli as identity_cli
    from puente.policy.adapters import cli as policy_cli
    from puente.registry.adapters import cli as registry_cli
    from puente.stats.adapters import cli as stats_cli
    from puente.synth import cli as synth_cli
    from puente.web import server_cli

    app.add_typer(server_cli.db_app, name="db")
    app.command("serve")(server_cli.serve)
    app.command("demo")(registry_cli.demo)
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
    app.add_typer(access_cli.audit_app, name="audit")
    app.add_typer(retention_cli.retention_app, name="retention")
    app.add_typer(keys_app, name="keys")
    app.add_typer(identity_cli.app, name="identity")
    app.add_typer(synth_cli.app, name="synth")
    app.add_typer(stats_cli.app, name="stats")
    app.add_typer(policy_cli.app, name="policy")
    app.add_typer(cases_cli.app, name="cases")
    app.add_typer(entry_cli.app, name="entry")
    app.add_typer(children_cli.app, name="children")


_register_commands()


def main() -> None:
    app()
