"""``puente synth …``: generate a synthetic registration population into files."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from puente.synth.export import write_population
from puente.synth.population import (
    DEFAULT_DUPLICATE_RATE,
    Population,
    generate_population,
    generate_records,
)

app = typer.Typer(
    help="Synthetic asylum-seeker registrations with ground truth (for identity resolution).",
    no_args_is_help=True,
)


@app.callback()
def synth() -> None:
    """Synthetic asylum-seeker registrations with ground truth (for identity resolution)."""


class FileFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def generate(
    people: int | None = typer.Option(None, "--people", min=1, help="Number of people."),
    records: int | None = typer.Option(
        None, "--records", min=1, help="About this many records (people chosen to fit)."
    ),
    seed: int = typer.Option(0, "--seed", help="Same seed, same files."),
    out_dir: Path = typer.Option(Path("synth-out"), "--out-dir", help="Directory for the files."),
    fmt: FileFormat = typer.Option(FileFormat.csv, "--format", help="csv or parquet."),
    duplicate_rate: float = typer.Option(
        DEFAULT_DUPLICATE_RATE,
        "--duplicate-rate",
        min=0.0,
        max=1.0,
        help="Probability that a person or family registers more than once.",
    ),
) -> None:
    """Write records.<fmt>, truth.<fmt> and noise.<fmt> (which noise each record got)."""
    if (people is None) == (records is None):
        raise typer.BadParameter("give exactly one of --people or --records")
    console = Console(stderr=True)
    paths = {name: out_dir / f"{name}.{fmt.value}" for name in ("records", "truth", "noise")}
    started = time.perf_counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("generating", total=2)
        population: Population
        if records is not None:
            population = generate_records(records, seed, duplicate_rate)
        elif people is not None:
            population = generate_population(people, seed, duplicate_rate)
        progress.update(task, advance=1, description="writing files")
        write_population(population, paths["records"], paths["truth"], paths["noise"])
        progress.update(task, advance=1)
    n_people = population.truth["person_id"].nunique()
    elapsed = time.perf_counter() - started
    console.print(
        f"{len(population.records):,} records of {n_people:,} people in {elapsed:.1f} s "
        f"→ {paths['records']}, {paths['truth']}, {paths['noise']}"
    )
