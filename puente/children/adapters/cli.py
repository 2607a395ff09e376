"""``puente children``: import the HHS series, draw its charts, run the March 2021 scenario,
and place a queue of children into care providers from files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from puente.children.adapters import db_cli
from puente.children.adapters.chart_types import ChartFormat, ChartKind
from puente.children.adapters.files import read_providers, read_queue, write_explanations
from puente.children.adapters.hhs import ParsedFile, ProblemKind, parse
from puente.children.adapters.store.hhs import HhsStore, children_analytics_path
from puente.children.domain.explain import explain, shortfall
from puente.children.domain.optimiser import PlacementResult, place
from puente.children.domain.placement import PlacementRules, distance_km
from puente.children.services.flows import period_average_stay_days
from puente.children.services.scenario import ScenarioConfig, ScenarioSummary, run_scenario
from puente.settings import load_settings
from puente.shared.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound

app = typer.Typer(
    help="Unaccompanied children: HHS figures, scenario, placement.", no_args_is_help=True
)
console = Console(width=120)
DIRTY_FILE = "srinandhini1110_HHS_Unaccompanied_Alien_Children_Program.csv"


def _hhs_dir() -> Path:
    return load_settings().shared_data_dir / "hhs"


def _store(db: Path | None) -> HhsStore:
    return HhsStore(db or children_analytics_path(load_settings()))


def _ranges(lines: list[int]) -> str:
    """ "2–451, 460" from a sorted list of line numbers."""
    spans: list[tuple[int, int]] = []
    for line in lines:
        if spans and line == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], line)
        else:
            spans.append((line, line))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def _report(parsed: ParsedFile) -> None:
    by_kind: dict[ProblemKind, list[int]] = defaultdict(list)
    for problem in parsed.problems:
        by_kind[problem.kind].append(problem.line)
    table = Table(
        title=f"{parsed.source_name}: {len(parsed.rows)} rows loaded, "
        f"{len(parsed.held_out)} held out, {len(parsed.problems)} problems"
    )
    for column in ("problem", "rows", "lines", "example"):
        table.add_column(column, overflow="fold")
    for kind, lines in sorted(by_kind.items()):
        example = next(p for p in parsed.problems if p.kind is kind)
        table.add_row(
            kind.value,
            str(len(lines)),
            _ranges(sorted(set(lines))),
            f"line {example.line}: {example.detail}",
        )
    console.print(table)


@app.command("import-hhs")
def import_hhs(
    files: list[Path] = typer.Argument(None, help="HHS daily CSVs (default: both shared files)"),
    db: Path | None = typer.Option(None, help="DuckDB file (default: beside analytics_path)"),
    problems_out: Path | None = typer.Option(None, help="write every problem to this CSV"),
) -> None:
    """Import HHS daily figures, reporting every problem with its line."""
    paths = files or sorted(_hhs_dir().glob("*.csv"))
    store = _store(db)
    reports: list[dict[str, object]] = []
    for path in paths:
        parsed = parse(path)
        store.load(parsed)
        _report(parsed)
        reports.extend(
            {
                "source": parsed.source_name,
                "line": p.line,
                "kind": p.kind.value,
                "column": p.column,
                "detail": p.detail,
            }
            for p in parsed.problems
        )
    if problems_out:
        pd.DataFrame(reports).to_csv(problems_out, index=False)
    disagreements = store.disagreements()
    console.print(f"days on which two sources disagree: {len(disagreements)}")
    series = store.series()
    console.print(
        f"series: {len(series)} days, {series.index.min():%Y-%m-%d} to "
        f"{series.index.max():%Y-%m-%d}; in HHS care on 2021-04-11: "
        f"{series['in_hhs'].get(pd.Timestamp('2021-04-11'), 'n/a')}"
    )
    for system, start, end, unit, factor in (
        ("hhs", "2021-03-23", "2021-05-31", "days", 1),
        ("cbp", "2024-02-01", "2024-12-31", "hours", 24),
    ):
        stay = period_average_stay_days(series, system, start, end) * factor
        console.print(f"Little's law, {system.upper()} {start} to {end}: {stay:.1f} {unit}")


@app.command("chart")
def chart_command(
    kind: ChartKind = typer.Option(ChartKind.CUSTODY, help="custody or stay"),
    fmt: ChartFormat = typer.Option(ChartFormat.PNG, "--format"),
    out: Path = typer.Option(..., help="file to write"),
    db: Path | None = typer.Option(None),
) -> None:
    """Chart children in CBP custody and HHS care, or the average stay from the flows."""
    # Imported here so that matplotlib loads with the first chart, not with every command.
    from puente.children.adapters.charts import chart

    out.write_bytes(chart(_store(db).series(), kind, fmt))
    console.print(f"wrote {out}")


def _scenario_table(results: list[ScenarioSummary]) -> Table:
    table = Table(title="March 2021 scenario: hours in border custody of children transferred")
    for column in (
        "extra beds",
        "transferred",
        "mean h",
        "p90 h",
        "> 72 h",
        "in custody at end",
        "their mean h",
        "peak in custody",
    ):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            f"{r.extra_beds:,}",
            f"{r.transferred:,}",
            f"{r.mean_hours:.0f}",
            f"{r.p90_hours:.0f}",
            f"{r.share_over_72h:.0%}",
            f"{r.in_custody_at_end:,}",
            f"{r.mean_hours_at_end:.0f}",
            f"{max(r.daily_in_custody):,}",
        )
    return table


@app.command("scenario-march-2021")
def scenario_march_2021(
    extra_beds: int = typer.Option(0, min=0, help="licensed beds added from the first day"),
    days: int = typer.Option(21, min=1),
    extra_tender_share: float | None = typer.Option(
        None, min=0.0, max=1.0, help="share of extra beds for under-13s (default: arrival mix)"
    ),
    hhs_file: Path | None = typer.Option(None, help=f"HHS series (default: {DIRTY_FILE})"),
) -> None:
    """Run the backlog of late March 2021 through the optimiser, with and without extra beds."""
    parsed = parse(hhs_file or _hhs_dir() / DIRTY_FILE)
    history = pd.DataFrame([{"day": r.day, **r.values} for r in parsed.rows]).set_index("day")
    history.index = pd.to_datetime(history.index)
    config = ScenarioConfig(days=days)
    results = [run_scenario(history, config)]
    if extra_beds:
        results.append(
            run_scenario(
                history,
                ScenarioConfig(
                    days=days, extra_beds=extra_beds, extra_tender_share=extra_tender_share
                ),
            )
        )
    console.print(_scenario_table(results))
    for r in results:
        needed = ", ".join(f"{n} {k}" for k, n in r.shortfall.items()) or "none"
        console.print(f"extra {r.extra_beds:,}: beds that would clear the final queue: {needed}")


def summarise(result: PlacementResult) -> dict[str, float]:
    """Placed, siblings kept together, mean km and mean restrictiveness of a placement."""
    by_id = {p.id: p for p in result.providers}
    children = [c for u in result.units for c in u.members]
    km = [
        distance_km(
            c.latitude,
            c.longitude,
            by_id[result.placed[c.id]].latitude,
            by_id[result.placed[c.id]].longitude,
        )
        for c in children
        if c.id in result.placed
    ]
    groups: dict[str, set[str | None]] = defaultdict(set)
    for child in children:
        if child.sibling_group is not None:
            groups[child.sibling_group].add(result.placed.get(child.id))
    together = sum(1 for places in groups.values() if len(places) == 1 and None not in places)
    waiting = sum(1 for places in groups.values() if places == {None})
    return {
        "children": len(children),
        "placed": len(result.placed),
        "sibling_groups": len(groups),
        "groups_together": together,
        "groups_waiting": waiting,
        "groups_separated": len(groups) - together - waiting,
        "mean_km": mean(km) if km else 0.0,
        "mean_restrictiveness": mean(by_id[p].restrictiveness for p in result.placed.values())
        if result.placed
        else 0.0,
        "seconds": result.seconds,
    }


@app.command("place")
def place_command(
    queue: Path | None = typer.Option(None, help="children waiting (CSV); with --providers"),
    providers: Path | None = typer.Option(None, help="care providers' free beds (JSON)"),
    token: str | None = typer.Option(
        None,
        envvar="PUENTE_API_TOKEN",
        help="without files: place the stored queue of this API token user's organisation",
    ),
    now: str | None = typer.Option(None, help="clock time, ISO 8601 with offset (default: now)"),
    tender_age_below: int = typer.Option(13, help="tender age: under this age"),
    out: Path | None = typer.Option(None, help="write each child's explanation to this CSV"),
) -> None:
    """Place the whole queue at once and explain every placement and every child waiting:
    from files, or (``--token``) the referred children stored in the database."""
    try:
        moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
        if queue is None or providers is None:
            if token is None:
                raise InvalidInput.single("queue", "give --queue and --providers, or --token")
            run = db_cli.place_stored(token, moment)
            if out:
                write_explanations(out, run.explanations)
            return
        result = place(
            read_queue(queue, moment),
            read_providers(providers),
            PlacementRules(tender_age_below=tender_age_below),
        )
    except (InvalidInput, NotFound, NotAuthenticated, Forbidden, ValueError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from None
    figures = summarise(result)
    console.print(
        f"placed {figures['placed']:,} of {figures['children']:,} children in "
        f"{figures['seconds']:.2f} s; of {figures['sibling_groups']:,} sibling groups "
        f"{figures['groups_together']:,} placed together, {figures['groups_waiting']:,} waiting "
        f"together, {figures['groups_separated']:,} separated; "
        f"mean distance {figures['mean_km']:.0f} km; "
        f"mean restrictiveness {figures['mean_restrictiveness']:.2f}"
    )
    by_id = {p.id: p for p in result.providers}
    kinds = Counter(str(by_id[pid].kind) for pid in result.placed.values())
    console.print("by setting: " + ", ".join(f"{k} {n:,}" for k, n in kinds.most_common()))
    needed = shortfall(result)
    table = Table(title="More beds that would clear the queue")
    for column in ("setting", "beds for", "needs", "tender age", "beds"):
        table.add_column(column)
    for need, n in sorted(needed.items()):
        table.add_row(
            str(need.kind),
            str(need.pool),
            ", ".join(need.needs) or "-",
            "yes" if need.tender_age else "no",
            f"{n:,}",
        )
    console.print(table)
    if out:
        write_explanations(out, explain(result))
        console.print(f"wrote {out}")


@app.command("sweep-alerts")
def sweep_alerts(
    organisation: str | None = typer.Option(None, help="only this organisation's children"),
    now: str | None = typer.Option(None, help="clock time, ISO 8601 with offset (default: now)"),
) -> None:
    """Queue the custody-clock warnings and breaches now due (run it every few minutes)."""
    db_cli.sweep(organisation, datetime.fromisoformat(now) if now else None)
