"""Placement model: the queue of referred children, care providers' free beds, and the rules
that decide which provider may take which child (sex and age band, tender age, needs, basis).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from puente.shared.errors import InvalidInput
from puente.shelters.domain.model import (
    ACCEPTS_PLACEMENTS,
    DEFAULT_AGE_BANDS,
    REQUIRES_BASIS,
    RESTRICTIVENESS,
    AgeBand,
    BedPool,
    LicenceStatus,
    PlacementBasis,
    Sex,
    Shelter,
    ShelterKind,
    band_of,
)

DEFAULT_TENDER_AGE_BELOW = 13  # HHS; CBP sometimes used 5 and under (domain.md 11)
EARTH_RADIUS_KM = 6371.0

# Which settings a documented basis calls for; a child with none may use any setting that does
# not require one. Danger or a charge opens heightened supervision first (less restrictive).
BASIS_SETTINGS: dict[PlacementBasis, frozenset[ShelterKind]] = {
    PlacementBasis.TREATMENT: frozenset({ShelterKind.RESIDENTIAL_TREATMENT}),
    PlacementBasis.SUPERVISION: frozenset({ShelterKind.HEIGHTENED_SUPERVISION}),
    PlacementBasis.DANGER_OR_CHARGE: frozenset(
        {ShelterKind.HEIGHTENED_SUPERVISION, ShelterKind.SECURE}
    ),
}
ORR_KINDS = frozenset(k for k in ShelterKind if k is not ShelterKind.ALBERGUE)
STANDARD_KINDS = frozenset(k for k in ORR_KINDS if k not in REQUIRES_BASIS)
ALL_SETTINGS = STANDARD_KINDS.union(*BASIS_SETTINGS.values())


@dataclass(frozen=True)
class PlacementRules:
    tender_age_below: int = DEFAULT_TENDER_AGE_BELOW
    age_bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS

    @cached_property
    def _pools(self) -> dict[tuple[Sex, int], BedPool]:
        # Looked up for every child of every run: a table beats searching the bands each time.
        return {
            (sex, age): BedPool(sex, band)
            for sex in Sex
            for band in self.age_bands
            for age in range(band.low, band.high + 1)
        }

    def pool(self, sex: Sex, age: int) -> BedPool:
        found = self._pools.get((sex, age))
        return found if found is not None else BedPool(sex, band_of(age, self.age_bands))


@dataclass(frozen=True)
class QueuedChild:
    """A child referred to ORR and waiting in border custody, as the optimiser sees them."""

    id: str
    sex: Sex
    age: int
    hours_waiting: float
    facility: str
    latitude: float
    longitude: float
    sibling_group: str | None = None
    special_needs: frozenset[str] = frozenset()
    bases: frozenset[PlacementBasis] = frozenset()

    def pool(self, rules: PlacementRules) -> BedPool:
        return rules.pool(self.sex, self.age)

    def tender_age(self, rules: PlacementRules) -> bool:
        return self.age < rules.tender_age_below

    @property
    def allowed_kinds(self) -> frozenset[ShelterKind]:
        if not self.bases:
            return STANDARD_KINDS
        kinds: set[ShelterKind] = set()
        for basis in self.bases:
            kinds |= BASIS_SETTINGS[basis]
        return frozenset(kinds)


@dataclass(frozen=True)
class Provider:
    """A care provider's free beds at the start of a run."""

    id: str
    name: str
    kind: ShelterKind
    licence: LicenceStatus
    latitude: float
    longitude: float
    free: dict[BedPool, int]
    tender_age_allowed: bool = True
    needs_served: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if any(n < 0 for n in self.free.values()):
            raise InvalidInput.single(f"providers.{self.id}.free", "cannot be negative")

    @classmethod
    def from_shelter(cls, shelter: Shelter) -> Provider:
        return cls(
            id=str(shelter.id),
            name=shelter.name,
            kind=shelter.kind,
            licence=shelter.licence,
            latitude=shelter.latitude,
            longitude=shelter.longitude,
            free=shelter.free_by_pool(),
            tender_age_allowed=shelter.tender_age_allowed,
            needs_served=shelter.needs_served,
        )

    @property
    def restrictiveness(self) -> int:
        return RESTRICTIVENESS[self.kind]

    @property
    def open(self) -> bool:
        return self.licence in ACCEPTS_PLACEMENTS and self.kind in ORR_KINDS


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Unit:
    """Children placed as one: a sibling group kept together, or a single child."""

    members: tuple[QueuedChild, ...]
    split_from_group: bool = False  # a sibling group no provider could hold whole

    @property
    def lead(self) -> QueuedChild:
        return self.members[0]

    @cached_property
    def hours(self) -> float:
        return max(c.hours_waiting for c in self.members)

    @cached_property
    def needs(self) -> frozenset[str]:
        return frozenset().union(*(c.special_needs for c in self.members))

    @cached_property
    def allowed_kinds(self) -> frozenset[ShelterKind]:
        kinds = ALL_SETTINGS
        for child in self.members:
            kinds &= child.allowed_kinds
        return kinds

    def composition(self, rules: PlacementRules) -> tuple[tuple[BedPool, int], ...]:
        counts: dict[BedPool, int] = {}
        for child in self.members:
            pool = child.pool(rules)
            counts[pool] = counts.get(pool, 0) + 1
        return tuple(sorted(counts.items()))

    def any_tender_age(self, rules: PlacementRules) -> bool:
        return any(c.tender_age(rules) for c in self.members)


def rule_failures(unit: Unit, provider: Provider, rules: PlacementRules) -> list[str]:
    """Why ``provider`` may not take ``unit`` whole at the start of a run ([] when it may)."""
    failures = []
    if not provider.open:
        failures.append(f"{provider.kind} with licence {provider.licence} takes no placements")
    if provider.kind not in unit.allowed_kinds:
        failures.append(f"{provider.kind} is not a setting this child's basis allows")
    if unit.any_tender_age(rules) and not provider.tender_age_allowed:
        failures.append(f"tender age (under {rules.tender_age_below}) not allowed")
    missing = unit.needs - provider.needs_served
    if missing:
        failures.append("needs not served: " + ", ".join(sorted(missing)))
    for pool, count in unit.composition(rules):
        if provider.free.get(pool, 0) < count:
            beds = "no free bed" if count == 1 else f"fewer than {count} free beds"
            failures.append(f"{beds} for {pool}")
    return failures


def compatible(unit: Unit, provider: Provider, rules: PlacementRules) -> bool:
    """``rule_failures`` is empty, checked without building the reasons."""
    return _fits(unit, unit.composition(rules), unit.any_tender_age(rules), provider)


def _fits(
    unit: Unit, composition: tuple[tuple[BedPool, int], ...], tender_age: bool, provider: Provider
) -> bool:
    return (
        provider.open
        and provider.kind in unit.allowed_kinds
        and (provider.tender_age_allowed or not tender_age)
        and unit.needs <= provider.needs_served
        and all(provider.free.get(pool, 0) >= n for pool, n in composition)
    )


def form_units(
    queue: Iterable[QueuedChild], providers: list[Provider], rules: PlacementRules
) -> list[Unit]:
    """Sibling groups become one unit; a group that no provider could hold whole, even with
    every free bed of the run, is split so each child can still leave border custody."""
    groups: dict[str, list[QueuedChild]] = {}
    units: list[Unit] = []
    seen: set[str] = set()
    for child in queue:
        if child.id in seen:
            raise InvalidInput.single("queue", f"child {child.id} appears twice")
        seen.add(child.id)
        if child.sibling_group is None:
            units.append(Unit((child,)))
        else:
            groups.setdefault(child.sibling_group, []).append(child)
    for members in groups.values():
        members.sort(key=lambda c: (-c.hours_waiting, c.id))
        group = Unit(tuple(members))
        composition, tender = group.composition(rules), group.any_tender_age(rules)
        if len(members) == 1 or any(_fits(group, composition, tender, p) for p in providers):
            units.append(group)
        else:
            units.extend(Unit((child,), split_from_group=True) for child in members)
    return units
