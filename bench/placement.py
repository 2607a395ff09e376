"""Whole-queue placement of 10,000 children into 200 care providers, beside greedy first-fit.

Both place the same synthetic queue (about 20 % of children in sibling groups, 15 % tender age,
5 % with a special need, a few with a documented basis) into the same providers. Prints placed,
sibling groups kept together, mean distance and restrictiveness for each, and the time.
Run: ``.venv/bin/python bench/placement.py`` (``--write-sample DIR`` also writes files for
``puente children place``); docs/children.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.children.adapters.cli import summarise  # noqa: E402
from puente.children.adapters.files import write_providers, write_queue  # noqa: E402
from puente.children.domain.optimiser import PlacementResult, place  # noqa: E402
from puente.children.domain.placement import (  # noqa: E402
    PlacementRules,
    Provider,
    QueuedChild,
    Unit,
    compatible,
    form_units,
)
from puente.shelters.domain.model import (  # noqa: E402
    DEFAULT_AGE_BANDS,
    BedPool,
    LicenceStatus,
    PlacementBasis,
    Sex,
    ShelterKind,
)

NOW = datetime(2021, 3, 29, 12, 0, tzinfo=UTC)
FACILITIES = (
    ("Donna", 26.17, -98.05),
    ("McAllen", 26.20, -98.23),
    ("Del Rio", 29.36, -100.90),
    ("Laredo", 27.53, -99.49),
    ("El Paso", 31.76, -106.49),
    ("Tucson", 32.22, -110.97),
    ("Yuma", 32.69, -114.62),
    ("San Diego", 32.72, -117.16),
    ("Eagle Pass", 28.71, -100.50),
    ("Brownsville", 25.90, -97.50),
    ("Nogales", 31.34, -110.94),
    ("Calexico", 32.68, -115.50),
)
KINDS = (
    [ShelterKind.SHELTER] * 10
    + [ShelterKind.GROUP_HOME] * 3
    + [ShelterKind.TRANSITIONAL_FOSTER_CARE] * 3
    + [ShelterKind.LONG_TERM_FOSTER_CARE]
    + [ShelterKind.HEIGHTENED_SUPERVISION, ShelterKind.RESIDENTIAL_TREATMENT, ShelterKind.SECURE]
    + [ShelterKind.INFLUX_CARE_FACILITY] * 2
    + [ShelterKind.EMERGENCY_INTAKE_SITE] * 2
)
UNLICENSED = (ShelterKind.INFLUX_CARE_FACILITY, ShelterKind.EMERGENCY_INTAKE_SITE)


def synthetic(
    children: int, providers: int, seed: int
) -> tuple[list[tuple[QueuedChild, datetime]], list[Provider]]:
    rng = random.Random(seed)
    queue: list[tuple[QueuedChild, datetime]] = []
    group = 0
    while len(queue) < children:
        size = rng.choices((1, 2, 3, 4), weights=(85, 9, 4, 2))[0]
        name, lat, lon = rng.choice(FACILITIES)
        encountered = NOW - timedelta(hours=rng.uniform(0, 240))
        group += 1
        for _ in range(min(size, children - len(queue))):
            age = rng.choices(range(18), weights=[1] * 13 + [6, 8, 10, 14, 16])[0]
            bases = (
                frozenset({rng.choice(list(PlacementBasis))})
                if rng.random() < 0.01
                else frozenset()
            )
            child = QueuedChild(
                f"c{len(queue):05d}",
                rng.choice(list(Sex)),
                age,
                (NOW - encountered).total_seconds() / 3600,
                name,
                lat,
                lon,
                f"g{group}" if size > 1 else None,
                frozenset({"medical"}) if rng.random() < 0.05 else frozenset(),
                bases,
            )
            queue.append((child, encountered))
    network = []
    for i in range(providers):
        kind = rng.choice(KINDS)
        unlicensed = kind in UNLICENSED
        size = rng.randint(80, 300) if unlicensed else rng.randint(10, 60)
        bands = [b for b in DEFAULT_AGE_BANDS if not unlicensed or b.low >= 13]
        pools = [BedPool(s, b) for s in Sex for b in bands]
        free = dict.fromkeys(pools, 0)
        for _ in range(size):
            free[rng.choice(pools)] += 1
        network.append(
            Provider(
                f"p{i:03d}",
                f"Provider {i}",
                kind,
                LicenceStatus.UNLICENSED if unlicensed else LicenceStatus.LICENSED,
                rng.uniform(25.5, 47.5),
                rng.uniform(-122.5, -71.0),
                free,
                tender_age_allowed=not unlicensed,
                needs_served=frozenset({"medical"}) if rng.random() < 0.3 else frozenset(),
            )
        )
    return queue, network


def greedy_first_fit(
    queue: list[QueuedChild], providers: list[Provider], rules: PlacementRules
) -> PlacementResult:
    """Child by child, oldest clock first, into the first provider with a compatible bed;
    blind to siblings, distance and restrictiveness."""
    started = time.perf_counter()
    free = {p.id: dict(p.free) for p in providers}
    units = [Unit((c,)) for c in sorted(queue, key=lambda c: -c.hours_waiting)]
    where: list[str | None] = []
    for unit in units:
        pool = unit.lead.pool(rules)
        chosen = None
        for p in providers:
            if free[p.id].get(pool, 0) > 0 and compatible(unit, p, rules):
                chosen = p.id
                free[p.id][pool] -= 1
                break
        where.append(chosen)
    placed = {u.lead.id: pid for u, pid in zip(units, where, strict=True) if pid is not None}
    return PlacementResult(
        units, placed, where, providers, rules, time.perf_counter() - started, False
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--write-sample", type=Path, default=None)
    args = parser.parse_args()
    rows, providers = synthetic(args.children, args.providers, args.seed)
    queue = [child for child, _ in rows]
    rules = PlacementRules()
    if args.write_sample:
        args.write_sample.mkdir(parents=True, exist_ok=True)
        write_queue(args.write_sample / "queue.csv", rows)
        write_providers(args.write_sample / "providers.json", providers)
        print(
            f"wrote {args.write_sample}/queue.csv and providers.json "
            f"(clock at {NOW:%Y-%m-%dT%H:%MZ})"
        )
    beds = sum(sum(p.free.values()) for p in providers)
    groups = len({c.sibling_group for c in queue if c.sibling_group})
    print(
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{len(queue):,} children ({groups:,} sibling groups), {len(providers)} providers, "
        f"{beds:,} free beds; units formed: {len(form_units(queue, providers, rules)):,}"
    )
    results = {
        "optimiser": place(queue, providers, rules),
        "greedy first-fit": greedy_first_fit(queue, providers, rules),
    }
    print(
        f"{'method':17} {'placed':>7} {'groups: together':>17} {'waiting':>8} "
        f"{'separated':>9} {'mean km':>8} {'restrictiveness':>16} {'seconds':>8}"
    )
    for name, result in results.items():
        f = summarise(result)
        print(
            f"{name:17} {f['placed']:>7,.0f} {f['groups_together']:>17,.0f} "
            f"{f['groups_waiting']:>8,.0f} {f['groups_separated']:>9,.0f} {f['mean_km']:>8.0f} "
            f"{f['mean_restrictiveness']:>16.2f} {f['seconds']:>8.2f}"
        )


if __name__ == "__main__":
    main()
