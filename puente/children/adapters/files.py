"""Queue (CSV) and provider (JSON) files for ``puente children place``; errors name the line.

Queue columns: id, sex (F/M), age, encountered_at (ISO 8601 with offset), facility, latitude,
longitude, and optionally sibling_group, special_needs and bases (both ``;``-separated).
Providers: a JSON list of {id, name, kind, licence, latitude, longitude, tender_age_allowed,
needs_served, free} where ``free`` maps pools such as ``"F 13-15"`` to free beds.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from puente.children.domain.clock import elapsed
from puente.children.domain.explain import Explanation
from puente.children.domain.placement import Provider, QueuedChild
from puente.shared.errors import FieldProblem, InvalidInput
from puente.shelters.domain.model import (
    AgeBand,
    BedPool,
    LicenceStatus,
    PlacementBasis,
    Sex,
    ShelterKind,
)

QUEUE_COLUMNS = ("id", "sex", "age", "encountered_at", "facility", "latitude", "longitude")


def _tags(text: str | None) -> frozenset[str]:
    return frozenset(t.strip() for t in (text or "").split(";") if t.strip())


def pool_key(pool: BedPool) -> str:
    return f"{pool.sex.value} {pool.band.low}-{pool.band.high}"


def parse_pool(key: str) -> BedPool:
    sex, _, band = key.strip().partition(" ")
    low, _, high = band.partition("-")
    return BedPool(Sex(sex), AgeBand(int(low), int(high)))


def read_queue(path: Path, now: datetime) -> list[QueuedChild]:
    problems: list[FieldProblem] = []
    queue = []
    with path.open(encoding="utf-8-sig", newline="") as source:
        reader = csv.DictReader(source)
        missing = set(QUEUE_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput.single("header", "missing columns: " + ", ".join(sorted(missing)))
        for line, row in enumerate(reader, start=2):
            try:
                encountered = datetime.fromisoformat(row["encountered_at"])
                queue.append(
                    QueuedChild(
                        id=row["id"],
                        sex=Sex(row["sex"]),
                        age=int(row["age"]),
                        hours_waiting=elapsed(encountered, now).total_seconds() / 3600,
                        facility=row["facility"],
                        latitude=float(row["latitude"]),
                        longitude=float(row["longitude"]),
                        sibling_group=(row.get("sibling_group") or "").strip() or None,
                        special_needs=_tags(row.get("special_needs")),
                        bases=frozenset(PlacementBasis(b) for b in _tags(row.get("bases"))),
                    )
                )
            except InvalidInput as error:
                problems.extend(error.nested(f"line {line}").problems)
            except (ValueError, TypeError) as error:
                problems.append(FieldProblem(f"line {line}", str(error)))
    if problems:
        raise InvalidInput(problems)
    return queue


def _provider(item: dict[str, Any]) -> Provider:
    return Provider(
        id=str(item["id"]),
        name=str(item.get("name", item["id"])),
        kind=ShelterKind(item["kind"]),
        licence=LicenceStatus(item["licence"]),
        latitude=float(item["latitude"]),
        longitude=float(item["longitude"]),
        free={parse_pool(k): int(v) for k, v in item["free"].items()},
        tender_age_allowed=bool(item.get("tender_age_allowed", True)),
        needs_served=frozenset(item.get("needs_served", ())),
    )


def read_providers(path: Path) -> list[Provider]:
    items = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(items, list):
        raise InvalidInput.single("providers", "a JSON list of providers is expected")
    providers, problems = [], []
    for i, item in enumerate(items):
        try:
            providers.append(_provider(item))
        except (KeyError, ValueError, TypeError, InvalidInput) as error:
            problems.append(FieldProblem(f"providers.{i}", f"{type(error).__name__}: {error}"))
    if problems:
        raise InvalidInput(problems)
    return providers


def write_providers(path: Path, providers: Iterable[Provider]) -> None:
    path.write_text(
        json.dumps(
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind.value,
                    "licence": p.licence.value,
                    "latitude": p.latitude,
                    "longitude": p.longitude,
                    "tender_age_allowed": p.tender_age_allowed,
                    "needs_served": sorted(p.needs_served),
                    "free": {pool_key(pool): n for pool, n in sorted(p.free.items())},
                }
                for p in providers
            ],
            indent=1,
        ),
        encoding="utf-8",
    )


def write_queue(path: Path, rows: Iterable[tuple[QueuedChild, datetime]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow([*QUEUE_COLUMNS, "sibling_group", "special_needs", "bases"])
        for child, encountered in rows:
            writer.writerow(
                [
                    child.id,
                    child.sex.value,
                    child.age,
                    encountered.isoformat(),
                    child.facility,
                    child.latitude,
                    child.longitude,
                    child.sibling_group or "",
                    ";".join(sorted(child.special_needs)),
                    ";".join(sorted(b.value for b in child.bases)),
                ]
            )


def write_explanations(path: Path, explanations: Iterable[Explanation]) -> None:
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(["child_id", "provider_id", "km", "restrictiveness", "explanation"])
        for e in explanations:
            writer.writerow(
                [
                    e.child_id,
                    e.provider_id or "",
                    "" if e.km is None else f"{e.km:.0f}",
                    "" if e.restrictiveness is None else e.restrictiveness,
                    e.text,
                ]
            )
