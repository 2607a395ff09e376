"""Shelter occupancy through the caller's access gate: who is in which bed is personal data
(record type ``shelter_stay``, category CUSTODY); the bed counts themselves are not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Nested, Redacted
from puente.access.domain.roles import DataCategory as C
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate, WriteAudit
from puente.shared.errors import InvalidInput, NotFound
from puente.shelters.adapters.store.unit_of_work import SqlShelterUnitOfWork
from puente.shelters.domain.model import (
    BedPool,
    Movement,
    OverCapacityOverride,
    OvercrowdingAlert,
    Sex,
    Shelter,
)
from puente.shelters.services import occupancy

SHELTER_STAY = "shelter_stay"
_POOL: Classification = {
    "pool": C.REFERENCE,
    "sex": C.REFERENCE,
    "band": C.REFERENCE,
    "beds": C.REFERENCE,
    "occupied": C.REFERENCE,
    "free": C.REFERENCE,
    "override_extra": C.REFERENCE,
    "overcrowded": C.REFERENCE,
}
OCCUPANCY_VIEW: Classification = {
    "id": C.REFERENCE,
    "name": C.REFERENCE,
    "kind": C.REFERENCE,
    "licence": C.REFERENCE,
    "accepts_placements": C.REFERENCE,
    "tender_age_allowed": C.REFERENCE,
    "needs_served": C.REFERENCE,
    "beds": C.REFERENCE,
    "occupied": C.REFERENCE,
    "pools": Nested(_POOL),
    "overrides": Nested(
        {
            "pool": C.REFERENCE,
            "extra": C.REFERENCE,
            "granted_by": C.REFERENCE,
            "granted_at": C.REFERENCE,
            "reason": C.REFERENCE,
        }
    ),
    "occupants": Nested({"occupant_id": C.REFERENCE, "pool": C.CUSTODY}, C.CUSTODY),
    "movements": Nested(
        {
            "occupant_id": C.REFERENCE,
            "pool": C.CUSTODY,
            "kind": C.CUSTODY,
            "at": C.CUSTODY,
            "by_override": C.CUSTODY,
        },
        C.CUSTODY,
    ),
}


def unit_of_work(
    engine: Engine, gate: Gate, audit: WriteAudit | None = None
) -> SqlShelterUnitOfWork:
    """The caller's organisation owns what they add; with ``audit`` (an authorised write) the
    commit adds its audit entry to the same transaction."""
    hook = in_transaction(audit) if audit is not None else None
    return SqlShelterUnitOfWork(engine, gate.principal.organisation.id, hook)


def occupancy_view(shelter: Shelter, movements: list[Movement], now: datetime) -> dict[str, Any]:
    pools = sorted(shelter.beds)
    return {
        "id": str(shelter.id),
        "name": shelter.name,
        "kind": shelter.kind.value,
        "licence": shelter.licence.value,
        "accepts_placements": shelter.accepts_placements,
        "tender_age_allowed": shelter.tender_age_allowed,
        "needs_served": sorted(shelter.needs_served),
        "beds": sum(shelter.beds.values()),
        "occupied": len(shelter.occupants),
        "pools": [
            {
                "pool": str(p),
                "sex": p.sex.value,
                "band": str(p.band),
                "beds": shelter.beds[p],
                "occupied": shelter.occupied(p),
                "free": shelter.free_beds(p),
                "override_extra": shelter.override_allowance(p),
                "overcrowded": shelter.overcrowding(p, now) is not None,
            }
            for p in pools
        ],
        "overrides": [
            {
                "pool": str(o.pool),
                "extra": o.extra,
                "granted_by": o.granted_by,
                "granted_at": o.granted_at.isoformat(),
                "reason": o.reason,
            }
            for o in shelter.overrides
        ],
        "occupants": [
            {"occupant_id": str(o), "pool": str(p)}
            for o, p in sorted(shelter.occupants.items(), key=lambda item: (item[1], item[0]))
        ],
        "movements": [
            {
                "occupant_id": str(m.occupant_id),
                "pool": str(m.pool),
                "kind": m.kind.value,
                "at": m.at.isoformat(),
                "by_override": m.by_override,
            }
            for m in movements
        ],
    }


def read_occupancy(gate: Gate, engine: Engine, shelter_id: UUID, now: datetime) -> Redacted:
    with unit_of_work(engine, gate) as uow:
        shelter = uow.shelters.get(shelter_id)
        owner = uow.shelters.owner_of(shelter_id)
        if shelter is None or owner is None:
            raise NotFound("shelter", shelter_id)
        movements = uow.shelters.recent_movements(shelter_id)
    # Occupants' nationalities are not held here: a government reader of their country is
    # refused by the records they come from (custody, registry), not by this page.
    record = ProtectedRecord(SHELTER_STAY, shelter_id, owner, tuple(shelter.occupants), frozenset())
    return gate.read(
        Permission.SHELTERS_MANAGE,
        record,
        occupancy_view(shelter, movements, now),
        OCCUPANCY_VIEW,
        "shelter.occupancy",
    )


def register(gate: Gate, engine: Engine, shelter: Shelter) -> Shelter:
    audit = gate.authorise_write(
        Permission.SHELTERS_MANAGE, SHELTER_STAY, None, "shelter.register", shelter.id
    )
    occupancy.register_shelter(unit_of_work(engine, gate, audit), shelter)
    return shelter


def _owner(engine: Engine, gate: Gate, shelter_id: UUID) -> tuple[UUID, Shelter]:
    with unit_of_work(engine, gate) as uow:
        owner, shelter = uow.shelters.owner_of(shelter_id), uow.shelters.get(shelter_id)
    if owner is None or shelter is None:
        raise NotFound("shelter", shelter_id)
    return owner, shelter


def pool_for(shelter: Shelter, sex: Sex, age: int) -> BedPool:
    """The shelter's bed pool for this sex and age."""
    for pool in shelter.beds:
        if pool.sex is sex and age in pool.band:
            return pool
    raise InvalidInput.single("age", f"{shelter.name} has no beds for {sex.value}, age {age}")


def check_in(
    gate: Gate,
    engine: Engine,
    shelter_id: UUID,
    occupant_id: UUID,
    sex: Sex,
    age: int,
    at: datetime,
) -> OvercrowdingAlert | None:
    owner, shelter = _owner(engine, gate, shelter_id)
    pool = pool_for(shelter, sex, age)
    audit = gate.authorise_write(
        Permission.SHELTERS_MANAGE, SHELTER_STAY, owner, "shelter.check_in", occupant_id
    )
    return occupancy.check_in(unit_of_work(engine, gate, audit), shelter_id, occupant_id, pool, at)


def check_out(
    gate: Gate, engine: Engine, shelter_id: UUID, occupant_id: UUID, at: datetime
) -> None:
    owner, _ = _owner(engine, gate, shelter_id)
    audit = gate.authorise_write(
        Permission.SHELTERS_MANAGE, SHELTER_STAY, owner, "shelter.check_out", occupant_id
    )
    occupancy.check_out(unit_of_work(engine, gate, audit), shelter_id, occupant_id, at)


def grant_override(
    gate: Gate, engine: Engine, shelter_id: UUID, sex: Sex, age: int, extra: int, reason: str
) -> None:
    """An explicit over-capacity override: who (the caller), when (now), why; audited."""
    owner, shelter = _owner(engine, gate, shelter_id)
    override = OverCapacityOverride(
        pool_for(shelter, sex, age), extra, str(gate.principal.user_id), gate.clock(), reason
    )
    audit = gate.authorise_write(
        Permission.SHELTERS_MANAGE,
        SHELTER_STAY,
        owner,
        "shelter.over_capacity_override",
        shelter_id,
    )
    occupancy.grant_override(unit_of_work(engine, gate, audit), shelter_id, override)
