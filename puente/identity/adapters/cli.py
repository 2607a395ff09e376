"""``puente identity …``: link a file or the database, evaluate, query candidates."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import pyarrow as pa
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from splink import Linker

from puente.identity.adapters.batch import DEFAULT_POLICY, link_records
from puente.identity.adapters.database_linker import splink_linker
from puente.identity.adapters.features import InputError
from puente.identity.adapters.files import FileFormatError, read_table, write_table
from puente.identity.adapters.incremental import matcher_for
from puente.identity.adapters.splink_linker import duckdb_linker
from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services.database_run import run_on_database
from puente.identity.services.evaluation import evaluate
from puente.identity.services.resolve import ResolutionPolicy
from puente.settings import load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.migrations import upgrade

app = typer.Typer(
    help="Identity resolution: find the records that belong to one person.",
    no_args_is_help=True,
)
console = Console(stderr=True)

ExistingFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


@contextmanager
def _progress() -> Iterator[Progress]:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield progress


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}")
    return typer.Exit(code=2)


def _decisions(path: Path | None) -> list[ReviewDecision]:
    """Review decisions file: record_id_l, record_id_r, verdict, reviewer, decided_at (ISO)."""
    if path is None:
        return []
    return [
        ReviewDecision(
            left=row["record_id_l"],
            right=row["record_id_r"],
            verdict=Verdict(row["verdict"].strip().lower()),
            reviewer=row.get("reviewer", ""),
            decided_at=datetime.fromisoformat(row["decided_at"]),
        )
        for row in read_table(path).to_dict(orient="records")
    ]


class Backend(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def _backend(backend: Backend) -> AbstractContextManager[Callable[[pa.Table], Linker]]:
    if backend is Backend.DUCKDB:
        return nullcontext(duckdb_linker)
    try:
        from puente.identity.adapters.spark_linker import local_spark_linker
    except ImportError as error:
        raise _fail("the Spark backend needs pyspark: uv sync --extra spark") from error
    return local_spark_linker()


@app.command()
def link(
    input_path: ExistingFile,
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV or Parquet to write.")],
    pairs: Annotated[
        Path | None, typer.Option(help="Also write scored pairs with their explanation.")
    ] = None,
    previous: Annotated[
        Path | None, typer.Option(help="An earlier output, so people keep their cluster ids.")
    ] = None,
    decisions: Annotated[
        Path | None, typer.Option(help="Review decisions (record_id_l, record_id_r, verdict, …).")
    ] = None,
    threshold: Annotated[float, typer.Option(help="Link automatically at or above.")] = (
        DEFAULT_POLICY.threshold
    ),
    review_floor: Annotated[float, typer.Option(help="Send to review at or above.")] = (
        DEFAULT_POLICY.review_band.lower
    ),
    seed: Annotated[int, typer.Option(help="Seed for the training samples.")] = 42,
    backend: Annotated[
        Backend, typer.Option(help="Where Splink runs: DuckDB, or a local Spark (Java 17).")
    ] = Backend.DUCKDB,
) -> None:
    """Link INPUT (generator export columns); write it with cluster_id and match_probability."""
    try:
        records = read_table(input_path)
        prior = None
        if previous is not None:
            earlier = read_table(previous)
            prior = dict(zip(earlier["record_id"], earlier["cluster_id"], strict=True))
        policy = ResolutionPolicy.with_threshold(threshold, review_floor)
        with _progress() as progress, _backend(backend) as linker_for:
            task = progress.add_task("reading", total=None)
            outcome = link_records(
                records,
                policy,
                seed=seed,
                previous=prior,
                decisions=_decisions(decisions),
                progress=lambda step: progress.update(task, description=step),
                linker_for=linker_for,
            )
        result = records.merge(outcome.assignments, on="record_id", how="left", validate="1:1")
        write_table(result, output)
        if pairs is not None:
            write_table(outcome.pairs, pairs)
    except (InputError, FileFormatError, ValueError, KeyError) as error:
        raise _fail(str(error)) from error
    for level in outcome.training.levels_not_observed:
        console.print(f"[yellow]not observed in training[/yellow] (default weight used): {level}")
    clusters = outcome.assignments["cluster_id"].nunique()
    review = int(outcome.pairs["needs_review"].sum())
    console.print(
        f"{len(records)} records → {clusters} people; {review} pairs for review; "
        f"timings {', '.join(f'{k} {v:.1f}s' for k, v in outcome.seconds.items())}"
    )


# Steps the database run reports, in order: the progress bar advances one per step.
RUN_STEPS = 6


@app.command("run-db")
def run_db(
    threshold: Annotated[float, typer.Option(help="Link automatically at or above.")] = (
        DEFAULT_POLICY.threshold
    ),
    review_floor: Annotated[float, typer.Option(help="Send to review at or above.")] = (
        DEFAULT_POLICY.review_band.lower
    ),
    seed: Annotated[int, typer.Option(help="Seed for the training samples.")] = 42,
    actor: Annotated[str, typer.Option(help="Who runs it, for the history.")] = "identity run-db",
) -> None:
    """Link every person in the database (PUENTE_DATABASE_URL), honouring review decisions.

    Stores each person's cluster id, the scored pairs with their explanation and the review queue.
    """
    engine = make_engine(load_settings().database_url)
    upgrade(engine)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn())
    try:
        with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("starting", total=RUN_STEPS)

            def step(description: str) -> None:
                progress.update(task, description=description, advance=1)

            summary = run_on_database(
                lambda: SqlIdentityUnitOfWork(engine),
                splink_linker(seed),
                ResolutionPolicy.with_threshold(threshold, review_floor),
                actor,
                utc_now,
                step,
            )
            progress.update(task, completed=RUN_STEPS, description="done")
    except (InputError, ValueError) as error:
        raise _fail(str(error)) from error
    finally:
        engine.dispose()
    console.print(
        f"{summary.records} persons → {summary.clusters} people; {summary.moved} placed or moved; "
        f"{summary.for_review} pairs for review (run {summary.run_id})"
    )


@app.command("evaluate")
def evaluate_command(
    predicted: ExistingFile,
    truth: Annotated[Path, typer.Option(exists=True, help="record_id, person_id")],
    records: Annotated[
        Path | None, typer.Option(help="Records with nationality, if PREDICTED lacks it.")
    ] = None,
    json_output: Annotated[Path | None, typer.Option("--json", help="Write figures.")] = None,
) -> None:
    """Pairwise and cluster precision/recall of PREDICTED (record_id, cluster_id) by nationality."""
    try:
        predicted_frame = read_table(predicted)
        nationalities = read_table(records) if records is not None else predicted_frame
        scores = evaluate(predicted_frame, read_table(truth), nationalities)
    except (FileFormatError, ValueError, KeyError) as error:
        raise _fail(str(error)) from error
    table = Table(title="Identity resolution against ground truth")
    for column in scores.columns:
        table.add_column(column, justify="left" if column == "nationality" else "right")
    for row in scores.itertuples(index=False):
        table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row))
    Console(width=160).print(table)
    if json_output is not None:
        json_output.write_text(json.dumps(scores.to_dict(orient="records"), indent=2))


@app.command()
def candidates(
    held: ExistingFile,
    query: Annotated[Path, typer.Option(exists=True, help="New record(s) to look up.")],
    floor: Annotated[float, typer.Option(help="Show candidates at or above.")] = 0.5,
) -> None:
    """Possible matches of each QUERY record among the HELD records (the registration check)."""
    try:
        with _progress() as progress:
            progress.add_task("training and indexing the held records", total=None)
            matcher = matcher_for(read_table(held))
        new_records: pd.DataFrame = read_table(query)
    except (InputError, FileFormatError, ValueError) as error:
        raise _fail(str(error)) from error
    out = Console()
    for record in new_records.to_dict(orient="records"):
        found = matcher.candidates({str(k): str(v) for k, v in record.items()}, floor=floor)
        out.print(f"[bold]{record['record_id']}[/bold]: {len(found)} possible match(es)")
        for candidate in found:
            out.print(f"  {candidate.record_id}  p={candidate.match_probability:.4f}")
