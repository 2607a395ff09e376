"""Shelters on SQL: load a shelter whole (beds, occupants, overrides), save only what changed.

Saving bumps ``shelters.version`` where it still holds the version read, so of two transactions
filling the same beds the second fails (``StaleVersion``) instead of going over capacity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Row, delete, insert, select, update

from puente.shared.errors import StaleVersion
from puente.shelters.adapters.store.tables import (
    care_outbox,
    shelter_beds,
    shelter_movements,
    shelter_occupants,
    shelter_overrides,
    shelters,
)
from puente.shelters.domain.model import (
    AgeBand,
    BedPool,
    LicenceStatus,
    Movement,
    OverCapacityOverride,
    OvercrowdingAlert,
    Sex,
    Shelter,
    ShelterKind,
)
from puente.shelters.services.unit_of_work import ShelterRepository


def pool_of(row: Row[Any] | Mapping[str, Any]) -> BedPool:
    values = row._mapping if isinstance(row, Row) else row
    return BedPool(Sex(values["sex"]), AgeBand(values["band_low"], values["band_high"]))


def pool_columns(pool: BedPool) -> dict[str, object]:
    return {"sex": pool.sex.value, "band_low": pool.band.low, "band_high": pool.band.high}


@dataclass(frozen=True)
class _Loaded:
    version: int
    beds: dict[BedPool, int]
    occupants: dict[UUID, BedPool]
    overrides: int
    movements: int


def enqueue(connection: Connection, kind: str, payload: dict[str, Any], at: datetime) -> None:
    """Write one alert to the outbox in the caller's transaction."""
    connection.execute(insert(care_outbox).values(kind=kind, payload=payload, created_at=at))


def overcrowding_payload(alert: OvercrowdingAlert) -> dict[str, Any]:
    return {
        "shelter_id": str(alert.shelter_id),
        "pool": str(alert.pool),
        "occupied": alert.occupied,
        "beds": alert.beds,
        "at": alert.at.isoformat(),
    }


class SqlShelterRepository(ShelterRepository):
    """``owner_id`` scopes listings and owns new shelters; ``get`` by id is not scoped."""

    def __init__(self, connection: Connection, owner_id: UUID | None) -> None:
        self._connection = connection
        self._owner_id = owner_id
        self._loaded: dict[UUID, _Loaded] = {}

    def add(self, shelter: Shelter) -> None:
        if self._owner_id is None:
            raise ValueError("a shelter needs the organisation that owns it")
        self._connection.execute(
            insert(shelters).values(
                id=shelter.id, owner_id=self._owner_id, version=1, **_row(shelter)
            )
        )
        self._write_changes(shelter, _Loaded(0, {}, {}, 0, 0))

    def get(self, shelter_id: UUID) -> Shelter | None:
        found = self._load(shelters.c.id == shelter_id)
        return found[0] if found else None

    def all(self) -> list[Shelter]:
        if self._owner_id is None:
            return self._load(None)
        return self._load(shelters.c.owner_id == self._owner_id)

    def owner_of(self, shelter_id: UUID) -> UUID | None:
        owner: UUID | None = self._connection.scalar(
            select(shelters.c.owner_id).where(shelters.c.id == shelter_id)
        )
        return owner

    def recent_movements(self, shelter_id: UUID, limit: int = 50) -> list[Movement]:
        rows = self._connection.execute(
            select(shelter_movements)
            .where(shelter_movements.c.shelter_id == shelter_id)
            .order_by(shelter_movements.c.id.desc())
            .limit(limit)
        )
        return [Movement(r.occupant_id, pool_of(r), r.kind, r.at, r.by_override) for r in rows]

    def save(self, shelter: Shelter) -> None:
        loaded = self._loaded[shelter.id]
        done = self._connection.execute(
            update(shelters)
            .where(shelters.c.id == shelter.id, shelters.c.version == loaded.version)
            .values(version=loaded.version + 1, **_row(shelter))
        )
        if done.rowcount != 1:
            current = self._connection.scalar(
                select(shelters.c.version).where(shelters.c.id == shelter.id)
            )
            raise StaleVersion("shelter", int(current or 0))
        self._write_changes(shelter, loaded)

    def _write_changes(self, shelter: Shelter, loaded: _Loaded) -> None:
        connection = self._connection
        if shelter.beds != loaded.beds:
            connection.execute(delete(shelter_beds).where(shelter_beds.c.shelter_id == shelter.id))
            _insert(
                connection,
                shelter_beds,
                [
                    {"shelter_id": shelter.id, "beds": n, **pool_columns(p)}
                    for p, n in shelter.beds.items()
                ],
            )
        gone = [o for o in loaded.occupants if o not in shelter.occupants]
        if gone:
            connection.execute(
                delete(shelter_occupants).where(shelter_occupants.c.occupant_id.in_(gone))
            )
        _insert(
            connection,
            shelter_occupants,
            [
                {"occupant_id": o, "shelter_id": shelter.id, **pool_columns(p)}
                for o, p in shelter.occupants.items()
                if o not in loaded.occupants
            ],
        )
        _insert(
            connection,
            shelter_overrides,
            [
                {
                    "shelter_id": shelter.id,
                    "extra": o.extra,
                    "granted_by": o.granted_by,
                    "granted_at": o.granted_at,
                    "reason": o.reason,
                    **pool_columns(o.pool),
                }
                for o in shelter.overrides[loaded.overrides :]
            ],
        )
        _insert(
            connection,
            shelter_movements,
            [
                {
                    "shelter_id": shelter.id,
                    "occupant_id": m.occupant_id,
                    "kind": m.kind.value,
                    "at": m.at,
                    "by_override": m.by_override,
                    **pool_columns(m.pool),
                }
                for m in shelter.movements[loaded.movements :]
            ],
        )
        self._loaded[shelter.id] = _Loaded(
            loaded.version + 1,
            dict(shelter.beds),
            dict(shelter.occupants),
            len(shelter.overrides),
            len(shelter.movements),
        )

    def _load(self, condition: Any) -> list[Shelter]:
        query = select(shelters).order_by(shelters.c.name, shelters.c.id)
        if condition is not None:
            query = query.where(condition)
        rows = list(self._connection.execute(query))
        ids = [r.id for r in rows]
        if not ids:
            return []
        beds: dict[UUID, dict[BedPool, int]] = defaultdict(dict)
        for r in self._children_of(shelter_beds, ids):
            beds[r.shelter_id][pool_of(r)] = r.beds
        occupants: dict[UUID, dict[UUID, BedPool]] = defaultdict(dict)
        for r in self._children_of(shelter_occupants, ids):
            occupants[r.shelter_id][r.occupant_id] = pool_of(r)
        overrides: dict[UUID, list[OverCapacityOverride]] = defaultdict(list)
        for r in self._children_of(shelter_overrides, ids, shelter_overrides.c.id):
            overrides[r.shelter_id].append(
                OverCapacityOverride(pool_of(r), r.extra, r.granted_by, r.granted_at, r.reason)
            )
        found = []
        for r in rows:
            shelter = Shelter(
                id=r.id,
                name=r.name,
                kind=ShelterKind(r.kind),
                licence=LicenceStatus(r.licence),
                latitude=r.latitude,
                longitude=r.longitude,
                beds=beds[r.id],
                tender_age_allowed=r.tender_age_allowed,
                needs_served=frozenset(r.needs_served),
                occupants=occupants[r.id],
                overrides=overrides[r.id],
                overcrowding_ratio=r.overcrowding_ratio,
            )
            self._loaded[r.id] = _Loaded(
                r.version, dict(shelter.beds), dict(shelter.occupants), len(shelter.overrides), 0
            )
            found.append(shelter)
        return found

    def _children_of(self, table: Any, ids: list[UUID], *order: Any) -> Iterable[Row[Any]]:
        return self._connection.execute(
            select(table).where(table.c.shelter_id.in_(ids)).order_by(*order)
        )


def _row(shelter: Shelter) -> dict[str, object]:
    return {
        "name": shelter.name,
        "kind": shelter.kind.value,
        "licence": shelter.licence.value,
        "latitude": shelter.latitude,
        "longitude": shelter.longitude,
        "tender_age_allowed": shelter.tender_age_allowed,
        "needs_served": sorted(shelter.needs_served),
        "overcrowding_ratio": shelter.overcrowding_ratio,
    }


def _insert(connection: Connection, table: Any, rows: list[dict[str, object]]) -> None:
    if rows:
        connection.execute(insert(table), rows)
