"""Shelters and their beds: kind, licence, bed pools by sex and age band, occupancy.

Occupancy never exceeds a pool's beds unless an audited over-capacity override (who, when, why)
covers the extra places; every check-in and check-out is kept as a dated movement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from puente.shared.errors import FieldProblem, IllegalTransition, InvalidInput, NotFound


class ShelterKind(StrEnum):
    """Mexican albergues for waiting families and the ORR care-provider types (domain.md 11)."""

    ALBERGUE = "albergue"
    TRANSITIONAL_FOSTER_CARE = "transitional_foster_care"
    LONG_TERM_FOSTER_CARE = "long_term_foster_care"
    GROUP_HOME = "group_home"
    SHELTER = "shelter"
    HEIGHTENED_SUPERVISION = "heightened_supervision"
    RESIDENTIAL_TREATMENT = "residential_treatment"
    SECURE = "secure"
    INFLUX_CARE_FACILITY = "influx_care_facility"
    EMERGENCY_INTAKE_SITE = "emergency_intake_site"


# Least restrictive first: licensed care before influx care before emergency intake sites.
# Heightened supervision, residential treatment and secure care are more restrictive than a
# shelter but only open to children with a documented basis (see ``REQUIRES_BASIS``).
RESTRICTIVENESS: dict[ShelterKind, int] = {
    ShelterKind.TRANSITIONAL_FOSTER_CARE: 0,
    ShelterKind.LONG_TERM_FOSTER_CARE: 0,
    ShelterKind.GROUP_HOME: 1,
    ShelterKind.SHELTER: 2,
    ShelterKind.ALBERGUE: 2,
    ShelterKind.RESIDENTIAL_TREATMENT: 3,
    ShelterKind.HEIGHTENED_SUPERVISION: 4,
    ShelterKind.SECURE: 5,
    ShelterKind.INFLUX_CARE_FACILITY: 6,
    ShelterKind.EMERGENCY_INTAKE_SITE: 7,
}


class PlacementBasis(StrEnum):
    """Documented reasons that open a more restrictive setting to a child."""

    TREATMENT = "treatment"  # clinical need for residential treatment
    SUPERVISION = "supervision"  # heightened supervision
    DANGER_OR_CHARGE = "danger_or_charge"  # secure care: danger to self/others or a charge


REQUIRES_BASIS: dict[ShelterKind, PlacementBasis] = {
    ShelterKind.RESIDENTIAL_TREATMENT: PlacementBasis.TREATMENT,
    ShelterKind.HEIGHTENED_SUPERVISION: PlacementBasis.SUPERVISION,
    ShelterKind.SECURE: PlacementBasis.DANGER_OR_CHARGE,
}


class LicenceStatus(StrEnum):
    LICENSED = "licensed"
    PROVISIONAL = "provisional"
    UNLICENSED = "unlicensed"  # influx care and emergency intake sites operate unlicensed
    SUSPENDED = "suspended"
    REVOKED = "revoked"


ACCEPTS_PLACEMENTS = frozenset(
    {LicenceStatus.LICENSED, LicenceStatus.PROVISIONAL, LicenceStatus.UNLICENSED}
)


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


@dataclass(frozen=True, order=True)
class AgeBand:
    """Whole years ``low`` to ``high`` inclusive."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 0 <= self.low <= self.high:
            raise InvalidInput.single("age_band", f"bad band {self.low}–{self.high}")

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.low <= age <= self.high

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


DEFAULT_AGE_BANDS = (AgeBand(0, 5), AgeBand(6, 12), AgeBand(13, 15), AgeBand(16, 17))


def band_of(age: int, bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS) -> AgeBand:
    for band in bands:
        if age in band:
            return band
    raise InvalidInput.single("age", f"no bed age band holds age {age}")


@dataclass(frozen=True, order=True)
class BedPool:
    """Beds for one sex and one age band."""

    sex: Sex
    band: AgeBand

    def __str__(self) -> str:
        return f"{'girls' if self.sex is Sex.FEMALE else 'boys'} {self.band}"


@dataclass(frozen=True)
class OverCapacityOverride:
    """An audited permission to exceed a pool's beds by ``extra`` places."""

    pool: BedPool
    extra: int
    granted_by: str
    granted_at: datetime
    reason: str

    def __post_init__(self) -> None:
        problems = []
        if self.extra <= 0:
            problems.append(FieldProblem("extra", "must be at least 1"))
        if not self.granted_by.strip():
            problems.append(FieldProblem("granted_by", "who granted the override must be recorded"))
        if not self.reason.strip():
            problems.append(FieldProblem("reason", "why the override was granted must be recorded"))
        if self.granted_at.tzinfo is None:
            problems.append(FieldProblem("granted_at", "must carry its time zone"))
        if problems:
            raise InvalidInput(problems)


class MovementKind(StrEnum):
    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"


@dataclass(frozen=True)
class Movement:
    occupant_id: UUID
    pool: BedPool
    kind: MovementKind
    at: datetime
    by_override: bool = False


@dataclass(frozen=True)
class OvercrowdingAlert:
    shelter_id: UUID
    pool: BedPool
    occupied: int
    beds: int
    at: datetime

    @property
    def ratio(self) -> float:
        return self.occupied / self.beds if self.beds else float("inf")


DEFAULT_OVERCROWDING_RATIO = 0.95  # warn before the last bed is taken


@dataclass
class Shelter:
    id: UUID
    name: str
    kind: ShelterKind
    licence: LicenceStatus
    latitude: float
    longitude: float
    beds: dict[BedPool, int]
    tender_age_allowed: bool = True
    needs_served: frozenset[str] = frozenset()
    occupants: dict[UUID, BedPool] = field(default_factory=dict)
    overrides: list[OverCapacityOverride] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    overcrowding_ratio: float = DEFAULT_OVERCROWDING_RATIO

    def __post_init__(self) -> None:
        if any(count < 0 for count in self.beds.values()):
            raise InvalidInput.single("beds", "bed counts cannot be negative")
        if not 0 < self.overcrowding_ratio <= 1:
            raise InvalidInput.single("overcrowding_ratio", "must be in (0, 1]")

    @property
    def restrictiveness(self) -> int:
        return RESTRICTIVENESS[self.kind]

    @property
    def accepts_placements(self) -> bool:
        return self.licence in ACCEPTS_PLACEMENTS

    def occupied(self, pool: BedPool) -> int:
        return sum(1 for held in self.occupants.values() if held == pool)

    def free_beds(self, pool: BedPool) -> int:
        """Beds free without an override; never negative even when overridden."""
        return max(self.beds.get(pool, 0) - self.occupied(pool), 0)

    def free_by_pool(self) -> dict[BedPool, int]:
        return {pool: self.free_beds(pool) for pool in self.beds}

    def override_allowance(self, pool: BedPool) -> int:
        return sum(o.extra for o in self.overrides if o.pool == pool)

    def grant_override(self, override: OverCapacityOverride) -> None:
        if override.pool not in self.beds:
            raise InvalidInput.single("pool", f"{self.name} has no beds for {override.pool}")
        self.overrides.append(override)

    def check_in(self, occupant_id: UUID, pool: BedPool, at: datetime) -> OvercrowdingAlert | None:
        """Admit one occupant; over the pool's beds only within granted overrides."""
        if at.tzinfo is None:
            raise InvalidInput.single("at", "check-in time must carry its time zone")
        if occupant_id in self.occupants:
            raise IllegalTransition("occupancy", "checked_in", "checked_in")
        if not self.accepts_placements:
            raise InvalidInput.single("licence", f"{self.name} is {self.licence}: no admissions")
        beds = self.beds.get(pool, 0)
        occupied = self.occupied(pool)
        over = occupied >= beds
        if over and occupied >= beds + self.override_allowance(pool):
            raise InvalidInput.single(
                "pool",
                f"{self.name}: {pool} is full ({occupied}/{beds}); an over-capacity override "
                "naming who, when and why is required",
            )
        self.occupants[occupant_id] = pool
        self.movements.append(Movement(occupant_id, pool, MovementKind.CHECK_IN, at, over))
        return self.overcrowding(pool, at)

    def check_out(self, occupant_id: UUID, at: datetime) -> None:
        if at.tzinfo is None:
            raise InvalidInput.single("at", "check-out time must carry its time zone")
        pool = self.occupants.pop(occupant_id, None)
        if pool is None:
            raise NotFound("occupant", occupant_id)
        self.movements.append(Movement(occupant_id, pool, MovementKind.CHECK_OUT, at))

    def overcrowding(self, pool: BedPool, at: datetime) -> OvercrowdingAlert | None:
        beds = self.beds.get(pool, 0)
        occupied = self.occupied(pool)
        if occupied >= beds * self.overcrowding_ratio and occupied > 0:
            return OvercrowdingAlert(self.id, pool, occupied, beds, at)
        return None
