"""Whole-queue placement: a lexicographic linear programme over unit types and providers.

Units (sibling groups or single children) that share origin, bed needs, special needs, tender
age and allowed settings are interchangeable, so the programme counts units of each type per
provider instead of deciding child by child. Stage 1 places as many children as possible,
oldest clocks first; stage 2 keeps that optimum and picks the least restrictive, then nearest,
beds. Single-child types form a transportation problem (integral optimum); groups' fractional
parts are rounded down and re-placed by a final fill that leaves no compatible bed unused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from time import perf_counter

import numpy as np
import numpy.typing as npt

from puente.children.domain.placement import (
    PlacementRules,
    Provider,
    QueuedChild,
    Unit,
    form_units,
)
from puente.shelters.domain.model import BedPool, ShelterKind

UNPLACED_PER_CHILD = 10_000  # exceeds any clock weight: place more children first
HOURS_CAP = 9_999
TIER = 10_000  # one restrictiveness step outweighs any distance in km
INTEGRAL = 1e-6
# Sibling-group types are many and each fits few providers well; offering each only its
# cheapest compatible providers keeps the programme small. The final fill still offers a group
# every compatible bed left, so pruning can cost distance but never a placement that fits.
GROUP_CANDIDATES = 12

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class UnitType:
    origin: tuple[float, float]
    composition: tuple[tuple[BedPool, int], ...]
    needs: frozenset[str]
    tender_age: bool
    allowed_kinds: frozenset[ShelterKind]

    @property
    def size(self) -> int:
        return sum(n for _, n in self.composition)


@dataclass(frozen=True)
class PlacementResult:
    units: list[Unit]
    placed: dict[str, str]  # child id → provider id
    unit_provider: list[str | None]  # per unit, where it went
    providers: list[Provider]
    rules: PlacementRules
    seconds: float
    lp_rounded: bool  # True when groups' fractional LP values had to be rounded

    @property
    def unplaced_units(self) -> list[Unit]:
        return [u for u, p in zip(self.units, self.unit_provider, strict=True) if p is None]

    def residual(self) -> dict[str, dict[BedPool, int]]:
        """Each provider's free beds after this run."""
        left = {p.id: dict(p.free) for p in self.providers}
        for unit, provider_id in zip(self.units, self.unit_provider, strict=True):
            if provider_id is not None:
                for pool, count in unit.composition(self.rules):
                    left[provider_id][pool] -= count
        return left


def _unit_type(unit: Unit, rules: PlacementRules) -> UnitType:
    lead = unit.lead
    return UnitType(
        origin=(lead.latitude, lead.longitude),
        composition=unit.composition(rules),
        needs=unit.needs,
        tender_age=unit.any_tender_age(rules),
        allowed_kinds=unit.allowed_kinds,
    )


def _penalty(unit: Unit) -> int:
    return sum(UNPLACED_PER_CHILD + min(round(c.hours_waiting), HOURS_CAP) for c in unit.members)


class _Network:
    """Providers as arrays, so compatibility and costs are computed per type in numpy."""

    def __init__(self, providers: list[Provider], types: list[UnitType]) -> None:
        self.providers = providers
        self.pools = sorted(
            {pool for p in providers for pool in p.free}
            | {pool for t in types for pool, _ in t.composition}
        )
        self.pool_index = {pool: i for i, pool in enumerate(self.pools)}
        needs = sorted(
            {n for p in providers for n in p.needs_served} | {n for t in types for n in t.needs}
        )
        self.need_bit = {need: 1 << i for i, need in enumerate(needs)}
        self.free = np.zeros((len(providers), len(self.pools)), dtype=np.int64)
        for i, provider in enumerate(providers):
            for pool, count in provider.free.items():
                self.free[i, self.pool_index[pool]] = count
        self.open = np.array([p.open for p in providers], dtype=bool)
        self.tender = np.array([p.tender_age_allowed for p in providers], dtype=bool)
        self.needs = np.array([self._bits(p.needs_served) for p in providers], dtype=np.int64)
        self.kinds = np.array([p.kind.value for p in providers], dtype=object)
        self.tier = np.array([p.restrictiveness for p in providers], dtype=np.int64)
        self.lat = np.radians(np.array([p.latitude for p in providers], dtype=np.float64))
        self.lon = np.radians(np.array([p.longitude for p in providers], dtype=np.float64))

    def _bits(self, needs: frozenset[str]) -> int:
        return sum(self.need_bit[n] for n in needs)

    def demand(self, unit_type: UnitType) -> IntArray:
        row = np.zeros(len(self.pools), dtype=np.int64)
        for pool, count in unit_type.composition:
            row[self.pool_index[pool]] = count
        return row

    def compatible(self, unit_type: UnitType, free: IntArray) -> BoolArray:
        allowed = np.isin(self.kinds, [k.value for k in unit_type.allowed_kinds])
        bits = self._bits(unit_type.needs)
        mask: BoolArray = self.open & allowed & ((self.needs & bits) == bits)
        if unit_type.tender_age:
            mask &= self.tender
        mask &= np.all(free >= self.demand(unit_type), axis=1)
        return mask

    def costs(self, unit_type: UnitType) -> FloatArray:
        lat, lon = np.radians(unit_type.origin[0]), np.radians(unit_type.origin[1])
        a = (
            np.sin((self.lat - lat) / 2) ** 2
            + np.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        )
        km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        per_child: FloatArray = (self.tier * TIER + np.rint(km)).astype(np.float64)
        return per_child * unit_type.size


def _solve(
    network: _Network,
    types: list[UnitType],
    buckets: list[dict[int, int]],
    free: IntArray,
) -> list[dict[int, float]]:
    """Stage 1 and stage 2 linear programmes; returns, per type, units per provider index."""
    # SciPy loads with the first run, not with every process that reads a placement (the web
    # app's start-up spent about half a second on it).
    from scipy.optimize import linprog  # type: ignore[import-untyped]
    from scipy.sparse import coo_matrix, csr_matrix, vstack  # type: ignore[import-untyped]

    cols_t: list[int] = []
    cols_p: list[int] = []
    cost: list[float] = []
    for t, unit_type in enumerate(types):
        idx = np.flatnonzero(network.compatible(unit_type, free))
        costs = network.costs(unit_type)[idx]
        if unit_type.size > 1 and len(idx) > GROUP_CANDIDATES:
            keep = np.argsort(costs, kind="stable")[:GROUP_CANDIDATES]
            idx, costs = idx[keep], costs[keep]
        cols_t.extend([t] * len(idx))
        cols_p.extend(idx.tolist())
        cost.extend(costs.tolist())
    n_x = len(cols_t)
    v_t = [t for t, b in enumerate(buckets) for _ in b]
    v_pen = [float(pen) for b in buckets for pen in b]
    v_cap = [float(n) for b in buckets for n in b.values()]
    n_v = len(v_t)
    if n_x == 0:
        return [{} for _ in types]
    n_pools = len(network.pools)
    # Capacity rows: for each (provider, pool), units of each type times their beds in it.
    rows, cols, vals = [], [], []
    demands = [network.demand(t) for t in types]
    for col, (t, p) in enumerate(zip(cols_t, cols_p, strict=True)):
        for pool_i in np.flatnonzero(demands[t]):
            rows.append(p * n_pools + int(pool_i))
            cols.append(col)
            vals.append(float(demands[t][pool_i]))
    a_cap = coo_matrix((vals, (rows, cols)), shape=(free.size, n_x + n_v)).tocsr()
    b_cap = free.reshape(-1).astype(np.float64)
    # Each type's units are placed somewhere or counted unplaced in one of its clock buckets.
    eq_rows = cols_t + v_t
    a_eq = csr_matrix(
        (np.ones(n_x + n_v), (eq_rows, np.arange(n_x + n_v))), shape=(len(types), n_x + n_v)
    )
    b_eq = np.array([sum(b.values()) for b in buckets], dtype=np.float64)
    bounds = [(0.0, None)] * n_x + [(0.0, cap) for cap in v_cap]
    c1 = np.concatenate([np.zeros(n_x), np.array(v_pen)])
    first = linprog(
        c1, A_ub=a_cap, b_ub=b_cap, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs-ipm"
    )
    if first.status != 0:
        raise RuntimeError(f"placement stage 1 failed: {first.message}")
    a_ub = vstack([a_cap, csr_matrix(c1.reshape(1, -1))]).tocsr()
    b_ub = np.concatenate([b_cap, [float(first.fun) + 0.5]])
    c2 = np.concatenate([np.array(cost), np.zeros(n_v)])
    second = linprog(
        c2, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs-ipm"
    )
    if second.status != 0:
        raise RuntimeError(f"placement stage 2 failed: {second.message}")
    solution = second.x
    placed: list[dict[int, float]] = [defaultdict(float) for _ in types]
    for col in np.flatnonzero(solution[:n_x] > INTEGRAL).tolist():
        placed[cols_t[col]][cols_p[col]] += float(solution[col])
    return placed


def place(
    queue: list[QueuedChild], providers: list[Provider], rules: PlacementRules = PlacementRules()
) -> PlacementResult:
    """Place the whole queue at once; see the module docstring for the method."""
    started = perf_counter()
    units = form_units(queue, providers, rules)
    type_of: dict[UnitType, int] = {}
    members: list[list[int]] = []
    for i, unit in enumerate(units):
        t = type_of.setdefault(_unit_type(unit, rules), len(type_of))
        if t == len(members):
            members.append([])
        members[t].append(i)
    types = list(type_of)
    network = _Network(providers, types)
    free = network.free.copy()
    unit_provider: list[int | None] = [None] * len(units)
    for indices in members:
        indices.sort(key=lambda i: (-units[i].hours, units[i].lead.id))

    def buckets_of(index: list[int]) -> list[dict[int, int]]:
        result: list[dict[int, int]] = []
        for t in index:
            bucket: dict[int, int] = defaultdict(int)
            for i in members[t]:
                if unit_provider[i] is None:
                    bucket[_penalty(units[i])] += 1
            result.append(dict(bucket))
        return result

    def assign(t: int, counts: dict[int, int]) -> None:
        # Within a type the oldest clocks take the cheapest of the type's chosen providers.
        order = sorted(counts, key=lambda p: float(network.costs(types[t])[p]))
        waiting = iter([i for i in members[t] if unit_provider[i] is None])
        for p in order:
            for _ in range(counts[p]):
                unit_provider[next(waiting)] = p
            free[p] -= network.demand(types[t]) * counts[p]

    groups = [t for t, unit_type in enumerate(types) if unit_type.size > 1]
    singles = [t for t, unit_type in enumerate(types) if unit_type.size == 1]
    rounded = False
    for subset in (groups, singles):
        solution = _solve(network, [types[t] for t in subset], buckets_of(subset), free)
        for t, per in zip(subset, solution, strict=True):
            rounded |= any(abs(v - round(v)) > INTEGRAL for v in per.values())
            # round() for singles (integral up to solver noise), int() floors groups' parts
            whole = {
                p: round(v) if abs(v - round(v)) <= INTEGRAL else int(v) for p, v in per.items()
            }
            assign(t, {p: n for p, n in whole.items() if n > 0})
        _fill(network, types, {t: members[t] for t in subset}, units, unit_provider, free)
    _fill(network, types, dict(enumerate(members)), units, unit_provider, free)
    ids = [p.id for p in providers]
    unit_ids = [None if p is None else ids[p] for p in unit_provider]
    placed = {
        child.id: pid
        for unit, pid in zip(units, unit_ids, strict=True)
        if pid is not None
        for child in unit.members
    }
    return PlacementResult(
        units, placed, unit_ids, providers, rules, perf_counter() - started, rounded
    )


def _fill(
    network: _Network,
    types: list[UnitType],
    members: dict[int, list[int]],
    units: list[Unit],
    unit_provider: list[int | None],
    free: IntArray,
) -> None:
    """Oldest first, put any unit still waiting into the cheapest compatible bed left."""
    waiting = sorted(
        (i for group in members.values() for i in group if unit_provider[i] is None),
        key=lambda i: (-units[i].hours, units[i].lead.id),
    )
    type_index = {i: t for t, group in members.items() for i in group}
    exhausted: set[int] = set()
    for i in waiting:
        t = type_index[i]
        if t in exhausted:
            continue
        mask = network.compatible(types[t], free)
        if not mask.any():
            exhausted.add(t)
            continue
        costs = np.where(mask, network.costs(types[t]), np.inf)
        p = int(np.argmin(costs))
        unit_provider[i] = p
        free[p] -= network.demand(types[t])
