"""Cases on PostgreSQL: rebuild and list the state of every case from the event log, and a
caseworker's deadline queue, each beside a naive baseline measured in the same run.

Run: ``.venv/bin/python bench/cases.py`` (100,000 cases, 1,000,000 events; ``--help``). It makes
its own database ``puente_bench_cases`` on the server of PUENTE_TEST_POSTGRES_URL (default:
the local one) and keeps it for ``--reuse``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.access.adapters.keys import keyring_from  # noqa: E402
from puente.cases.adapters.store import tables as t  # noqa: E402
from puente.cases.adapters.store.bulk import bench_organisation, load_cases  # noqa: E402
from puente.cases.adapters.store.replay import replay_states  # noqa: E402
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork  # noqa: E402
from puente.cases.adapters.synthetic import START, synthetic_cases  # noqa: E402
from puente.cases.domain.deadlines import Deadline  # noqa: E402
from puente.cases.domain.queue import DeadlineQueue  # noqa: E402
from puente.cases.services.court import deadline_queue  # noqa: E402
from puente.cases.services.projection import deadlines_if_placed  # noqa: E402
from puente.settings import load_settings  # noqa: E402
from puente.shared.db import make_engine, normalise_url  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402

DATABASE = "puente_bench_cases"
KEYRING = keyring_from(load_settings())
T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _key(deadlines: list[Deadline]) -> list[tuple[datetime, str, str]]:
    return sorted((d.due_at, str(d.case_id), d.kind.value) for d in deadlines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events-per-case", type=int, default=10)
    parser.add_argument("--caseworkers", type=int, default=250)
    parser.add_argument("--naive-sample", type=int, default=2_000, help="cases replayed one by one")
    parser.add_argument("--queue-queries", type=int, default=2_000)
    parser.add_argument("--naive-queue-queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    admin_url = normalise_url(
        os.environ.get("PUENTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    url = admin_url.rsplit("/", 1)[0] + f"/{DATABASE}"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load}; "
        f"PostgreSQL at {url.split('@')[-1]}"
    )

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": DATABASE}
        )
        if exists and not args.reuse:
            connection.execute(text(f'DROP DATABASE "{DATABASE}" WITH (FORCE)'))
        if not exists or not args.reuse:
            connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(t.cases)) or 0
    if stored == 0:
        owner = bench_organisation(engine)
        generated = synthetic_cases(args.cases, args.events_per_case, args.caseworkers, args.seed)
        loaded, seconds = timed(lambda: load_cases(engine, generated, owner))
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(f"generated and loaded {loaded:,} cases in {seconds:.0f} s (COPY; not measured)")
    with engine.connect() as connection:
        cases = connection.scalar(select(func.count()).select_from(t.cases)) or 0
        events = connection.scalar(select(func.count()).select_from(t.case_events)) or 0
        deadlines = connection.scalar(select(func.count()).select_from(t.case_deadlines)) or 0
    print(f"{cases:,} cases, {events:,} events, {deadlines:,} stored deadlines")

    print("\n1. Rebuild and list the state of every case from its events (each move checked)")
    replayed, scan_s = timed(lambda: list(replay_states(engine)))
    print(
        f"   one ordered scan of the event log: {scan_s:6.2f} s  {events / scan_s:12,.0f} events/s"
    )
    with engine.connect() as connection:
        projection, listing_s = timed(
            lambda: dict(
                (r.id, r.state) for r in connection.execute(select(t.cases.c.id, t.cases.c.state))
            )
        )
    print(
        f"   (stored state column, listed:       {listing_s:6.2f} s — a projection, not a replay)"
    )
    assert all(projection[r.case_id] == r.state.value for r in replayed), "projection disagrees"
    sample = rng.sample([r for r in replayed], min(args.naive_sample, len(replayed)))

    def naive() -> list[str]:
        found = []
        with SqlCasesUnitOfWork(engine, KEYRING) as uow:
            for item in sample:
                case = uow.cases.get(item.case_id)
                assert case is not None
                found.append(case.state.value)
        return found

    states, naive_s = timed(naive)
    assert states == [r.state.value for r in sample], "the naive replay disagrees"
    per_case = naive_s / len(sample)
    print(
        f"   naive, case by case (repository.get): {len(sample):,} cases in {naive_s:.2f} s → "
        f"{per_case * cases:6.1f} s for all {cases:,} (extrapolated); the scan is "
        f"{per_case * cases / scan_s:.0f}x faster; both agree on the sample"
    )

    print("\n2. Deadline queue of one caseworker")
    worker = "caseworker-0"
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING)
    nows = [START + timedelta(days=rng.uniform(0, 900)) for _ in range(args.queue_queries)]
    wall: list[float] = []
    for now in nows:
        started = time.perf_counter()
        deadline_queue(uow, worker, now)
        wall.append((time.perf_counter() - started) * 1000)
    with engine.connect() as connection:
        mine = connection.scalar(
            select(func.count()).select_from(t.cases).where(t.cases.c.caseworker == worker)
        )
    print(f"   {worker}: {mine:,} cases; {len(nows):,} queries at random dates, 30 days ahead")
    print(
        f"   stored deadlines, one index range:  p50 {statistics.median(wall):7.2f} ms  "
        f"p99 {percentile(wall, 0.99):7.2f} ms  max {max(wall):7.2f} ms"
    )

    def recompute(now: datetime) -> list[Deadline]:
        with SqlCasesUnitOfWork(engine, KEYRING) as reading:
            assigned = [
                (worker, d)
                for case in reading.cases.cases_of(worker)
                for d in deadlines_if_placed(reading, case)
            ]
        return DeadlineQueue(assigned).due(worker, now)

    naive_wall: list[float] = []
    for now in nows[: args.naive_queue_queries]:
        started = time.perf_counter()
        answer = recompute(now)
        naive_wall.append((time.perf_counter() - started) * 1000)
        assert _key(answer) == _key(deadline_queue(uow, worker, now)), "queues disagree"
    print(
        f"   naive, recomputed from the events:  p50 {statistics.median(naive_wall):7.0f} ms  "
        f"({len(naive_wall)} queries; the same answers); stored is "
        f"{statistics.median(naive_wall) / statistics.median(wall):.0f}x faster at p50"
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n{stamp}; database {DATABASE} kept for --reuse")
    engine.dispose()


if __name__ == "__main__":
    main()
