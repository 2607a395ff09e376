"""A CBP One-style rush: distinct people asking for an appointment through the HTTP API at once,
against PostgreSQL; then the day's run, checked to hold every acknowledged request exactly once.

Run: ``.venv/bin/python bench/entry_rush.py --help``; figures are kept in docs/entry.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import Engine, func, select, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import described  # noqa: E402
from bench.registration import (  # noqa: E402
    CpuShare,
    RunResult,
    cpu_share,
    free_port,
    machine_busy_seconds,
    make_body,
    own_cpu_seconds,
    postgres_database,
    process_cpu,
    registrar_token,
    run_http,
    start_server,
    stop_server,
    wait_until_settled,
)
from puente.access.adapters.keys import keyring_from  # noqa: E402
from puente.entry.adapters.db_cli import daily_run  # noqa: E402
from puente.entry.adapters.store import tables as t  # noqa: E402
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork  # noqa: E402
from puente.entry.domain.lottery import commitment_of  # noqa: E402
from puente.entry.domain.policy import DEFAULT_POLICY  # noqa: E402
from puente.entry.domain.ports import SOUTHWEST_PORTS  # noqa: E402
from puente.entry.domain.requests import RequestWindow, party_key, request_id_for  # noqa: E402
from puente.entry.services.planning import add_ports, set_capacity  # noqa: E402
from puente.entry.services.requesting import open_window  # noqa: E402
from puente.entry.services.self_service import SelfAsk, ask_myself  # noqa: E402
from puente.registry.adapters.store.repository import SqlRegistryRepository  # noqa: E402
from puente.registry.adapters.store.sealing import FieldSealer  # noqa: E402
from puente.registry.services.commands import RegisterCommand  # noqa: E402
from puente.registry.services.registration import _build_group  # noqa: E402
from puente.settings import load_settings  # noqa: E402
from puente.shared.db import make_engine  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402

ENDPOINT = "/api/v1/entry/self/requests"
WINDOW = "rush"
SECRET = "rush secret revealed after the window"  # noqa: S105 - a benchmark's lottery
CODES = list(SOUTHWEST_PORTS)


@dataclass(frozen=True)
class Asker:
    """A registered party: what the person types, and the request id the ask must produce."""

    registration_id: str
    birth_date: str
    request_id: str
    preferences: list[str]


def preload(engine: Engine, count: int, rng: random.Random, tag: str) -> list[Asker]:
    """Registrations as staff made them before the rush (not timed)."""
    now = datetime.now(UTC) - timedelta(days=30)
    owner, _ = registrar_token(engine)
    sealer = FieldSealer(keyring_from(load_settings()))
    askers = []
    batch = 2_000
    for start in range(0, count, batch):
        with engine.begin() as connection:
            repository = SqlRegistryRepository(connection, sealer)
            for i in range(start, min(count, start + batch)):
                body = make_body(rng, f"{tag}-{i:08d}")
                group = _build_group(RegisterCommand.model_validate(body), now, owner)
                repository.add_registration(group.registration, list(group.persons), group.family)
                registration = group.registration
                key = party_key(registration.person_ids, registration.family_id)
                askers.append(
                    Asker(
                        str(registration.id),
                        body["members"][0]["birth_date"],
                        request_id_for(WINDOW, key),
                        rng.sample(CODES, rng.randint(1, 3)),
                    )
                )
    return askers


def http_ask(host: str, port: int, asker: Asker) -> bytes:
    payload = orjson.dumps(
        {
            "registration_id": asker.registration_id,
            "birth_date": asker.birth_date,
            "preferences": asker.preferences,
        }
    )
    head = (
        f"POST {ENDPOINT} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def in_process(engine: Engine, askers: list[Asker], threads: int, database: str) -> RunResult:
    """The baseline: the same use case (registry proof and the ask) without HTTP, in threads;
    its app CPU is this process's."""
    result = RunResult("use case in-process (no HTTP)", len(askers), 0.0, [])
    items = iter(askers)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                asker = next(items, None)
            if asker is None:
                return
            started = time.perf_counter()
            try:
                ask_myself(
                    SqlEntryUnitOfWork(engine),
                    SelfAsk(
                        uuid.UUID(asker.registration_id),
                        date.fromisoformat(asker.birth_date),
                        tuple(asker.preferences),
                        False,
                        datetime.now(UTC),
                    ),
                )
            except Exception:
                result.errors += 1
                continue
            result.latencies.append(time.perf_counter() - started)
            result.acknowledged.add(asker.request_id)

    processes, cpu, busy = process_cpu(), own_cpu_seconds(), machine_busy_seconds()
    began = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    result.seconds = time.perf_counter() - began
    machine = machine_busy_seconds() - busy
    own = own_cpu_seconds() - cpu  # this process is the app here, not a client
    result.cpu = cpu_share(processes, process_cpu(), None, own, machine, database)
    return result


def set_up_programme(engine: Engine, persons: int) -> None:
    add_ports(SqlEntryUnitOfWork(engine), SOUTHWEST_PORTS.values())
    for code in SOUTHWEST_PORTS:
        set_capacity(SqlEntryUnitOfWork(engine), code, date(2020, 1, 1), persons, False)
    now = datetime.now(UTC)
    window = RequestWindow(WINDOW, now - timedelta(minutes=1), now + timedelta(hours=6),
                           commitment_of(SECRET))  # fmt: skip
    open_window(SqlEntryUnitOfWork(engine), window)


def audit_run(
    engine: Engine, expected: set[str], acknowledged: set[str], day: date
) -> dict[str, int]:
    """Acknowledged requests missing from the run, and requests stored or explained twice."""
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(t.entry_requests)) or 0
        explained = set(
            connection.scalars(
                select(t.entry_explanations.c.request_id).where(t.entry_explanations.c.day == day)
            )
        )
        explanation_rows = connection.scalar(
            select(func.count()).select_from(t.entry_explanations).where(
                t.entry_explanations.c.day == day
            )
        )  # fmt: skip
    return {
        "stored": stored,
        "explained": len(explained),
        "lost": len(acknowledged - explained),
        "duplicated": (explanation_rows or 0) - len(explained) + max(0, stored - len(expected)),
        "unexpected": len(explained - expected),
    }


def row(result: RunResult, baseline: RunResult | None) -> str:
    share = result.cpu or CpuShare(0.0, 0.0, 0.0)
    asks = len(result.latencies)

    def cores(seconds: float) -> str:
        return f"{seconds / result.seconds:.2f}" if result.seconds else "—"

    def per_ask(seconds: float) -> str:
        return f"{seconds * 1000 / asks:.2f}" if asks and result.cpu else "—"

    ratio = f"{result.rate / baseline.rate:.2f}×" if baseline else "1×"
    return (
        f"| {result.label} | {len(result.latencies):,} | {result.rate:,.0f} | {ratio} | "
        f"{result.percentile(0.5):.1f} | {result.percentile(0.99):.1f} | {result.errors} | "
        f"{cores(share.app)} | {cores(share.postgres)} | "
        f"{cores(result.client_cpu) if result.client_cpu is not None else '—'} | "
        f"{per_ask(share.app)} | {per_ask(share.postgres)} |"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000, help="distinct parties asking")
    parser.add_argument("--repeat", type=float, default=0.05, help="share asking twice")
    parser.add_argument("--baseline", type=int, default=5_000, help="asks in the baseline")
    parser.add_argument("--concurrency", type=int, default=64, help="clients in flight")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--pool-size", type=int, default=10, help="connections per worker")
    parser.add_argument("--persons", type=int, default=161, help="persons a day per port")
    parser.add_argument("--seed", type=int, default=20230510)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PUENTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    load_before = os.getloadavg()[0]
    database = postgres_database(args.postgres_url)
    name = database.url.rsplit("/", 1)[-1]  # PostgreSQL's CPU: this database's backends
    try:
        engine = make_engine(database.url)
        upgrade(engine)
        started = time.perf_counter()
        askers = preload(engine, args.people + args.baseline, rng, "rush")
        rush, sample = askers[: args.people], askers[args.people :]
        print(f"preloaded {len(askers):,} registrations in {time.perf_counter() - started:.0f} s")
        # Autovacuum would have analysed a registry filled over weeks; a bulk load right before
        # the rush leaves the planner without statistics (it then scans persons for a proof).
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
        set_up_programme(engine, args.persons)
        baseline = in_process(engine, sample, args.concurrency // 4 or 1, name)
        port = free_port()
        server = start_server(database.url, port, args.workers, args.pool_size)
        try:
            wait_until_settled(server)
            again = rng.sample(rush, int(len(rush) * args.repeat))
            work = [(a.request_id, http_ask("127.0.0.1", port, a)) for a in [*rush, *again]]
            rng.shuffle(work)
            label = f"HTTP, {args.workers} workers"
            http = run_http(label, server.pid, port, work, args.concurrency, name)
        finally:
            stop_server(server)
        with engine.begin() as connection:
            connection.execute(update(t.entry_windows).values(closes_at=datetime.now(UTC)))
        day = datetime.now(UTC).date() + timedelta(days=1)
        settings = load_settings(database_url=database.url)
        run = daily_run(engine, settings, day, WINDOW, SECRET, DEFAULT_POLICY)
        expected = {a.request_id for a in askers}
        audit = audit_run(engine, expected, http.acknowledged | baseline.acknowledged, day)
        engine.dispose()
    finally:
        database.drop()
    print(
        f"\n{platform.node()}: {described()}, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {args.people:,} parties (+{len(again):,} asking "
        f"twice), {args.concurrency} concurrent, {args.workers} workers, pool {args.pool_size}; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
    )
    print("| path | acknowledged | asks/s | of baseline | p50 ms | p99 ms | errors | "
          "CPU app | CPU postgres | CPU client | app ms/ask | postgres ms/ask |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(row(baseline, None))
    print(row(http, baseline))
    if http.error_kinds:
        print(f"\nHTTP errors: {http.error_kinds}")
    record = run.outcome.record
    print(
        f"\nNext run ({day}): {record.considered:,} requests considered, {record.allocated:,} "
        f"allocated, {run.seconds:.1f} s (sweep, draw, offers, {record.considered:,} "
        f"explanations and notifications written)."
    )
    print(
        f"Audit: {audit['stored']:,} requests stored for {len(expected):,} parties; "
        f"{audit['explained']:,} explained in the run; acknowledged but missing from the run: "
        f"{audit['lost']}; duplicated: {audit['duplicated']}; unexpected: {audit['unexpected']}."
    )
    print(
        "CPU columns are cores busy on average (the server's processes, PostgreSQL's, the load "
        "generator's); the baseline runs in this process, which is its app. PostgreSQL: the "
        "backends of the benchmark's database and the server's shared processes. ms/ask: CPU "
        "milliseconds per acknowledged ask."
    )


if __name__ == "__main__":
    main()
