"""Registrations per second through the HTTP API, beside the raw database insert rate.

Run: ``.venv/bin/python bench/registration.py --help``; results are kept in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import described  # noqa: E402
from puente.access.adapters.keys import keyring_from  # noqa: E402
from puente.access.adapters.store.credential_store import SqlCredentialStore  # noqa: E402
from puente.access.domain.roles import (  # noqa: E402
    Organisation,
    OrganisationKind,
    Permission,
    Role,
)
from puente.access.services.authentication import create_user, issue_api_token  # noqa: E402
from puente.registry.adapters.store import tables as t  # noqa: E402
from puente.registry.adapters.store.repository import SqlRegistryRepository  # noqa: E402
from puente.registry.adapters.store.sealing import FieldSealer  # noqa: E402
from puente.registry.services.commands import RegisterCommand  # noqa: E402
from puente.registry.services.registration import _build_group  # noqa: E402
from puente.settings import load_settings  # noqa: E402
from puente.shared.db import make_engine, normalise_url  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402

ENDPOINT = "/api/v1/registrations"
GIVEN = [
    "María José",
    "Juan Carlos",
    "Wislande",
    "Ana Lucía",
    "José",
    "Yessenia",
    "Kervens",
    "Luis Fernando",
    "Daniela",
    "Marisol",
    "Jean-Baptiste",
    "Rosa Elena",
    "Óscar",
    "Nayeli",
]
SURNAMES = [
    "de la Cruz",
    "Hernández",
    "García",
    "Saint-Fleur",
    "López",
    "Martínez",
    "Pierre",
    "Rodríguez",
    "Flores",
    "Castillo",
    "Joseph",
    "Ramírez",
    "Gómez",
    "Díaz",
    "Núñez",
]
NATIONALITIES = ["HN", "GT", "SV", "VE", "HT", "CU", "NI", "CO", "EC", "MX"]
LANGUAGES = {"HT": ["hat", "fra"], "GT": ["spa", "quc"]}
LOCATIONS = ["Tijuana", "Mexicali", "Nogales", "Ciudad Juárez", "Reynosa", "Matamoros"]
VULNERABILITIES = ["medical", "pregnancy", "disability", "survivor_of_violence", "elderly"]
RELATIONS = ["spouse", "child", "child", "child", "parent", "sibling"]


# --- request bodies --------------------------------------------------------------------------


def _member(rng: random.Random, relationship: str | None, child: bool) -> dict[str, Any]:
    country = rng.choice(NATIONALITIES)
    year = rng.randint(2010, 2022) if child else rng.randint(1950, 2004)
    member: dict[str, Any] = {
        "given_names": rng.choice(GIVEN),
        "first_surname": rng.choice(SURNAMES),
        "second_surname": rng.choice([*SURNAMES, None]),
        "sex": rng.choice(["female", "male"]),
        "birth_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "nationalities": [country],
        "languages": LANGUAGES.get(country, ["spa"]),
        "phones": [] if child else [f"+52 664 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"],
    }
    if relationship:
        member["relationship"] = relationship
    if rng.random() < 0.15:
        member["vulnerabilities"] = [rng.choice(VULNERABILITIES)]
    return member


def make_body(rng: random.Random, request_id: str) -> dict[str, Any]:
    """A person alone (about half the time) or a family of two to five, as staff would enter."""
    size = 1 if rng.random() < 0.5 else rng.randint(2, 5)
    if size == 1:
        members = [_member(rng, None, child=False)]
    else:
        members = [_member(rng, "head", child=False)] + [
            _member(rng, relation, child=relation == "child")
            for relation in rng.choices(RELATIONS, k=size - 1)
        ]
    return {
        "request_id": request_id,
        "location": rng.choice(LOCATIONS),
        "registered_by": "ACNUR " + rng.choice(LOCATIONS),
        "consent_given": True,
        "members": members,
    }


def http_request(host: str, port: int, body: dict[str, Any], token: str) -> bytes:
    payload = orjson.dumps(body)
    head = (
        f"POST {ENDPOINT} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


# --- measurements ----------------------------------------------------------------------------


@dataclass
class RunResult:
    label: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int = 0
    acknowledged: set[str] = field(default_factory=set)
    client_cpu: float | None = None
    cpu: CpuShare | None = None
    lost: int | None = None
    duplicated: int | None = None
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def machine_busy_seconds() -> float:
    """CPU seconds spent by every process on the machine (from /proc/stat), all cores together."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def process_cpu() -> dict[int, tuple[str, int, float]]:
    """Every live process: its name, parent and CPU seconds so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        rest = stat[stat.rindex(")") + 2 :].split()
        # Children's time counts too: PostgreSQL's backends end with their connections.
        spent = sum(int(v) for v in rest[11:15])
        found[int(entry.name)] = (name, int(rest[1]), spent / ticks)
    return found


def process_tree(found: dict[int, tuple[str, int, float]], root: int) -> set[int]:
    """``root`` and every process descending from it."""
    pids, grew = {root}, True
    while grew:
        new = {pid for pid, (_, ppid, _) in found.items() if ppid in pids} - pids
        pids |= new
        grew = bool(new)
    return pids


@dataclass
class CpuShare:
    """Where the machine's CPU went during a run, in CPU seconds."""

    app: float
    postgres: float
    others: float


def cpu_share(
    before: dict[int, tuple[str, int, float]],
    after: dict[int, tuple[str, int, float]],
    app_root: int | None,
    app_extra: float,
    machine: float,
    database: str | None = None,
) -> CpuShare:
    """With ``database``, PostgreSQL's share is the backends serving that database and the
    server's shared processes (WAL writer, checkpointer, …), not other databases' backends."""

    def spent(pid: int) -> float:
        return after[pid][2] - (before[pid][2] if pid in before else 0.0)

    app_pids = process_tree(after, app_root) if app_root is not None else set()
    app = app_extra + sum(spent(pid) for pid in app_pids if pid in after)
    postgres = sum(
        spent(pid)
        for pid, (name, _, _) in after.items()
        if name == "postgres" and (database is None or _serves(pid, database))
    )
    own = os.getpid()
    client = spent(own) if own in after else 0.0
    return CpuShare(app, postgres, max(0.0, machine - app - postgres - client))


def _serves(pid: int, database: str) -> bool:
    """Whether the PostgreSQL process ``pid`` counts towards ``database`` (see
    ``title_serves``); a process that has ended is a short-lived backend of another database."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return title_serves(cmdline, database)


def title_serves(cmdline: str, database: str) -> bool:
    """Whether a PostgreSQL process title is ``database``'s backend or autovacuum worker, or one
    the whole server shares (WAL writer, checkpointer…). A backend's title is ``postgres:
    CLUSTER: USER DATABASE HOST(PORT) STATE``, or ``… USER DATABASE [local] STATE`` over a Unix
    socket. The postmaster is left out: its own work is slight, and the time it counts for its
    ended children is every database's."""
    # PostgreSQL overwrites its argument area in place and pads the title with NULs.
    title = cmdline.split("\0", 1)[0]
    if not title.startswith("postgres: "):
        return False
    words = title.split(": ", 2)[-1].split()
    if words[:2] == ["autovacuum", "worker"]:
        return words[2:3] == [database]
    is_backend = len(words) >= 3 and ("(" in words[2] or words[2] == "[local]")
    return not is_backend or words[1] == database


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the HTTP load generator -----------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; a dropped connection is reopened on the next request."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        try:
            self.writer.write(request)
            head = await self.reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            return status, await self.reader.readexactly(length)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _drive(
    host: str, port: int, work: list[tuple[str, bytes]], concurrency: int, result: RunResult
) -> None:
    items = iter(work)

    async def client() -> None:
        connection = Connection(host, port)
        for request_id, request in items:
            started = time.perf_counter()
            try:
                status, _ = await connection.send(request)
            except (OSError, asyncio.IncompleteReadError) as error:
                result.errors += 1
                kind = type(error).__name__
                result.error_kinds[kind] = result.error_kinds.get(kind, 0) + 1
                continue
            if 200 <= status < 300:
                result.latencies.append(time.perf_counter() - started)
                result.acknowledged.add(request_id)
            else:
                result.errors += 1
                result.error_kinds[str(status)] = result.error_kinds.get(str(status), 0) + 1
        connection.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))


def run_http(
    label: str,
    server: int,
    port: int,
    work: list[tuple[str, bytes]],
    concurrency: int,
    database: str | None = None,
) -> RunResult:
    result = RunResult(label, len(work), 0.0, [])
    processes = process_cpu()
    cpu, busy, started = own_cpu_seconds(), machine_busy_seconds(), time.perf_counter()
    runner = _event_loop_runner()
    runner(_drive("127.0.0.1", port, work, concurrency, result))
    result.seconds = time.perf_counter() - started
    result.client_cpu = own_cpu_seconds() - cpu
    machine = machine_busy_seconds() - busy
    result.cpu = cpu_share(processes, process_cpu(), server, 0.0, machine, database)
    return result


def _event_loop_runner() -> Callable[[Any], None]:
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


# --- the raw insert ceiling ------------------------------------------------------------------


def _raw_process(
    url: str,
    bodies: list[dict[str, Any]],
    owner: uuid.UUID,
    threads: int,
    start: Any,
    end: Any,
    out: Pipe,
) -> None:
    engine = make_engine(url, pool_size=threads)
    sealer = FieldSealer(keyring_from(load_settings()))
    now = datetime.now(UTC)
    # Validation and domain building happen before the clock starts: only the writes count.
    work = [
        (body["request_id"], _build_group(RegisterCommand.model_validate(body), now, owner))
        for body in bodies
    ]
    items = iter(work)
    lock = threading.Lock()
    latencies: list[float] = []
    committed: list[str] = []
    errors = 0

    def insert_all() -> None:
        nonlocal errors
        while True:
            with lock:
                item = next(items, None)
            if item is None:
                return
            request_id, group = item
            started = time.perf_counter()
            try:
                with engine.begin() as connection:
                    SqlRegistryRepository(connection, sealer).add_registration(
                        group.registration, list(group.persons), group.family
                    )
            except Exception:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            committed.append(request_id)

    start.wait()
    cpu = own_cpu_seconds()
    pool = [threading.Thread(target=insert_all) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.send((latencies, committed, errors, own_cpu_seconds() - cpu))
    # The connections stay open until the parent has read PostgreSQL's CPU: a backend that
    # exits now may not be reaped, and counted, in time.
    end.wait()
    engine.dispose()


def run_raw(
    label: str,
    url: str,
    bodies: list[dict[str, Any]],
    owner: uuid.UUID,
    concurrency: int,
    processes: int,
) -> RunResult:
    """The same rows through the repository's own writes, one transaction per registration,
    from as many processes as the server has workers: the storage layer without HTTP."""
    context = multiprocessing.get_context("fork")
    processes = max(1, min(processes, concurrency))
    start, end = context.Barrier(processes + 1), context.Barrier(processes + 1)
    children = []
    for index in range(processes):
        threads = concurrency // processes + (1 if index < concurrency % processes else 0)
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=_raw_process,
            args=(url, bodies[index::processes], owner, threads, start, end, send),
        )
        child.start()
        children.append((child, receive))
    snapshot = process_cpu()
    start.wait()
    busy, started = machine_busy_seconds(), time.perf_counter()
    result = RunResult(label, len(bodies), 0.0, [])
    inserters = 0.0
    for _, receive in children:
        latencies, committed, errors, cpu = receive.recv()
        result.latencies += latencies
        result.acknowledged.update(committed)
        result.errors += errors
        inserters += cpu
    result.seconds = time.perf_counter() - started
    machine = machine_busy_seconds() - busy
    after = process_cpu()
    end.wait()
    for child, _ in children:
        child.join()
    # The inserters' own CPU came with their results, measured around the inserts alone.
    inserter_pids = {child.pid for child, _ in children}
    after = {pid: v for pid, v in after.items() if pid not in inserter_pids}
    result.cpu = cpu_share(snapshot, after, None, inserters, machine)
    return result


# --- databases and the server ----------------------------------------------------------------


@dataclass
class Database:
    name: str
    url: str
    drop: Callable[[], None]


def postgres_database(admin_url: str) -> Database:
    admin = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"puente_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(admin_url).rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return Database("PostgreSQL", url, drop)


def sqlite_database() -> Database:
    directory = tempfile.mkdtemp(prefix="puente-bench-")
    return Database(
        "SQLite", f"sqlite:///{directory}/bench.db", lambda: shutil.rmtree(directory, True)
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(url: str, port: int, workers: int, pool_size: int) -> subprocess.Popen[bytes]:
    """The server as ``puente serve`` runs it, minus the CLI's imports of every context."""
    env = {
        **os.environ,
        "PUENTE_DATABASE_URL": url,
        "PUENTE_DATABASE_POOL_SIZE": str(pool_size),
        "PUENTE_ENVIRONMENT": "test",
    }
    command = [
        sys.executable, "-m", "uvicorn", "puente.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("the server did not start listening within 120 s")


def wait_until_settled(server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Wait until the server's processes stop using CPU: the socket listens before the workers
    have imported the application, and that start-up must not count as CPU spent on requests."""

    def tree_cpu() -> float:
        found = process_cpu()
        return sum(found[pid][2] for pid in process_tree(found, server.pid) if pid in found)

    deadline, spent = time.monotonic() + timeout, tree_cpu()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = tree_cpu()
        if now - spent < 0.05:
            return
        spent = now


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def audit(
    engine: Engine, bodies: Sequence[dict[str, Any]], acknowledged: set[str]
) -> tuple[int, int]:
    """Acknowledged registrations missing from the database, and rows stored more than once."""
    expected = {b["request_id"]: len(b["members"]) for b in bodies}
    with engine.connect() as connection:
        stored: dict[str, int] = {
            request_id: count
            for request_id, count in connection.execute(
                select(
                    t.registrations.c.request_id, func.count(t.registration_subjects.c.person_id)
                )
                .join(t.registration_subjects, isouter=True)
                .where(t.registrations.c.request_id.in_(list(expected)))
                .group_by(t.registrations.c.request_id)
            )
        }
        registrations, distinct = connection.execute(
            select(func.count(), func.count(t.registrations.c.request_id.distinct()))
        ).one()
        orphans = connection.scalar(
            select(func.count())
            .select_from(t.persons)
            .where(~t.persons.c.id.in_(select(t.registration_subjects.c.person_id)))
        )
    lost = sum(1 for r in acknowledged if stored.get(r) != expected[r])
    duplicated = (
        registrations
        - distinct
        + int(orphans or 0)
        + sum(max(0, n - expected[r]) for r, n in stored.items())
    )
    return lost, duplicated


# --- one engine, both paths ------------------------------------------------------------------


def registrar_token(engine: Engine) -> tuple[uuid.UUID, str]:
    """An organisation and an API token of one of its registrars: the HTTP path authenticates."""
    now = datetime.now(UTC)
    organisation = Organisation(uuid.uuid4(), "Bench NGO", OrganisationKind.NGO, "MX")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(organisation, now)
        store.commit()
        user = create_user(
            store,
            keyring_from(load_settings()),
            organisation,
            f"bench-{uuid.uuid4().hex[:8]}",
            "Benchmark registrar",
            "benchmark-password",
            frozenset({Role.REGISTRAR}),
            now,
        )
        _, token = issue_api_token(
            store, user.user_id, "bench", frozenset({Permission.REGISTRY_WRITE}), now
        )
    return organisation.id, token


def bodies_for(rng: random.Random, prefix: str, count: int) -> list[dict[str, Any]]:
    return [make_body(rng, f"{prefix}-{i:08d}") for i in range(count)]


def bench_engine(
    database: Database, args: argparse.Namespace, rng: random.Random
) -> list[RunResult]:
    tag = uuid.uuid4().hex[:6]
    engine = make_engine(database.url)
    upgrade(engine)
    owner, token = registrar_token(engine)
    host, port = "127.0.0.1", free_port()
    server = start_server(database.url, port, args.workers, args.pool_size)
    try:
        warm = bodies_for(rng, f"warm-{tag}", args.warmup)
        run_http(
            "warm-up",
            server.pid,
            port,
            [(b["request_id"], http_request(host, port, b, token)) for b in warm],
            args.concurrency,
        )
        bodies = bodies_for(rng, f"http-{tag}", args.requests)
        work = [(b["request_id"], http_request(host, port, b, token)) for b in bodies]
        http = run_http(f"HTTP, {args.workers} workers", server.pid, port, work, args.concurrency)
    finally:
        stop_server(server)
    http.lost, http.duplicated = audit(engine, bodies, http.acknowledged)

    raw_bodies = bodies_for(rng, f"raw-{tag}", args.requests)
    run_raw(
        "warm-up",
        database.url,
        bodies_for(rng, f"rawwarm-{tag}", args.warmup),
        owner,
        args.concurrency,
        args.workers,
    )
    raw = run_raw(
        "raw inserts (ceiling)", database.url, raw_bodies, owner, args.concurrency, args.workers
    )
    raw.lost, raw.duplicated = audit(engine, raw_bodies, raw.acknowledged)
    engine.dispose()
    return [http, raw]


# --- report ----------------------------------------------------------------------------------


def table(rows: list[tuple[str, RunResult, RunResult]]) -> str:
    lines = [
        "| engine | path | acked | reg/s | of raw | p50 ms | p99 ms | errors | lost | dup | "
        "CPU app | CPU postgres | CPU client | CPU others |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for engine, http, raw in rows:
        for result in (http, raw):
            share = result.cpu or CpuShare(0.0, 0.0, 0.0)

            def cores(seconds: float, result: RunResult = result) -> str:
                return f"{seconds / result.seconds:.2f}"

            client = cores(result.client_cpu) if result.client_cpu is not None else "—"
            lines.append(
                f"| {engine} | {result.label} | {len(result.latencies)} | {result.rate:,.0f} | "
                f"{result.rate / raw.rate:.0%} | {result.percentile(0.50):.1f} | "
                f"{result.percentile(0.99):.1f} | {result.errors} | {result.lost} | "
                f"{result.duplicated} | {cores(share.app)} | {cores(share.postgres)} | "
                f"{client} | {cores(share.others)} |"
            )
    lines.append(
        f"\nCPU columns are cores busy on average ({os.cpu_count()} in all): the server's "
        "processes (or the raw inserters), PostgreSQL's, the load generator's, and everything "
        "else on the machine."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="postgresql,sqlite", help="postgresql, sqlite or both")
    parser.add_argument("--requests", type=int, default=10_000, help="timed requests per path")
    parser.add_argument("--warmup", type=int, default=1_000, help="warm-up requests per engine")
    parser.add_argument("--concurrency", type=int, default=32, help="clients in flight")
    parser.add_argument("--workers", type=int, default=4, help="server worker processes")
    parser.add_argument("--pool-size", type=int, default=10, help="connections per worker")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PUENTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
        help="a server where the benchmark may create and drop its own database",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    load_before = os.getloadavg()[0]
    rows = []
    for name in args.engines.split(","):
        database = (
            postgres_database(args.postgres_url) if name == "postgresql" else sqlite_database()
        )
        try:
            http, raw = bench_engine(database, args, rng)
        finally:
            database.drop()
        rows.append((database.name, http, raw))
        for result in (http, raw):
            if result.error_kinds:
                print(f"{database.name} {result.label} errors: {result.error_kinds}")
    print(
        f"\n{platform.node()}: {described()}, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {args.requests} requests per path, "
        f"{args.concurrency} concurrent, {args.workers} workers, pool {args.pool_size}; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
