"""``puente policy …``: explain which policies applied on a date, list or end policies in a
table file, and replay past encounters under another table (what-if)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.table import Table

from puente.policy.adapters.documents import determination_json
from puente.policy.adapters.situations_csv import read_situations
from puente.policy.adapters.table_file import DEFAULT_TABLE, FileTableSource, save_table
from puente.policy.domain.facts import FACTS, Facts
from puente.policy.domain.rules import Determination
from puente.policy.domain.table import Citation
from puente.policy.domain.what_if import WhatIfReport
from puente.policy.services.replay import explain_situation, replay_under
from puente.shared.errors import InvalidInput, NotFound

app = typer.Typer(
    help="Dated policy: which rules applied on a date and why; what-if replays.",
    no_args_is_help=True,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

TableOption = Annotated[
    Path,
    typer.Option("--table", exists=True, dir_okay=False, help="Policy table file (JSON)."),
]


def _fail(error: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {error}")
    return typer.Exit(code=2)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(InvalidInput.single("tz", f"{name!r} is not an IANA time zone")) from None


def _cite(citation: Citation) -> str:
    return citation.text if citation.verified else f"{citation.text} (unverified)"


def _print_determination(found: Determination) -> None:
    out.print(f"At {found.at.isoformat()} (policy table {found.table_version})")
    out.print(f"Authority: [bold]{found.outcome.authority}[/bold] ({found.authority_policy})")
    out.print(f"Pathways: {', '.join(found.outcome.pathways) or 'none'}")
    table = Table()
    width = max((len(f.policy_id) for f in found.findings), default=6)
    table.add_column("policy", no_wrap=True, min_width=width)
    table.add_column("verdict", no_wrap=True)
    table.add_column("why")
    table.add_column("citations")
    for finding in found.findings:
        table.add_row(
            finding.policy_id,
            finding.verdict.value,
            finding.reason,
            "; ".join(_cite(c) for c in finding.citations),
        )
    out.print(table)


def _facts(unaccompanied: bool, port: bool, pairs: list[str]) -> Facts:
    given: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput.single("fact", f"{pair!r} is not NAME=VALUE")
        given[name.strip()] = value.strip()
    if unaccompanied:
        given["unaccompanied_child"] = True
    if port:
        given["encounter_kind"] = "port_presentation"
    return Facts.of(given)


@app.command()
def explain(
    on: Annotated[
        datetime, typer.Option("--date", formats=["%Y-%m-%d"], help="Day of the encounter.")
    ],
    at_time: Annotated[str, typer.Option("--time", help="Local time, HH:MM.")] = "12:00",
    tz: Annotated[str, typer.Option(help="IANA zone of the place.")] = "America/Tijuana",
    unaccompanied: Annotated[
        bool, typer.Option("--unaccompanied", help="An unaccompanied child.")
    ] = False,
    port: Annotated[
        bool, typer.Option("--port", help="Presented at a port of entry (not between ports).")
    ] = False,
    fact: Annotated[
        list[str] | None,
        typer.Option("--fact", help="Any other fact as NAME=VALUE; see --list-facts."),
    ] = None,
    list_facts: Annotated[
        bool, typer.Option("--list-facts", help="List the facts and exit.")
    ] = False,
    table: TableOption = DEFAULT_TABLE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Which policies applied to a person encountered on a date, and why, with citations."""
    if list_facts:
        for name, spec in FACTS.items():
            values = "yes/no" if spec.choices is None else "|".join(spec.choices)
            out.print(f"{name} ({values}, default {spec.default}): {spec.meaning}")
        return
    try:
        local = time.fromisoformat(at_time)
        when = datetime.combine(date(on.year, on.month, on.day), local, tzinfo=_zone(tz))
        found = explain_situation(
            FileTableSource(table), _facts(unaccompanied, port, fact or []), when
        )
    except (InvalidInput, ValueError) as error:
        raise _fail(error) from None
    if as_json:
        out.print_json(json.dumps(determination_json(found)))
    else:
        _print_determination(found)


@app.command("list")
def list_policies(table: TableOption = DEFAULT_TABLE) -> None:
    """The policies in a table with their effective windows."""
    try:
        loaded = FileTableSource(table).load()
    except InvalidInput as error:
        raise _fail(error) from None
    view = Table(title=f"policy table {loaded.version}")
    view.add_column("id", no_wrap=True, min_width=max(len(p.id) for p in loaded.policies))
    for column in ("kind", "from", "until", "name"):
        view.add_column(column)
    for p in loaded.policies:
        until = p.effective_until.isoformat() if p.effective_until else "(in effect)"
        view.add_row(p.id, p.kind.value, p.effective_from.isoformat(), until, p.name)
    out.print(view)


@app.command()
def end(
    policy_id: Annotated[str, typer.Option("--id", help="The policy to end.")],
    at: Annotated[
        str, typer.Option("--at", help="ISO time with offset, e.g. 2021-06-01T00:00-04:00.")
    ],
    output: Annotated[
        Path, typer.Option("--out", dir_okay=False, help="Where to write the new table.")
    ],
    version: Annotated[str, typer.Option(help="Version of the new table.")] = "",
    table: TableOption = DEFAULT_TABLE,
) -> None:
    """Write a copy of a table in which one policy ends at another time (for a what-if)."""
    try:
        ends = datetime.fromisoformat(at)
        if ends.tzinfo is None:
            raise InvalidInput.single("at", "needs an offset, e.g. 2021-06-01T00:00-04:00")
        loaded = FileTableSource(table).load()
        changed = loaded.ending(policy_id, ends, version or f"{loaded.version}+{policy_id}-ends")
    except (InvalidInput, NotFound, ValueError) as error:
        raise _fail(error) from None
    save_table(changed, output)
    out.print(f"wrote {output}: {policy_id} ends {ends.isoformat()} (version {changed.version})")


def _report_json(report: WhatIfReport) -> dict[str, Any]:
    return {
        "base_version": report.base_version,
        "other_version": report.other_version,
        "replayed": report.replayed,
        "changed": len(report.changes),
        "authority_moves": [
            {"from": a, "to": b, "count": n} for (a, b), n in report.authority_moves().items()
        ],
        "changes": [
            {
                "id": c.situation_id,
                "at": c.at.isoformat(),
                "before": {"authority": c.before.authority, "pathways": list(c.before.pathways)},
                "after": {"authority": c.after.authority, "pathways": list(c.after.pathways)},
            }
            for c in report.changes
        ],
    }


@app.command("what-if")
def what_if(
    other: Annotated[
        Path, typer.Option("--table", exists=True, dir_okay=False, help="The other table.")
    ],
    encounters: Annotated[
        Path,
        typer.Option(exists=True, dir_okay=False, help="CSV: id, at, [timezone], fact columns."),
    ],
    base: Annotated[
        Path, typer.Option(exists=True, dir_okay=False, help="The table actually applied.")
    ] = DEFAULT_TABLE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How past encounters would have been treated under another policy table."""
    try:
        situations = read_situations(encounters)
        report = replay_under(situations, FileTableSource(base), FileTableSource(other))
    except InvalidInput as error:
        raise _fail(error) from None
    if as_json:
        out.print_json(json.dumps(_report_json(report)))
        return
    out.print(
        f"Replayed {report.replayed} encounters: table {report.base_version} → "
        f"{report.other_version}; {len(report.changes)} would have been treated differently."
    )
    for (before, after), count in sorted(report.authority_moves().items(), key=str):
        out.print(f"  {before} → {after}: {count}")
    view = Table("id", "at", "before", "after")
    for change in report.changes:
        view.add_row(
            change.situation_id,
            change.at.isoformat(),
            f"{change.before.authority}: {', '.join(change.before.pathways)}",
            f"{change.after.authority}: {', '.join(change.after.pathways)}",
        )
    if report.changes:
        out.print(view)
