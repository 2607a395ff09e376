"""Retention commands: review what the rules make due (a dry run), apply it, hold and release.

Commands act as the user of the API token they are given: a system admin reviews and applies,
staff with subject rights of the holding organisation place and lift legal holds. They live in
the composition root because a run spans every context's records of people.
"""

from __future__ import annotations

import json
import tomllib
from functools import partial
from pathlib import Path
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import Engine

from puente.access import adapters as access_adapters
from puente.access.adapters.gates import CLI_SOURCE, token_gate
from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.subject_store import audited_subject_uow
from puente.access.domain.retention import RetentionReport, RetentionRule, rules_from
from puente.access.services.guard import Gate
from puente.access.services.retention_run import apply_report, review_now
from puente.access.services.subject_rights import set_legal_hold
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.queries import person_owner
from puente.retention import retention_uow
from puente.settings import load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound

retention_app = typer.Typer(
    help="Retention: delete or anonymise what is past its purpose.", no_args_is_help=True
)
console = Console()
DEFAULT_RULES = Path(access_adapters.__file__).with_name("retention_rules.toml")
RULES_OPTION = typer.Option(DEFAULT_RULES, help="Rules as a .toml or .json file")
TOKEN_OPTION = typer.Option(None, envvar="PUENTE_API_TOKEN", help="API token (or PUENTE_API_TOKEN)")


def load_rules(path: Path) -> list[RetentionRule]:
    text = path.read_text(encoding="utf-8")
    return rules_from(tomllib.loads(text) if path.suffix == ".toml" else json.loads(text))


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(code)


def _problems(error: InvalidInput) -> str:
    return "; ".join(f"{p.field}: {p.message}" for p in error.problems)


def _rules(path: Path) -> list[RetentionRule]:
    try:
        return load_rules(path)
    except (OSError, ValueError) as error:
        raise _fail(f"{path}: {error}") from None
    except InvalidInput as error:
        raise _fail(f"{path}: {_problems(error)}") from None


def _gate(engine: Engine, token: str | None) -> Gate:
    try:
        return token_gate(engine, token)
    except NotAuthenticated:
        raise _fail("give a valid, unrevoked API token (--token or PUENTE_API_TOKEN)") from None


def _review(engine: Engine, gate: Gate, rules: list[RetentionRule]) -> RetentionReport:
    try:
        return review_now(retention_uow(engine), gate.principal, rules, utc_now())
    except (Forbidden, InvalidInput) as error:
        raise _fail(
            str(error.problems) if isinstance(error, InvalidInput) else str(error)
        ) from None


def print_report(report: RetentionReport, rules: list[RetentionRule]) -> None:
    table = Table("record type", "rule", "action", "due", title="Retention review")
    counts = report.counts()
    for rule in rules:
        due = counts.get((rule.record_type, rule.action), 0)
        table.add_row(rule.record_type, rule.reason, rule.action.value, str(due))
    console.print(table)
    console.print(
        f"{len(report.actions())} people would be changed; "
        f"{report.held} past their time are kept under a legal hold."
    )


@retention_app.command("review")
def review_command(rules: Path = RULES_OPTION, token: str | None = TOKEN_OPTION) -> None:
    """The dry run: what would be deleted or anonymised, by record type and rule."""
    engine = make_engine(load_settings().database_url)
    loaded = _rules(rules)
    print_report(_review(engine, _gate(engine, token), loaded), loaded)
    engine.dispose()


@retention_app.command("apply")
def apply_command(
    yes: bool = typer.Option(False, "--yes", help="Confirm: this cannot be undone"),
    rules: Path = RULES_OPTION,
    batch: int = typer.Option(500, min=1, help="People per transaction"),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Delete or anonymise what the review lists, in audited batches; re-running changes nothing."""
    engine = make_engine(load_settings().database_url)
    loaded = _rules(rules)
    gate = _gate(engine, token)
    report = _review(engine, gate, loaded)
    print_report(report, loaded)
    if not yes:
        raise _fail("nothing changed: add --yes to apply this review")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Applying", total=len(report.actions()))
        done = apply_report(
            retention_uow(engine),
            gate.principal,
            loaded,
            report,
            CLI_SOURCE,
            utc_now(),
            batch,
            lambda n: progress.advance(task, n),
        )
    engine.dispose()
    console.print(f"[green]{done.anonymised} anonymised, {done.deleted} deleted[/green]")


def _hold(person: UUID, reason: str | None, token: str | None) -> bool:
    engine = make_engine(load_settings().database_url)
    gate = _gate(engine, token)
    try:
        owner = person_owner(
            partial(SqlRegistryUnitOfWork, engine, keyring_from(load_settings())), person
        )
        return set_legal_hold(gate, audited_subject_uow(engine), owner, person, reason)
    except (NotFound, Forbidden) as error:
        raise _fail(str(error)) from None
    finally:
        engine.dispose()


@retention_app.command("hold")
def hold_command(
    person: UUID,
    reason: str = typer.Option(..., help="Why the records must be kept (case, appeal, court)"),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Keep a person's records out of every retention action until the hold is lifted."""
    placed = _hold(person, reason, token)
    console.print("legal hold placed" if placed else "a legal hold was already in place")


@retention_app.command("release")
def release_command(person: UUID, token: str | None = TOKEN_OPTION) -> None:
    """Lift a person's legal hold: retention rules apply to them again."""
    lifted = _hold(person, None, token)
    console.print("legal hold lifted" if lifted else "there was no legal hold")
