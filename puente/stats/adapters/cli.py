"""Statistics commands: ``puente import cbp|usbp|refugees|stats-all``, ``puente stats …`` reports,
charts and forecasts, and ``puente export registration-counts`` with disclosure control."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from puente.cli_groups import export_app, import_app
from puente.settings import load_settings
from puente.shared.errors import InvalidInput, PuenteError
from puente.stats.adapters.chart_types import ChartFormat, ChartKind
from puente.stats.adapters.exporters import ExportFormat, protected_counts, write_table
from puente.stats.adapters.sources import SHARED_SOURCES, SourceKind, parser_for
from puente.stats.adapters.store import DuckStore, open_store
from puente.stats.domain.series import DEMOGRAPHIC_SLUGS, REGION_SLUGS, Series
from puente.stats.domain.suppression import DEFAULT_THRESHOLD
from puente.stats.services import comparisons, forecasting, reports
from puente.stats.services.imports import ImportOutcome, import_release
from puente.stats.services.tables import ReportTable

app = typer.Typer(help="Border statistics: reports, charts, forecasts.", no_args_is_help=True)
report_app = typer.Typer(help="Tables of encounters, apprehensions and refugees.")
app.add_typer(report_app, name="report", no_args_is_help=True)
console = Console(soft_wrap=True)

STORE_OPTION = typer.Option(None, "--store", help="DuckDB file (default: settings)")
REGION_OPTION = typer.Option(None, help=f"One of {', '.join(REGION_SLUGS)}")
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write .csv, .xlsx or .parquet")
ReportMaker = Callable[[DuckStore], ReportTable]
SHOWN_REJECTS = 10


def _store_path(store: Path | None) -> Path:
    return store or load_settings().analytics_path


def _region(slug: str | None) -> str | None:
    if slug is None:
        return None
    if slug not in REGION_SLUGS:
        raise typer.BadParameter(f"region must be one of {', '.join(REGION_SLUGS)}")
    return REGION_SLUGS[slug]


def _print_import(outcome: ImportOutcome) -> None:
    record = outcome.record
    if outcome.unchanged:
        console.print(
            f"[yellow]{record.source_name}: already imported (import {record.import_id}, "
            f"sha256 {record.sha256[:12]}…); nothing changed[/yellow]"
        )
        return
    console.print(
        f"[green]{record.source_name}[/green] → {record.series}: sha256 {record.sha256}, "
        f"{record.rows_read} rows read, {record.rows_loaded} figures loaded, "
        f"{record.rows_rejected} rows rejected, {record.periods_replaced} periods replaced, "
        f"{record.cells_revised} figures revised"
    )
    for period in outcome.revised_periods:
        console.print(f"  revised {period.period}: {period.old_total:,} → {period.new_total:,}")
    for cell in outcome.revised_cells[:20]:
        console.print(f"  {cell.period} {cell.cell}: {cell.old_value} → {cell.new_value}")
    if outcome.staged and outcome.staged.rejected:
        reasons = Counter(row.reason for row in outcome.staged.rejected)
        for reason, count in reasons.most_common():
            console.print(f"  [red]{count} rejected[/red]: {reason}")
        for row in outcome.staged.rejected[:SHOWN_REJECTS]:
            console.print(f"  line {row.line_number}: {row.reason}: {row.raw[:100]}")
        console.print(
            f"  every rejected row: puente stats report rejected {record.import_id}", style="dim"
        )


def _import(kind: SourceKind, path: Path, store: Path | None) -> None:
    try:
        with open_store(_store_path(store)) as opened:
            _print_import(import_release(opened, parser_for(kind, opened.connection, path), path))
    except PuenteError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error


FILE_ARGUMENT = typer.Argument(..., exists=True, dir_okay=False)


@import_app.command("cbp")
def import_cbp(file: Path = FILE_ARGUMENT, store: Path | None = STORE_OPTION) -> None:
    """Import a CBP nationwide encounters file (state layout)."""
    _import(SourceKind.CBP, file, store)


@import_app.command("usbp")
def import_usbp(file: Path = FILE_ARGUMENT, store: Path | None = STORE_OPTION) -> None:
    """Import Border Patrol monthly apprehensions (PDF series or the long compilation)."""
    _import(SourceKind.USBP, file, store)


@import_app.command("refugees")
def import_refugees(file: Path = FILE_ARGUMENT, store: Path | None = STORE_OPTION) -> None:
    """Import refugee ceilings and admissions (MPI .csv or State/PRM .xlsx)."""
    _import(SourceKind.REFUGEES, file, store)


@import_app.command("stats-all")
def import_all(
    data_dir: Path | None = typer.Option(None, help="Default: the shared data directory"),
    store: Path | None = STORE_OPTION,
) -> None:
    """Import every public statistics file from the shared data directory."""
    root = data_dir or load_settings().shared_data_dir
    with open_store(_store_path(store)) as opened, Progress(console=console) as progress:
        task = progress.add_task("Importing", total=len(SHARED_SOURCES))
        for kind, relative in SHARED_SOURCES:
            path = root / relative
            _print_import(import_release(opened, parser_for(kind, opened.connection, path), path))
            progress.advance(task)


def _show(value: object, numeric: bool) -> str:
    if value is None:
        return ""
    if numeric and isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def _emit(table: ReportTable, output: Path | None) -> None:
    if output is not None:
        try:
            fmt = ExportFormat(output.suffix.lstrip(".").lower())
        except ValueError as error:
            raise typer.BadParameter("output must end in .csv, .xlsx or .parquet") from error
        write_table(table, output, fmt)
        console.print(f"[green]{len(table.rows)} rows written to {output}[/green]")
        return
    shown = Table(title=table.title)
    for column in table.columns:
        shown.add_column(column.label, justify="right" if column.numeric else "left")
    for row in table.rows:
        shown.add_row(
            *(
                _show(value, column.numeric)
                for value, column in zip(row, table.columns, strict=True)
            )
        )
    console.print(shown)
    for note in table.notes:
        console.print(f"[dim]{note}[/dim]")


def _report(store: Path | None, output: Path | None, make: ReportMaker) -> None:
    try:
        with open_store(_store_path(store), read_only=True) as opened:
            _emit(make(opened), output)
    except PuenteError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error


def _filters(
    region: str | None,
    state: str | None,
    demographic: str | None,
    citizenship: str | None,
    authority: str | None,
    fiscal_year: int | None,
) -> reports.Filters:
    if demographic is not None and demographic not in DEMOGRAPHIC_SLUGS:
        raise typer.BadParameter(f"demographic must be one of {', '.join(DEMOGRAPHIC_SLUGS)}")
    return reports.Filters(
        region=_region(region),
        state=state.upper() if state else None,
        demographic=DEMOGRAPHIC_SLUGS[demographic].value if demographic else None,
        citizenship=citizenship.upper() if citizenship else None,
        authority=authority,
        fiscal_year=fiscal_year,
    )


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise typer.BadParameter("month must look like 2021-03") from error


@report_app.command("encounters")
def report_encounters(
    by: str = typer.Option("fiscal_year", help="Comma-separated: " + ", ".join(reports.Dimension)),
    region: str | None = REGION_OPTION,
    state: str | None = typer.Option(None, help="Two-letter state code"),
    demographic: str | None = typer.Option(None, help=", ".join(DEMOGRAPHIC_SLUGS)),
    citizenship: str | None = typer.Option(None),
    authority: str | None = typer.Option(None, help="Title 8 or Title 42"),
    fiscal_year: int | None = typer.Option(None),
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """CBP encounters grouped by any of month, fiscal year, region, state, demographic,
    citizenship and legal authority."""
    try:
        dimensions = [reports.Dimension(part.strip()) for part in by.split(",")]
    except ValueError as error:
        raise typer.BadParameter(f"--by takes {', '.join(reports.Dimension)}") from error
    filters = _filters(region, state, demographic, citizenship, authority, fiscal_year)
    _report(store, output, lambda s: reports.encounters(s, dimensions, filters))


@report_app.command("yoy")
def report_year_on_year(
    by: reports.Dimension | None = typer.Option(None, help="Optional group"),
    region: str | None = REGION_OPTION,
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Fiscal-year totals with the change on the previous year."""
    filters = reports.Filters(region=_region(region))
    _report(store, output, lambda s: reports.year_on_year(s, by, filters))


@report_app.command("top-citizenships")
def report_top_citizenships(
    fiscal_year: int = typer.Option(..., help="e.g. 2021"),
    limit: int = typer.Option(10),
    region: str | None = REGION_OPTION,
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The citizenships with most encounters in a fiscal year."""
    filters = reports.Filters(region=_region(region))
    _report(store, output, lambda s: reports.top_citizenships(s, fiscal_year, limit, filters))


@report_app.command("highest-since")
def report_highest_since(
    month: str = typer.Option(..., help="e.g. 2021-03"),
    region: str | None = REGION_OPTION,
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """When a month was last exceeded, in its own series and in Border Patrol's history."""
    first_day = _month(month)
    _report(store, output, lambda s: reports.highest_since_report(s, first_day, _region(region)))


@report_app.command("apprehensions")
def report_apprehensions(
    by: reports.Dimension = typer.Option(reports.Dimension.FISCAL_YEAR),
    series: Series = typer.Option(Series.USBP_APPREHENSIONS),
    region: str | None = REGION_OPTION,
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Border Patrol apprehensions FY2000–FY2020 by month or fiscal year."""
    _report(store, output, lambda s: reports.apprehensions(s, series, by, _region(region)))


@report_app.command("refugees")
def report_refugees(
    by_region: bool = typer.Option(False, "--by-region"),
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Refugee ceilings against admissions, by fiscal year or by region."""
    _report(store, output, lambda s: comparisons.refugee_ceilings(s, by_region))


@report_app.command("consistency")
def report_consistency(
    region: str | None = REGION_OPTION,
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """The two Border Patrol series side by side, year by year."""
    _report(store, output, lambda s: comparisons.border_patrol_consistency(s, _region(region)))


@report_app.command("imports")
def report_imports(store: Path | None = STORE_OPTION) -> None:
    """Every import: file, hash, rows read, loaded and rejected, figures revised."""
    with open_store(_store_path(store), read_only=True) as opened:
        shown = Table(title="Imports")
        for label in ("id", "series", "file", "sha256", "at (UTC)", "read", "loaded",
                      "rejected", "revised"):  # fmt: skip
            shown.add_column(label)
        for r in opened.imports():
            shown.add_row(
                str(r.import_id), r.series, r.source_name, r.sha256[:12],
                r.imported_at.isoformat(timespec="seconds"), str(r.rows_read),
                str(r.rows_loaded), str(r.rows_rejected), str(r.cells_revised),
            )  # fmt: skip
        console.print(shown)


@report_app.command("rejected")
def report_rejected(
    import_id: int = typer.Argument(..., help="From 'puente stats report imports'"),
    store: Path | None = STORE_OPTION,
) -> None:
    """Every row an import rejected: line number, reason and the row as read."""
    with open_store(_store_path(store), read_only=True) as opened:
        rows = opened.rejected_rows(import_id)
    for row in rows:
        console.print(f"line {row.line_number}: {row.reason}: {row.raw}")
    console.print(f"{len(rows)} rejected rows", style="dim")


@app.command("chart")
def chart(
    kind: ChartKind = typer.Argument(...),
    output: Path = typer.Option(..., "--output", "-o", help="A .png or .svg file"),
    region: str | None = REGION_OPTION,
    horizon: int = typer.Option(12, help="Forecast chart: months ahead"),
    store: Path | None = STORE_OPTION,
) -> None:
    """Render a chart to PNG or SVG."""
    try:
        fmt = ChartFormat(output.suffix.lstrip(".").lower())
    except ValueError as error:
        raise typer.BadParameter("output must end in .png or .svg") from error
    # matplotlib loads slowly; only this command needs it, so every other command starts fast.
    from puente.stats.adapters.charts import render_chart

    with open_store(_store_path(store), read_only=True) as opened:
        image = render_chart(opened, kind, fmt, _region(region), horizon)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(image)
    console.print(f"[green]{kind.value} chart written to {output} ({len(image):,} bytes)[/green]")


@app.command("forecast")
def forecast(
    series: Series = typer.Option(Series.CBP_ENCOUNTERS),
    region: str | None = typer.Option("southwest", help=f"One of {', '.join(REGION_SLUGS)}"),
    horizon: int = typer.Option(12, help="Months ahead (1–24)"),
    backtest: bool = typer.Option(True, help="Also run the rolling-origin backtest"),
    min_train: int = typer.Option(24, help="Backtest: months in the first training window"),
    step: int = typer.Option(1, help="Backtest: months between origins"),
    store: Path | None = STORE_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Forecast monthly encounters with 80% and 95% intervals; backtest against seasonal naive."""
    with open_store(_store_path(store), read_only=True) as opened:
        try:
            table, _ = forecasting.forecast_report(opened, series, _region(region), horizon)
            _emit(table, output)
            if backtest:
                with console.status("Backtesting over rolling origins…"):
                    result = forecasting.backtest_series(
                        opened, series, _region(region), horizon, min_train, step
                    )
                console.print(
                    f"Backtest, {result.origins} origins, horizon {result.horizon}: "
                    f"model MAPE {result.model_mape:.1f}%, "
                    f"seasonal-naive MAPE {result.baseline_mape:.1f}% "
                    f"(skill {result.skill:+.2f}: above zero beats the baseline)"
                )
        except InvalidInput as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from error


@export_app.command("registration-counts")
def export_registration_counts(
    output: Path = typer.Argument(..., dir_okay=False, help="A .csv, .xlsx or .parquet file"),
    threshold: int = typer.Option(DEFAULT_THRESHOLD, help="Withhold counts below this"),
) -> None:
    """People registered by nationality and location, with small cells suppressed."""
    from puente.shared.db import make_engine
    from puente.stats.adapters.operational import registrations_by_nationality_and_location

    engine = make_engine(load_settings().database_url)
    frame = registrations_by_nationality_and_location(engine)
    engine.dispose()
    if frame.empty:
        console.print("[yellow]no registrations to count[/yellow]")
        raise typer.Exit(1)
    table = protected_counts(
        frame, "nationality", "location", "people", threshold,
        {"nationality": "#country+code+nationality", "people": "#affected+registered"},
        "People registered by nationality and location",
    )  # fmt: skip
    _emit(table, output)
