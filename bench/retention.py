"""Retention run figures: the dry-run review and the anonymising apply, beside raw baselines.

Run: ``.venv/bin/python bench/retention.py`` (2,000 people on SQLite; ``--postgres URL`` adds
PostgreSQL). Baselines, measured in the same run on the same rows: reading every person's id and
creation time (for the review), and rewriting each person's row once, 500 per transaction (for
apply, which also deletes contact, documents and keys and blanks corrections and family labels).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, select, text, update  # noqa: E402

from puente.access.adapters.keys import keyring_from  # noqa: E402
from puente.access.adapters.store.credential_store import SqlCredentialStore  # noqa: E402
from puente.access.domain.decisions import Principal  # noqa: E402
from puente.access.domain.retention import RetentionAction, RetentionRule  # noqa: E402
from puente.access.domain.roles import Organisation, OrganisationKind, Role  # noqa: E402
from puente.access.services.retention_run import apply_report, review_now  # noqa: E402
from puente.registry.adapters.store.tables import persons  # noqa: E402
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork  # noqa: E402
from puente.registry.services.registration import register  # noqa: E402
from puente.retention import retention_uow  # noqa: E402
from puente.settings import load_settings  # noqa: E402
from puente.shared.db import make_engine, normalise_url  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402
from tests.unit.registry.factories import member, register_command  # noqa: E402

NOW = datetime(2026, 11, 23, tzinfo=UTC)
RULES = [RetentionRule("person", timedelta(days=1826), RetentionAction.ANONYMISE, "five years")]
BATCH = 500


def populate(engine: Engine, people: int) -> Principal:
    org = Organisation(uuid4(), f"Bench {uuid4().hex[:6]}", OrganisationKind.UN_AGENCY, "MX")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(org, NOW)
        store.commit()
    uow = partial(SqlRegistryUnitOfWork, engine, keyring_from(load_settings()))
    for i in range(people // 2):
        at = NOW - timedelta(days=2200 + i % 900)
        family = [member(relationship="head"), member(given_names="Lupe", relationship="child")]
        register(uow, register_command(family, family_label="Familia Cruz"), at, org.id)
    return Principal(uuid4(), org, frozenset({Role.SYSTEM_ADMIN}))


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(name: str, engine: Engine, people: int) -> None:
    admin = populate(engine, people)
    factory = retention_uow(engine)

    def read_all() -> None:
        with engine.connect() as connection:
            connection.execute(select(persons.c.id, persons.c.created_at)).all()

    def rewrite_all() -> None:
        with engine.connect() as connection:
            ids = list(connection.scalars(select(persons.c.id)))
        for start in range(0, len(ids), BATCH):
            with engine.begin() as connection:
                chunk = ids[start : start + BATCH]
                connection.execute(
                    update(persons).where(persons.c.id.in_(chunk)).values(version=persons.c.version)
                )

    read = timed(read_all)
    report = review_now(factory, admin, RULES, NOW)
    review_s = timed(lambda: review_now(factory, admin, RULES, NOW))
    rewrite = timed(rewrite_all)
    apply_s = timed(lambda: apply_report(factory, admin, RULES, report, "bench", NOW, BATCH))
    due = len(report.actions())
    print(f"{name}: {due:,} people due of {people:,}")
    print(
        f"  review  {review_s * 1000:8.1f} ms   baseline read  {read * 1000:8.1f} ms"
        f"   ratio {review_s / read:5.1f}"
    )
    print(
        f"  apply   {apply_s * 1000:8.1f} ms   baseline write {rewrite * 1000:8.1f} ms"
        f"   ratio {apply_s / rewrite:5.1f}   {due / apply_s:,.0f} people/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a scratch database is made")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        measure("SQLite", engine, args.people)
        engine.dispose()
    if args.postgres:
        admin = create_engine(normalise_url(args.postgres), isolation_level="AUTOCOMMIT")
        name = f"bench_retention_{uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(normalise_url(args.postgres).rsplit("/", 1)[0] + f"/{name}")
        try:
            upgrade(engine)
            measure("PostgreSQL", engine, args.people)
        finally:
            engine.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
