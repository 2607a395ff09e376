"""Placement over the stored queue: the same 10,000 children and 200 providers as
``bench/placement.py``, stored in a database, placed by one ``run_placement`` through the SQL
unit of work (read queue and shelters, optimise, check in, stop clocks, keep the run), beside
the optimiser alone on the same data in memory. Run: ``.venv/bin/python bench/placement_stored.py
[--database postgresql://…]`` (default: a fresh SQLite file); docs/children.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from uuid import UUID, uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from placement import FACILITIES, NOW, synthetic  # noqa: E402

from puente.access.adapters.store.credential_store import SqlCredentialStore  # noqa: E402
from puente.access.domain.roles import Organisation, OrganisationKind  # noqa: E402
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork  # noqa: E402
from puente.children.domain.custody import (  # noqa: E402
    AgeBasis,
    CustodyRecord,
    CustodyStatus,
    Relationship,
    Relative,
)
from puente.children.domain.optimiser import place  # noqa: E402
from puente.children.domain.placement import PlacementRules, Provider, QueuedChild  # noqa: E402
from puente.children.services.placing import run_placement  # noqa: E402
from puente.children.services.unit_of_work import Facility  # noqa: E402
from puente.shared.db import make_engine, utc_now  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402
from puente.shelters.domain.model import BedPool, Shelter  # noqa: E402

ZONE = "America/Chicago"


def _records(rows: Iterable[tuple[QueuedChild, object]]) -> list[CustodyRecord]:
    ids: dict[str, UUID] = {}
    leads: dict[str, UUID] = {}
    records = []
    for child, encountered in rows:
        ids[child.id] = uuid4()
        relatives: tuple[Relative, ...] = ()
        if child.sibling_group is not None:
            lead = leads.setdefault(child.sibling_group, ids[child.id])
            if lead != ids[child.id]:
                relatives = (Relative(Relationship.SIBLING, "sibling", lead),)
        record = CustodyRecord(
            ids[child.id],
            encountered,  # type: ignore[arg-type]
            ZONE,
            child.facility,
            child.age,
            AgeBasis.INTERVIEW,
            child.sex,
            "es",
            "GT",
            relatives,
            child.special_needs,
            child.bases,
        )
        records.append(record.move(CustodyStatus.REFERRED, encountered))  # type: ignore[arg-type]
    return records


def _shelter(provider: Provider) -> Shelter:
    beds: dict[BedPool, int] = {pool: n for pool, n in provider.free.items() if n}
    return Shelter(
        uuid4(),
        provider.name,
        provider.kind,
        provider.licence,
        provider.latitude,
        provider.longitude,
        beds,
        provider.tender_age_allowed,
        provider.needs_served,
    )


def seed(
    url: str, children: int, providers: int
) -> tuple[SqlChildrenUnitOfWork, list[QueuedChild], list[Provider]]:
    engine = make_engine(url)
    upgrade(engine)
    organisation = Organisation(
        uuid4(), f"bench {uuid4().hex[:6]}", OrganisationKind.US_FEDERAL_AGENCY, "US"
    )
    with SqlCredentialStore(engine) as store:
        store.add_organisation(organisation, utc_now())
        store.commit()
    rows, network = synthetic(children, providers, 8)
    uow = SqlChildrenUnitOfWork(engine, organisation.id)
    with uow:
        known = {f.name for f in uow.children.facilities()}
        for name, lat, lon in FACILITIES:
            if name not in known:
                uow.children.add_facility(Facility(name, ZONE, lat, lon))
        for record in _records(rows):
            uow.children.add_record(record)
        for provider in network:
            uow.shelters.add(_shelter(provider))
        uow.commit()
    return uow, [c for c, _ in rows], network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=None, help="database URL (default: temp SQLite)")
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=200)
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='puente-bench-')}/placement.db"
    print(
        f"{len(os.sched_getaffinity(0))} CPUs, load {os.getloadavg()[0]:.1f}, {url.split(':')[0]}"
    )
    started = time.perf_counter()
    uow, queue, network = seed(url, args.children, args.providers)
    seconds = time.perf_counter() - started
    print(f"seeded {len(queue):,} children and {len(network)} providers in {seconds:.1f} s")
    baseline = place(queue, network, PlacementRules())
    started = time.perf_counter()
    run = run_placement(uow, NOW)
    stored = time.perf_counter() - started
    print(f"{'method':32} {'placed':>7} {'seconds':>8}")
    print(
        f"{'optimiser in memory (baseline)':32} {len(baseline.placed):>7,} {baseline.seconds:>8.2f}"
    )
    print(f"{'run_placement on the database':32} {len(run.result.placed):>7,} {stored:>8.2f}")
    ratio = stored / baseline.seconds
    print(f"of which optimising: {run.result.seconds:.2f} s; ratio to baseline {ratio:.1f}×")


if __name__ == "__main__":
    main()
