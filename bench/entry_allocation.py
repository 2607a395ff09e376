"""One day's allocation over 1,000,000 open requests and 9 ports, with the fairness report.

Each stage's time is printed beside a per-request Python baseline measured on a sample in the same
run (which must agree with it). Run: ``.venv/bin/python bench/entry_allocation.py``; docs/entry.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import described  # noqa: E402
from puente.entry.domain.allocation import Allocation, Outcome, allocate  # noqa: E402
from puente.entry.domain.batch import RequestBatch  # noqa: E402
from puente.entry.domain.explanation_table import explanation_table  # noqa: E402
from puente.entry.domain.fairness import run_report  # noqa: E402
from puente.entry.domain.lottery import draw_seed  # noqa: E402
from puente.entry.domain.policy import DEFAULT_POLICY, AllocationPolicy, RuleKind  # noqa: E402
from puente.entry.services.population import PORT_DEMAND, synthetic_requests  # noqa: E402

T = TypeVar("T")
DAY = date(2023, 6, 1)
PORTS = tuple(code for code, _ in PORT_DEMAND)
MASK = 2**64 - 1


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def _splitmix(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


@dataclass(slots=True)
class _Row:
    i: int
    size: int
    registered: int
    level: int
    moved: bool
    group: str
    prefs: list[int]
    any_port: bool
    ticket: int


def baseline(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy, seed: bytes
) -> tuple[list[int], list[int]]:
    """The same policy, written the obvious way: Python objects, sorts and loops per request."""
    s0 = int.from_bytes(seed[:8], "big")
    rows = [
        _Row(
            i=i,
            size=int(batch.party_size[i]),
            registered=int(batch.registered[i].astype(np.int64)),
            level=int(batch.level[i]),
            moved=bool(batch.moved[i]),
            group=batch.group_labels[int(batch.group[i])],
            prefs=[int(p) for p in batch.prefs[i] if p >= 0],
            any_port=bool(batch.accepts_other[i]),
            ticket=int(batch.tickets[i]),
        )
        for i in range(len(batch))
    ]
    port = [-1] * len(rows)
    outcome = [int(Outcome.CAPACITY_REACHED)] * len(rows)
    free = list(capacity)
    for k, rule in enumerate(policy.rules):
        last = k == len(policy.rules) - 1
        budget = (
            list(free)
            if last
            else [min(f, rule.quota(c)) for f, c in zip(free, capacity, strict=True)]
        )
        candidates = [r for r in rows if port[r.i] < 0]
        if rule.kind is RuleKind.MOVED_BY_CLOSURE:
            candidates = [r for r in candidates if r.moved]
        elif rule.kind is RuleKind.VULNERABILITY:
            candidates = [r for r in candidates if r.level >= rule.min_level]
        elif rule.kind is RuleKind.PRIORITY_GROUP:
            candidates = [r for r in candidates if r.group in rule.groups]
        if rule.kind is RuleKind.LOTTERY:
            candidates.sort(key=lambda r: _splitmix(r.ticket ^ s0))
        elif rule.kind is RuleKind.VULNERABILITY:
            candidates.sort(key=lambda r: (-r.level, r.registered, r.ticket))
        else:
            candidates.sort(key=lambda r: (r.registered, r.ticket))
        for r in candidates:
            route = r.prefs + [p for p in range(len(capacity)) if p not in r.prefs]
            for p in route if r.any_port else r.prefs:
                if budget[p] >= r.size:
                    budget[p] -= r.size
                    free[p] -= r.size
                    port[r.i] = p
                    outcome[r.i] = int(Outcome.ALLOCATED)
                    break
    for r in rows:
        if port[r.i] >= 0:
            continue
        ports = range(len(capacity)) if r.any_port else r.prefs
        if all(capacity[p] == 0 for p in ports):
            outcome[r.i] = int(Outcome.NO_CAPACITY)
        elif any(free[p] > 0 for p in ports):
            outcome[r.i] = int(Outcome.PARTY_TOO_LARGE)
    return port, outcome


def scenario(
    batch: RequestBatch, persons_per_port: int, sample: int, repeat: int
) -> dict[str, float]:
    capacity = [persons_per_port] * len(PORTS)
    seed = draw_seed("bench", DAY)
    t_alloc, allocation = best_of(
        repeat, lambda: allocate(batch, PORTS, capacity, DAY, DEFAULT_POLICY, seed)
    )
    t_report, report = best_of(repeat, lambda: run_report(batch, allocation))
    t_explain, explanations = best_of(repeat, lambda: explanation_table(batch, allocation))
    assert (allocation.persons_by_port(batch.party_size) <= capacity).all()
    assert len(explanations) == len(batch)

    # The baseline on a sample, with capacity scaled so the share placed stays the same.
    part = batch.take(np.arange(sample))
    scaled = [max(round(c * sample / len(batch)), 1) for c in capacity]
    started = time.perf_counter()
    ports, outcomes = baseline(part, scaled, DEFAULT_POLICY, seed)
    t_base = (time.perf_counter() - started) * len(batch) / sample
    fast: Allocation = allocate(part, PORTS, scaled, DAY, DEFAULT_POLICY, seed)
    agree = fast.port.tolist() == ports and fast.outcome.tolist() == outcomes

    placed = int(allocation.allocated.sum())
    total = t_alloc + t_report + t_explain
    print(
        f"\n{persons_per_port:,} persons a port ({persons_per_port * len(PORTS):,} a day): "
        f"{placed:,} requests placed ({int(report.by_port['persons'].sum()):,} persons)"
    )
    print(f"  allocate (rules, lottery, fill, reasons)  {t_alloc:7.2f} s")
    print(f"  fairness report                           {t_report:7.2f} s")
    print(f"  explanation table (every request)         {t_explain:7.2f} s")
    print(f"  total                                     {total:7.2f} s")
    print(
        f"  baseline per-request loop ({sample:,} sample, per request × {len(batch):,})"
        f"  {t_base:7.2f} s\n    "
        f"(allocate is {t_base / t_alloc:.0f}× faster; same result on the sample: "
        f"{'yes' if agree else 'NO'})"
    )
    return {"allocate": t_alloc, "total": total, "baseline": t_base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--persons-per-port",
        type=int,
        nargs="+",
        default=[160, 30_000],
        help="Capacities to run: 160 is CBP One's 1,450 a day over 9 ports; 30,000 stresses "
        "the fill with ~200,000 placements.",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{described()}, load average {load:.1f}"
    )
    started = time.perf_counter()
    batch = synthetic_requests(args.requests, args.seed, np.datetime64(DAY.isoformat()), PORTS)
    print(
        f"{len(batch):,} open requests ({int(batch.party_size.sum()):,} persons), "
        f"{len(PORTS)} ports; built in {time.perf_counter() - started:.1f} s (not timed below)"
    )
    for persons in args.persons_per_port:
        scenario(batch, persons, min(args.sample, len(batch)), args.repeat)
    print("\nThe HTTP rush (people asking through the API) is bench/entry_rush.py.")


if __name__ == "__main__":
    main()
