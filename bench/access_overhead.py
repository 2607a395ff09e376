"""What access control costs on the registration and read paths: the same use cases with and
without authentication, the access decision, redaction and the audit entry, in one run.

Run: ``.venv/bin/python bench/access_overhead.py --help``; results are kept in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.access.adapters.gates import sql_gate  # noqa: E402
from puente.access.adapters.keys import keyring_from  # noqa: E402
from puente.access.adapters.store.credential_store import SqlCredentialStore  # noqa: E402
from puente.access.adapters.store.sharing_store import SqlSharingStore  # noqa: E402
from puente.access.domain.roles import (  # noqa: E402
    DataCategory,
    Organisation,
    OrganisationKind,
    Permission,
    Role,
    permissions_of,
)
from puente.access.domain.sharing import (  # noqa: E402
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
)
from puente.access.services.authentication import (  # noqa: E402
    create_user,
    issue_api_token,
    token_principal,
)
from puente.registry.adapters import classification as classes  # noqa: E402
from puente.registry.adapters.schemas import PersonRecordView, RegistrationView  # noqa: E402
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork  # noqa: E402
from puente.registry.services.commands import RegisterCommand  # noqa: E402
from puente.registry.services.queries import person_record  # noqa: E402
from puente.registry.services.registration import register  # noqa: E402
from puente.settings import load_settings  # noqa: E402
from puente.shared.db import make_engine, normalise_url, utc_now  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402

CLIENT = "10.0.0.1"


def command(number: int, tag: str) -> RegisterCommand:
    return RegisterCommand.model_validate(
        {
            "request_id": f"overhead-{tag}-{number:07d}",
            "location": "Tijuana",
            "registered_by": "bench",
            "consent_given": True,
            "members": [
                {
                    "given_names": "María José",
                    "first_surname": "de la Cruz",
                    "birth_date": "1990-05-17",
                    "nationalities": ["HN"],
                    "languages": ["spa"],
                    "phones": [f"+52 664 {number % 1000:03d} {number % 10000:04d}"],
                    "vulnerabilities": ["medical"],
                }
            ],
        }
    )


def organisation_with_token(engine: Engine, name: str, role: Role) -> tuple[Organisation, str]:
    now = utc_now()
    organisation = Organisation(uuid.uuid4(), name, OrganisationKind.NGO, "MX")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(organisation, now)
        store.commit()
        user = create_user(
            store,
            keyring_from(load_settings()),
            organisation,
            f"bench-{uuid.uuid4().hex[:8]}",
            "Benchmark user",
            "benchmark-password",
            frozenset({role}),
            now,
        )
        _, token = issue_api_token(
            store, user.user_id, "bench", permissions_of(frozenset({role})), now
        )
    return organisation, token


def authenticate(engine: Engine, token: str) -> Any:
    with SqlCredentialStore(engine) as store:
        principal = token_principal(store, token, utc_now())
    assert principal is not None
    return sql_gate(engine, principal, CLIENT)


@dataclass
class Timing:
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


def timed(operation: Callable[[int], object], count: int, threads: int) -> Timing:
    """``count`` operations from ``threads`` threads at once, as a server's workers would run."""
    numbers = iter(range(count))
    lock = threading.Lock()
    latencies: list[float] = []

    def work() -> None:
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            started = time.perf_counter()
            operation(number)
            latencies.append(time.perf_counter() - started)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if len(latencies) != count:
        raise RuntimeError(f"{count - len(latencies)} operations failed (see the errors above)")
    return Timing(time.perf_counter() - started, latencies)


class Paths:
    """The registry's use cases as the API runs them, bare and behind the gate."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.keyring = keyring_from(load_settings())
        self.uow = partial(SqlRegistryUnitOfWork, engine, self.keyring)
        self.home, self.token = organisation_with_token(engine, "Bench home", Role.REGISTRAR)
        partner, _ = organisation_with_token(engine, "Bench partner", Role.REGISTRAR)
        _, self.partner_reader = organisation_with_token(
            engine, "Bench reader", Role.LEGAL_REPRESENTATIVE
        )
        self.reader_org = authenticate(engine, self.partner_reader).principal.organisation
        self.partner = partner
        self.people: list[uuid.UUID] = []
        self.shared: list[uuid.UUID] = []

    def register_bare(self, number: int, tag: str) -> None:
        outcome = register(self.uow, command(number, tag), utc_now(), self.home.id)
        RegistrationView.of_group(outcome.group).plain()
        self.people.append(outcome.group.persons[0].id)

    def register_guarded(self, number: int, tag: str) -> None:
        gate = authenticate(self.engine, self.token)
        audit = gate.authorise_write(Permission.REGISTRY_WRITE, "registration", None, "register")
        audited = partial(SqlRegistryUnitOfWork, self.engine, self.keyring, audit)
        outcome = register(audited, command(number, tag), utc_now(), self.home.id)
        gate.own_view(RegistrationView.of_group(outcome.group).plain(), classes.REGISTRATION)

    def read_bare(self, number: int) -> None:
        record = person_record(self.uow, self.people[number % len(self.people)])
        PersonRecordView.of(record).plain()

    def read_guarded(self, number: int, token: str, people: list[uuid.UUID]) -> None:
        gate = authenticate(self.engine, token)
        record = person_record(self.uow, people[number % len(people)])
        gate.read(
            Permission.REGISTRY_READ,
            classes.person_record(record.person),
            PersonRecordView.of(record).plain(),
            classes.PERSON_RECORD,
            "read person",
        )

    def share_some(self, count: int) -> None:
        """People the partner registered, shared with the reader's organisation with consent."""
        agreed = datetime(2021, 7, 1, tzinfo=UTC)
        for number in range(count):
            outcome = register(self.uow, command(number, "shared"), utc_now(), self.partner.id)
            self.shared.append(outcome.group.persons[0].id)
        with self.engine.begin() as connection:
            store = SqlSharingStore(connection)
            store.add_agreement(
                SharingAgreement(
                    uuid.uuid4(),
                    self.partner.id,
                    self.reader_org.id,
                    Purpose.LEGAL_REPRESENTATION,
                    frozenset({"person"}),
                    frozenset({DataCategory.REFERENCE, DataCategory.IDENTITY}),
                    agreed,
                    agreed + timedelta(days=3650),
                    "benchmark",
                )
            )
            for person in self.shared:
                store.add_consent(
                    ConsentEvent(
                        person,
                        Purpose.LEGAL_REPRESENTATION,
                        ConsentStatus.GIVEN,
                        agreed,
                        ConsentChannel.IN_PERSON,
                        "bench",
                    )
                )


Row = tuple[str, str, Timing, Timing | None]


def bench_engine(name: str, url: str, count: int, threads: int) -> list[Row]:
    engine = make_engine(url, pool_size=threads)
    upgrade(engine)
    paths = Paths(engine)
    paths.share_some(200)
    timed(lambda n: paths.register_bare(n, "warm"), count // 5, threads)
    bare = timed(lambda n: paths.register_bare(n, "bare"), count, threads)
    guarded = timed(lambda n: paths.register_guarded(n, "guarded"), count, threads)
    read = timed(paths.read_bare, count, threads)
    own = timed(lambda n: paths.read_guarded(n, paths.token, paths.people), count, threads)
    shared = timed(
        lambda n: paths.read_guarded(n, paths.partner_reader, paths.shared), count, threads
    )
    engine.dispose()
    return [
        (name, "register", bare, None),
        (name, "register, guarded", guarded, bare),
        (name, "read person", read, None),
        (name, "read person, guarded, own record", own, read),
        (name, "read person, guarded, shared record", shared, read),
    ]


def report(rows: list[Row]) -> str:
    lines = [
        "| engine | path | ops/s | p50 ms | p99 ms | overhead |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, path, timing, baseline in rows:
        ordered = sorted(timing.latencies)
        p50, p99 = ordered[len(ordered) // 2] * 1e3, ordered[int(len(ordered) * 0.99) - 1] * 1e3
        overhead = f"{baseline.rate / timing.rate - 1:+.0%}" if baseline else "baseline"
        lines.append(
            f"| {name} | {path} | {timing.rate:,.0f} | {p50:.1f} | {p99:.1f} | {overhead} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="operations per path")
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--threads", type=int, default=8, help="operations in flight at once")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PUENTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("PUENTE_ENVIRONMENT", "test")
    rows = []
    for name in args.engines.split(","):
        if name == "postgresql":
            admin = create_engine(normalise_url(args.postgres_url), isolation_level="AUTOCOMMIT")
            database = f"puente_overhead_{uuid.uuid4().hex[:8]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
            url = normalise_url(args.postgres_url).rsplit("/", 1)[0] + f"/{database}"
            try:
                rows += bench_engine("PostgreSQL", url, args.count, args.threads)
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE "{database}" WITH (FORCE)'))
                admin.dispose()
        else:
            with tempfile.TemporaryDirectory(prefix="puente-overhead-") as directory:
                url = f"sqlite:///{directory}/bench.db"
                rows += bench_engine("SQLite", url, args.count, args.threads)
    print(
        f"\n{platform.node()}: {os.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{args.count} operations per path, {args.threads} at once; load average "
        f"{os.getloadavg()[0]:.1f}. Overhead: how much longer the guarded path takes for the same "
        "work (bare rate ÷ guarded rate − 1).\n"
    )
    print(report(rows))


if __name__ == "__main__":
    main()
