"""Benchmark of the synthetic population generator at 100k and 1M people, against a naive baseline.

Each size runs in a fresh process so its peak memory (ru_maxrss) is its own; CPU time is shown
beside wall time because the machine may be shared. The baseline is a straightforward per-record
pure-Python generator of the same columns (same tables and noise functions, but no families and
fewer noise kinds, so it is if anything flattered), timed on a small sample in this run and
extrapolated per record.

    .venv/bin/python bench/synth.py [--sizes 100000 1000000] [--baseline-people 20000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from puente.synth import generate_population, write_population
from puente.synth.demography import (
    CBP_FY2021_SOUTHWEST,
    CBP_LABEL_TO_ALPHA2,
    COUNTRIES,
    OTHER_SPLIT,
)
from puente.synth.names import name_tables
from puente.synth.noise import NoiseRates, phonetic_respelling, strip_accents, typo
from puente.synth.population import expected_records_per_person


def _measure(people: int, seed: int) -> dict[str, float]:
    """Generate and write one population in this process; report times and peak memory."""
    started, cpu_started = time.perf_counter(), time.process_time()
    pop = generate_population(people, seed)
    generated, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_population(pop, Path(tmp) / "records.parquet", Path(tmp) / "truth.parquet")
        written = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "people": people,
        "records": len(pop.records),
        "generate_s": generated,
        "cpu_s": cpu,
        "write_parquet_s": written,
        "peak_mib": peak_kib / 1024,
    }


def _naive_population(people: int, seed: int) -> pd.DataFrame:
    """The obvious generator: one person at a time, one dict per record."""
    rnd = random.Random(seed)
    tables = name_tables()
    rates = NoiseRates()
    countries, weights = [], []
    for label, *counts in CBP_FY2021_SOUTHWEST:
        split = OTHER_SPLIT if label == "OTHER" else ((CBP_LABEL_TO_ALPHA2[label], 1.0),)
        for alpha2, share in split:
            countries.append(alpha2)
            weights.append(sum(counts) * share)
    # Tables grouped once up front, so the baseline pays for per-record work, not for lookups.
    given: dict[tuple[str, int], tuple[list[str], list[float]]] = {}
    for e in tables.given_entries:
        names, cum = given.setdefault((e.culture, e.sex), ([], []))
        names.append(e.text)
        cum.append((cum[-1] if cum else 0.0) + e.weight)
    surnames: dict[str, tuple[list[str], list[float]]] = {}
    for e in tables.surname_entries:
        names, cum = surnames.setdefault(e.culture, ([], []))
        names.append(e.text)
        cum.append((cum[-1] if cum else 0.0) + e.weight)
    rows: list[dict[str, Any]] = []
    for person in range(people):
        country = rnd.choices(countries, weights)[0]
        culture = COUNTRIES[country].culture
        sex = rnd.randrange(2)
        names, cum = given[(culture, sex)]
        given_name = rnd.choices(names, cum_weights=cum)[0]
        names, cum = surnames[culture]
        first, second = rnd.choices(names, cum_weights=cum, k=2)
        if culture != "hispanic":
            second = ""
        born = date(2021, 1, 1) - timedelta(days=rnd.randrange(365 * 60))
        registered = datetime(2020, 10, 1, 7) + timedelta(seconds=rnd.randrange(365 * 86400))
        language = rnd.choices(*zip(*COUNTRIES[country].languages, strict=True))[0]
        phone = f"+52664{rnd.randrange(10**7):07d}" if rnd.random() < 0.85 else ""
        n_records = 1 + (rnd.randrange(1, 4) if rnd.random() < 0.3 else 0)
        for k in range(n_records):
            g, s1, s2 = given_name, first, second
            if k:
                if rnd.random() < rates.typo:
                    s1 = typo(s1, rnd)
                if rnd.random() < rates.phonetic_spelling:
                    g = phonetic_respelling(g, rnd)
                if rnd.random() < rates.accent_dropped:
                    g, s1, s2 = strip_accents(g), strip_accents(s1), strip_accents(s2)
                if rnd.random() < rates.case_changed:
                    g, s1, s2 = g.upper(), s1.upper(), s2.upper()
            rows.append(
                {
                    "record_id": f"R{len(rows) + 1:08d}",
                    "given_names": g,
                    "first_surname": s1,
                    "second_surname": s2,
                    "name_as_written": " ".join(p for p in (g, s1, s2) if p),
                    "sex": ("female", "male")[sex],
                    "birth_date": born.isoformat(),
                    "birth_precision": "exact",
                    "nationality": country,
                    "language": language,
                    "phone": phone,
                    "family_id": "",
                    "relationship": "",
                    "unaccompanied_child": False,
                    "vulnerabilities": "",
                    "registered_at": (registered + timedelta(days=30 * k)).isoformat() + "-07:00",
                    "registration_city": "Tijuana",
                    "person_id": f"P{person + 1:08d}",
                }
            )
    return pd.DataFrame(rows)


def _baseline_per_record(people: int) -> tuple[float, float]:
    """Wall and CPU seconds per record of the naive generator."""
    started, cpu_started = time.perf_counter(), time.process_time()
    frame = _naive_population(people, seed=1)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return wall / len(frame), cpu / len(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--baseline-people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_measure(args.one, args.seed)))
        return

    per_record, cpu_per_record = _baseline_per_record(args.baseline_people)
    print(
        f"naive per-record baseline: {args.baseline_people:,} people, "
        f"{1 / per_record:,.0f} records/s wall, {1 / cpu_per_record:,.0f} records/s CPU "
        "(extrapolated per record below; speed-up on CPU time, which a busy machine distorts less)"
    )
    header = (
        f"{'people':>10} {'records':>10} {'generate s':>11} {'cpu s':>6} {'records/s':>11} "
        f"{'write pq s':>10} {'peak MiB':>9} | {'naive s':>8} {'naive cpu s':>11} "
        f"{'naive rec/s':>11} {'speed-up':>8}"
    )
    print(header)
    print("-" * len(header))
    for people in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(people), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        )
        m = json.loads(out.stdout)
        naive, naive_cpu = per_record * m["records"], cpu_per_record * m["records"]
        print(
            f"{m['people']:>10,} {m['records']:>10,} {m['generate_s']:>11.1f} {m['cpu_s']:>6.1f} "
            f"{m['records'] / m['generate_s']:>11,.0f} {m['write_parquet_s']:>10.1f} "
            f"{m['peak_mib']:>9,.0f} | {naive:>8.1f} {naive_cpu:>11.1f} "
            f"{1 / per_record:>11,.0f} {naive_cpu / m['cpu_s']:>7.1f}x"
        )
    print(
        f"(expected records per person at the default duplicate rate: "
        f"{expected_records_per_person(0.3):.3f})"
    )


if __name__ == "__main__":
    main()
