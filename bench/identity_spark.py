"""The identity model on DuckDB and on Splink's Spark backend (local, two cores), same records.

Each backend links the same synthetic population in its own process. Reports wall and CPU time
(Spark's includes its JVM), candidate pairs scored, pairwise and cluster precision/recall against
the truth, and how closely Spark's clusters agree with DuckDB's (DuckDB's clusters taken as the
truth). Needs the ``spark`` extra (``uv sync --extra spark``) and Java 17.

    flock /tmp/bench.lock .venv/bin/python bench/identity_spark.py --records 5000 20000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.identity import _records, synthetic_population  # noqa: E402
from puente.identity.adapters.batch import BatchOutcome, link_records  # noqa: E402
from puente.identity.services.evaluation import evaluate  # noqa: E402


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a live process (the JVM, which its Python parent never reaps)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_backend(backend: str, records_path: Path, out: Path) -> dict[str, Any]:
    records = _records(records_path)
    started = time.perf_counter()
    jvm_cpu = 0.0
    outcome: BatchOutcome
    if backend == "spark":
        from puente.identity.adapters.spark_linker import local_spark, spark_linker

        with local_spark() as spark:
            outcome = link_records(records, linker_for=spark_linker(spark))
            jvm_cpu = _cpu_seconds(spark.sparkContext._gateway.proc.pid)  # type: ignore[union-attr]
    else:
        outcome = link_records(records)
    seconds = time.perf_counter() - started
    outcome.assignments[["record_id", "cluster_id"]].to_parquet(out)
    return {
        "seconds": seconds,
        "cpu_seconds": _own_cpu() + jvm_cpu,
        "phases": {k: round(v, 1) for k, v in outcome.seconds.items()},
        "pairs_scored": len(outcome.pairs),
        "prior": outcome.training.estimated_probability_two_random_records_match,
    }


def _in_own_process(backend: str, records_path: Path, out: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "_backend", backend, str(records_path), str(out)]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench_size(size: int, seed: int, work: Path) -> dict[str, Any]:
    records_path, records, truth = synthetic_population(size, seed, work)
    result: dict[str, Any] = {"records": len(records), "load_average": os.getloadavg()}
    clusters = {}
    for backend in ("duckdb", "spark"):
        out = work / f"{backend}_{size}.parquet"
        stats = _in_own_process(backend, records_path, out)
        clusters[backend] = pd.read_parquet(out)
        overall = evaluate(clusters[backend], truth, records).iloc[0]
        result[backend] = {**stats, **{k: overall[k] for k in overall.index if k != "nationality"}}
    duckdb_as_truth = clusters["duckdb"].rename(columns={"cluster_id": "person_id"})
    agreement = evaluate(clusters["spark"], duckdb_as_truth, records).iloc[0]
    result["spark_vs_duckdb"] = {
        "pairs_also_in_duckdb": agreement["pairwise_precision"],
        "duckdb_pairs_also_in_spark": agreement["pairwise_recall"],
    }
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_backend":
        backend, records_path, out = sys.argv[2:]
        print(json.dumps(run_backend(backend, Path(records_path), Path(out))))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("var/bench/identity_spark"))
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    for size in options.records:
        result = bench_size(size, options.seed, options.work)
        print(json.dumps(result, indent=2, default=float), flush=True)


if __name__ == "__main__":
    main()
