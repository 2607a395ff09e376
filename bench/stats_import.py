"""Seconds to import the CBP nationwide encounters file, beside a plain pandas load baseline.

Run: ``.venv/bin/python bench/stats_import.py [--repeat 5]``. The import validates every row
in DuckDB, hashes the file and checks for revisions; the baseline only parses and inserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.settings import load_settings  # noqa: E402
from puente.stats.adapters.importers import CbpEncountersParser  # noqa: E402
from puente.stats.adapters.store import open_store  # noqa: E402
from puente.stats.services.imports import import_release  # noqa: E402

CBP = "cbp/cbp-nationwide-encounters-fy20-fy23-state.csv"


def puente_import(source: Path, directory: Path, run: int) -> tuple[float, float]:
    """Seconds for a first import into an empty store, and for re-importing the same file."""
    with open_store(directory / f"puente-{run}.duckdb") as store:
        started = time.perf_counter()
        outcome = import_release(store, CbpEncountersParser(store.connection), source)
        first = time.perf_counter() - started
        assert outcome.record.rows_loaded == 42_532
        started = time.perf_counter()
        assert import_release(store, CbpEncountersParser(store.connection), source).unchanged
        return first, time.perf_counter() - started


def pandas_baseline(source: Path, directory: Path, run: int) -> float:
    connection = duckdb.connect(str(directory / f"baseline-{run}.duckdb"))
    started = time.perf_counter()
    frame = pd.read_csv(source)
    connection.register("frame", frame)
    connection.execute("create table encounter as select * from frame")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    source = load_settings().shared_data_dir / CBP
    firsts, repeats, baselines = [], [], []
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        for run in range(arguments.repeat):
            first, again = puente_import(source, directory, run)
            firsts.append(first)
            repeats.append(again)
            baselines.append(pandas_baseline(source, directory, run))
    ours, base = statistics.median(firsts), statistics.median(baselines)
    print(f"CBP file: {source.name}, 42,532 rows, median of {arguments.repeat} runs")
    print(f"  puente import (validate, hash, revisions, load): {ours:.3f} s  (aim: < 2 s)")
    print(f"  re-import of the same file (hash, no change):    {statistics.median(repeats):.3f} s")
    print(f"  baseline pandas.read_csv + DuckDB insert:        {base:.3f} s")
    print(f"  ratio puente / baseline: {ours / base:.2f}")


if __name__ == "__main__":
    main()
