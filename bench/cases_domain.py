"""Case replay and deadline-queue figures on the pure domain, in memory, beside naive baselines.

Run: ``.venv/bin/python bench/cases_domain.py`` (defaults: 100,000 cases, 1,000,000 events);
``--help`` for sizes. The PostgreSQL figures are ``bench/cases.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.cases.domain.case import CaseEvent, CaseTimeline, fold, replay_until  # noqa: E402
from puente.cases.domain.deadlines import (  # noqa: E402
    Deadline,
    DeadlineContext,
    compute_deadlines,
)
from puente.cases.domain.queue import DeadlineQueue  # noqa: E402
from puente.cases.domain.states import INITIAL_STATE, TRANSITIONS, CaseState  # noqa: E402

PORT_ZONES = [ZoneInfo(z) for z in ("America/Tijuana", "America/Denver", "America/Chicago")]
COURT_ZONES = [ZoneInfo(z) for z in ("America/Chicago", "America/Los_Angeles", "America/New_York")]
# Moves that end a walk early; the generator avoids them so every case gets its full history.
DEAD_ENDS = frozenset({CaseState.FINAL, CaseState.REMOVED, CaseState.WITHDRAWN})
START = datetime(2021, 2, 19, 9, 0, tzinfo=ZoneInfo("America/Tijuana"))
T = TypeVar("T")


@dataclass(frozen=True)
class GeneratedCase:
    id: UUID
    caseworker: str
    events: tuple[CaseEvent, ...]
    arrival_zone: ZoneInfo
    court_zone: ZoneInfo


def generate(
    cases: int, events_per_case: int, caseworkers: int, rng: random.Random, utc_clock: bool
) -> list[GeneratedCase]:
    """Legal random walks through the transition table, dated 1–60 days apart.

    With ``utc_clock`` the event times are UTC, as PostgreSQL returns ``timestamptz``; otherwise
    they are on the port's clock (each comparison then goes through the zone's rules).
    """
    choices = {s: sorted(t - DEAD_ENDS) or sorted(t) for s, t in TRANSITIONS.items()}
    generated = []
    for n in range(cases):
        case_id = UUID(int=rng.getrandbits(128))
        zone = rng.choice(PORT_ZONES)
        at = START + timedelta(days=rng.randrange(0, 700), minutes=rng.randrange(0, 1440))
        state = INITIAL_STATE
        events = []
        for sequence in range(1, events_per_case + 1):
            target = rng.choice(choices[state])
            at = (
                at + timedelta(days=rng.randint(1, 60), minutes=rng.randrange(0, 600))
            ).astimezone(zone)
            stamp = at.astimezone(UTC) if utc_clock else at
            events.append(CaseEvent(case_id, sequence, state, target, stamp, "officer", "bench"))
            state = target
        generated.append(
            GeneratedCase(
                case_id,
                f"caseworker-{n % caseworkers}",
                tuple(events),
                zone,
                rng.choice(COURT_ZONES),
            )
        )
    return generated


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events-per-case", type=int, default=10)
    parser.add_argument(
        "--queries-per-case",
        type=int,
        default=5,
        help="state-at-date queries per case (naive vs incremental)",
    )
    parser.add_argument("--caseworkers", type=int, default=250)
    parser.add_argument("--queue-queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--event-clock",
        choices=("utc", "local"),
        default="utc",
        help="event times in UTC (as stored) or on each port's clock",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}, "
        f"{os.cpu_count()} CPUs, load average {load}; event times: {args.event_clock}"
    )
    data, seconds = timed(
        lambda: generate(
            args.cases, args.events_per_case, args.caseworkers, rng, args.event_clock == "utc"
        )
    )
    total = sum(len(c.events) for c in data)
    # A million long-lived events would otherwise be rescanned by every full GC pass and
    # charged to whichever step happens to trigger it; a server holding them would do the same.
    gc.collect()
    gc.freeze()
    print(
        f"generated {len(data):,} cases, {total:,} events in {seconds:.1f} s (not measured below)"
    )

    print("\n1. Rebuild every case's current state from its events (validating each move)")
    states, fold_s = timed(lambda: [fold(c.events) for c in data])
    print(f"   fold:                    {fold_s:6.2f} s  {total / fold_s:12,.0f} events/s")
    timelines, index_s = timed(lambda: [CaseTimeline(c.events) for c in data])
    print(f"   fold + date index:       {index_s:6.2f} s  {total / index_s:12,.0f} events/s")
    assert [t.state for t in timelines] == states

    print(f"\n2. State at a past date, {args.queries_per_case} queries per case")
    queries = [
        [
            c.events[0].occurred_at + timedelta(days=rng.uniform(-5, 400))
            for _ in range(args.queries_per_case)
        ]
        for c in data
    ]
    n_queries = sum(len(q) for q in queries)
    naive, naive_s = timed(
        lambda: [
            replay_until(c.events, when) for c, qs in zip(data, queries, strict=True) for when in qs
        ]
    )
    fast, fast_s = timed(
        lambda: [t.state_at(when) for t, qs in zip(timelines, queries, strict=True) for when in qs]
    )
    assert naive == fast, "the incremental fold disagrees with the full replay"
    print(
        f"   naive (replay + re-validate per query): {naive_s:6.2f} s  "
        f"{n_queries / naive_s:10,.0f} queries/s"
    )
    print(
        f"   incremental (fold once, bisect):        {fast_s:6.2f} s  "
        f"{n_queries / fast_s:10,.0f} queries/s  ({naive_s / fast_s:.1f}x faster)"
    )
    print(f"   the two agree on all {n_queries:,} answers")

    print("\n3. Deadline queue for one caseworker")

    def all_deadlines() -> list[tuple[str, Deadline]]:
        return [
            (c.caseworker, d)
            for c in data
            for d in compute_deadlines(
                c.id, c.events, DeadlineContext(c.arrival_zone, c.court_zone)
            )
        ]

    assigned, deadlines_s = timed(all_deadlines)
    queue, build_s = timed(lambda: DeadlineQueue(assigned))
    print(
        f"   {len(assigned):,} deadlines computed in {deadlines_s:.2f} s; "
        f"queue built in {build_s:.2f} s"
    )
    gc.collect()
    gc.freeze()
    worker = "caseworker-0"
    nows = [START + timedelta(days=rng.uniform(0, 900)) for _ in range(args.queue_queries)]
    horizon = timedelta(days=30)

    def naive_queue(now: datetime) -> list[Deadline]:
        low, high = now - timedelta(days=90), now + horizon
        found = [
            d for w, d in assigned if w == worker and low <= d.due_at < high and d.is_open(now)
        ]
        return sorted(found, key=lambda d: d.due_at)[:100]

    # Wall time includes moments the OS gives the CPU to other processes; CPU time does not.
    wall: dict[str, list[float]] = {"naive": [], "indexed": []}
    cpu: dict[str, list[float]] = {"naive": [], "indexed": []}
    queue_queries: dict[str, Callable[[datetime], list[Deadline]]] = {
        "naive": naive_queue,
        "indexed": lambda now: queue.due(worker, now, horizon),
    }
    for now in nows:
        answers = []
        for name, query in queue_queries.items():
            started_cpu, started = time.thread_time(), time.perf_counter()
            answers.append([d.due_at for d in query(now)])
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.thread_time() - started_cpu) * 1000)
        assert answers[0] == answers[1], "the indexed queue disagrees with the scan"
    mine = sum(1 for w, _ in assigned if w == worker)
    print(f"   {worker}: {mine:,} deadlines; {args.queue_queries:,} queries at random dates")
    for name, label in (("naive", "naive scan of all deadlines"), ("indexed", "indexed queue")):
        print(
            f"   {label:28} wall p50 {statistics.median(wall[name]):7.3f} ms  "
            f"p99 {percentile(wall[name], 0.99):7.3f} ms | CPU p50 "
            f"{statistics.median(cpu[name]):7.3f} ms  p99 {percentile(cpu[name], 0.99):7.3f} ms"
        )
    ratio = statistics.median(wall["naive"]) / statistics.median(wall["indexed"])
    print(f"   indexed is {ratio:.0f}x faster at p50")

    print("\nThese are in-memory figures of the pure domain; bench/cases.py measures PostgreSQL.")


if __name__ == "__main__":
    main()
