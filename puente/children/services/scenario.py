"""March 2021 scenario: the border-custody backlog run day by day through the placement optimiser.

Inputs are the HHS daily series (children in HHS care, discharges) and the assumptions in
``ScenarioConfig``; every assumption is a field so a run can be repeated with others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from puente.children.domain.explain import BedNeed, shortfall
from puente.children.domain.optimiser import place
from puente.children.domain.placement import PlacementRules, Provider, QueuedChild
from puente.shared.errors import InvalidInput
from puente.shelters.domain.model import (
    DEFAULT_AGE_BANDS,
    BedPool,
    LicenceStatus,
    Sex,
    ShelterKind,
)

K = TypeVar("K")

# Border facilities the children wait in: (name, latitude, longitude, share of arrivals).
FACILITIES = (
    ("Donna (Rio Grande Valley)", 26.17, -98.05, 0.55),
    ("Del Rio", 29.36, -100.90, 0.10),
    ("El Paso", 31.76, -106.49, 0.15),
    ("Tucson", 32.22, -110.97, 0.08),
    ("Yuma", 32.69, -114.62, 0.05),
    ("San Diego", 32.72, -117.16, 0.07),
)
# Licensed care providers spread over the states that held most ORR beds, and the emergency
# intake sites, all in Texas and California (illustrative places, not the real sites).
LICENSED_PLACES = (
    (29.42, -98.49),
    (29.76, -95.37),
    (32.78, -96.80),
    (33.45, -112.07),
    (34.05, -118.24),
    (41.88, -87.63),
    (40.71, -74.01),
    (25.76, -80.19),
    (47.61, -122.33),
    (39.95, -75.17),
)
EIS_PLACES = (
    (32.78, -96.80),
    (29.42, -98.49),
    (31.42, -103.49),
    (31.81, -106.42),
    (32.72, -117.16),
    (29.76, -95.37),
)


@dataclass(frozen=True)
class ScenarioConfig:
    start: date = date(2021, 3, 23)  # first day of the HHS series in the data
    days: int = 21
    initial_in_custody: int = 5_700  # domain.md 13: 5,767 at the peak on 28 March 2021
    initial_backlog_days: float = 9.5  # the initial children arrived evenly over these days
    arrivals_per_day: int = 600
    runs_per_day: int = 4  # placement runs every 6 hours
    licensed_beds: int = 9_500  # ~42 % of ~22,000 in care in May 2021 (domain.md 13)
    sibling_share: float = 0.10  # share of children arriving with one sibling
    boys_share: float = 0.68
    # Age-band shares of arrivals, 0–5, 6–12, 13–15, 16–17 (assumption).
    band_shares: tuple[float, ...] = (0.03, 0.12, 0.30, 0.55)
    extra_beds: int = 0  # added as licensed shelter beds from the first day
    extra_tender_share: float | None = None  # share of them for under-13s (None: arrival mix)
    zone: str = "America/Chicago"
    seed: int = 2021
    rules: PlacementRules = field(default_factory=PlacementRules)


@dataclass(frozen=True)
class ScenarioSummary:
    extra_beds: int
    transferred: int
    mean_hours: float
    p90_hours: float
    share_over_72h: float
    in_custody_at_end: int
    mean_hours_at_end: float
    daily_in_custody: list[int]
    seconds_placing: float
    shortfall: dict[str, int]  # beds by kind and pool that would clear the final queue


def _history(history: pd.DataFrame, config: ScenarioConfig) -> pd.DataFrame:
    """Daily beds and discharges: census interpolated over unreported days; beds never close;
    a discharge figure holds until the next report."""
    days = pd.date_range(pd.Timestamp(config.start), periods=config.days + 1, freq="D")
    frame = history[["in_hhs", "discharged"]].astype("float64").dropna()
    if frame.empty or frame.index.min() > days[0] or frame.index.max() < days[-1]:
        raise InvalidInput.single(
            "history", f"HHS series must cover {days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d}"
        )
    frame = frame.reindex(frame.index.union(days))
    frame["in_hhs"] = frame["in_hhs"].interpolate(method="time")
    frame["discharged"] = frame["discharged"].ffill()
    daily = frame.loc[days].copy()
    daily["beds"] = daily["in_hhs"].cummax()
    return daily


def _arrivals(
    config: ScenarioConfig,
    rng: np.random.Generator,
    n: int,
    first: datetime,
    span: timedelta,
    prefix: str,
) -> pd.DataFrame:
    """About ``n`` children: leads, and for some of them one sibling arriving with them."""
    n = round(n / (1 + config.sibling_share / 2))
    shares = np.array([share for *_, share in FACILITIES])
    facility = rng.choice(len(FACILITIES), size=n, p=shares / shares.sum())
    band = rng.choice(len(DEFAULT_AGE_BANDS), size=n, p=np.array(config.band_shares))
    ages = np.array(
        [rng.integers(DEFAULT_AGE_BANDS[b].low, DEFAULT_AGE_BANDS[b].high + 1) for b in band]
    )
    offsets = np.sort(rng.random(n)) * span.total_seconds()
    group = np.where(rng.random(n) < config.sibling_share / 2, np.arange(n), -1)
    frame = pd.DataFrame(
        {
            "id": [f"{prefix}{i}" for i in range(n)],
            "encountered": [first + timedelta(seconds=float(s)) for s in offsets],
            "facility": facility,
            "sex": np.where(rng.random(n) < config.boys_share, Sex.MALE.value, Sex.FEMALE.value),
            "age": ages,
            "group": [f"{prefix}g{g}" if g >= 0 else None for g in group],
        }
    )
    # A sibling arrives with the child that starts the group: same time, place and group.
    siblings = frame[frame["group"].notna()].copy()
    siblings["id"] = siblings["id"] + "s"
    siblings["age"] = np.clip(
        siblings["age"].to_numpy() + rng.integers(-3, 4, len(siblings)), 0, 17
    )
    siblings["sex"] = np.where(rng.random(len(siblings)) < 0.5, Sex.MALE.value, Sex.FEMALE.value)
    return pd.concat([frame, siblings], ignore_index=True)


def _pool_mix(config: ScenarioConfig) -> dict[BedPool, float]:
    return {
        BedPool(sex, band): (config.boys_share if sex is Sex.MALE else 1 - config.boys_share)
        * share
        for sex in Sex
        for band, share in zip(DEFAULT_AGE_BANDS, config.band_shares, strict=True)
    }


def _extra_mix(config: ScenarioConfig, mix: dict[BedPool, float]) -> dict[BedPool, float]:
    share = config.extra_tender_share
    if share is None:
        return mix
    if not 0 <= share <= 1:
        raise InvalidInput.single("extra_tender_share", "must be between 0 and 1")
    tender = {p for p in mix if p.band.high < config.rules.tender_age_below}
    tender_total = sum(mix[p] for p in tender)
    other_total = sum(w for p, w in mix.items() if p not in tender)
    return {
        p: (share * w / tender_total if p in tender else (1 - share) * w / other_total)
        for p, w in mix.items()
    }


def _split(beds: int, weights: dict[K, float]) -> dict[K, int]:
    """``beds`` shared in proportion to ``weights``; the remainder goes to the largest."""
    total = sum(weights.values())
    counts = {pool: int(beds * w / total) for pool, w in weights.items()}
    for pool in sorted(weights, key=weights.__getitem__, reverse=True)[
        : beds - sum(counts.values())
    ]:
        counts[pool] += 1
    return counts


class _Network:
    """Beds per provider and pool, occupancy, and discharges drawn from occupied beds."""

    def __init__(self, config: ScenarioConfig, occupied: int) -> None:
        mix = _pool_mix(config)
        teen = {p: w for p, w in mix.items() if p.band.low >= config.rules.tender_age_below}
        self.providers: list[tuple[str, ShelterKind, LicenceStatus, float, float, bool]] = []
        self.beds: list[dict[BedPool, int]] = []
        per_place = _split(config.licensed_beds, dict(enumerate([1.0] * len(LICENSED_PLACES))))
        for i, (lat, lon) in enumerate(LICENSED_PLACES):
            self._add(
                f"licensed-{i}",
                ShelterKind.SHELTER,
                LicenceStatus.LICENSED,
                lat,
                lon,
                True,
                _split(per_place[i], mix),
            )
        if config.extra_beds:
            self._add(
                "extra-beds",
                ShelterKind.SHELTER,
                LicenceStatus.LICENSED,
                30.27,
                -97.74,
                True,
                _split(config.extra_beds, _extra_mix(config, mix)),
            )
        self.eis_first = len(self.beds)
        for i, (lat, lon) in enumerate(EIS_PLACES):
            self._add(
                f"eis-{i}",
                ShelterKind.EMERGENCY_INTAKE_SITE,
                LicenceStatus.UNLICENSED,
                lat,
                lon,
                False,
                dict.fromkeys(teen, 0),
            )
        self.teen = teen
        self.occupied = [dict.fromkeys(b, 0) for b in self.beds]
        self.set_emergency_beds(max(occupied - config.licensed_beds, 0))
        self._occupy(occupied)

    def _add(
        self,
        name: str,
        kind: ShelterKind,
        licence: LicenceStatus,
        lat: float,
        lon: float,
        tender: bool,
        beds: dict[BedPool, int],
    ) -> None:
        self.providers.append((name, kind, licence, lat, lon, tender))
        self.beds.append(beds)

    def set_emergency_beds(self, total: int) -> None:
        sites = len(self.beds) - self.eis_first
        for i, share in _split(total, dict(enumerate([1.0] * sites))).items():
            site = self.eis_first + i
            grown = _split(share, self.teen)
            self.beds[site] = {p: max(n, self.beds[site].get(p, 0)) for p, n in grown.items()}

    def _occupy(self, count: int) -> None:
        # The system starts full: fill beds in order until ``count`` children are in care.
        for occupied, beds in zip(self.occupied, self.beds, strict=True):
            for pool, n in beds.items():
                take = min(n, count)
                occupied[pool] += take
                count -= take

    def discharge(self, count: int, rng: np.random.Generator) -> None:
        cells = [(i, p) for i, occ in enumerate(self.occupied) for p, n in occ.items() if n]
        weights = np.array([self.occupied[i][p] for i, p in cells], dtype=np.float64)
        if not cells or count <= 0:
            return
        draws = rng.multinomial(min(count, int(weights.sum())), weights / weights.sum())
        for (i, pool), n in zip(cells, draws, strict=True):
            self.occupied[i][pool] -= min(int(n), self.occupied[i][pool])

    def providers_now(self) -> list[Provider]:
        return [
            Provider(
                name,
                name,
                kind,
                licence,
                lat,
                lon,
                {p: max(n - self.occupied[i].get(p, 0), 0) for p, n in self.beds[i].items()},
                tender,
            )
            for i, (name, kind, licence, lat, lon, tender) in enumerate(self.providers)
        ]

    def admit(self, provider_index: int, pool: BedPool) -> None:
        self.occupied[provider_index][pool] += 1

    @property
    def in_care(self) -> int:
        return sum(sum(o.values()) for o in self.occupied)


def _queue(waiting: pd.DataFrame, now: datetime) -> list[QueuedChild]:
    columns: list[list[Any]] = [
        waiting[c].tolist() for c in ("id", "sex", "age", "encountered", "facility", "group")
    ]
    queue = []
    for child_id, sex, age, encountered, facility, group in zip(*columns, strict=True):
        name, lat, lon, _ = FACILITIES[facility]
        hours = (now - encountered).total_seconds() / 3600
        queue.append(QueuedChild(child_id, Sex(sex), int(age), hours, name, lat, lon, group))
    return queue


def run_scenario(history: pd.DataFrame, config: ScenarioConfig) -> ScenarioSummary:
    rng = np.random.default_rng(config.seed)
    zone = ZoneInfo(config.zone)
    daily = _history(history, config)
    start = datetime.combine(config.start, time(0), tzinfo=zone).astimezone(UTC)
    backlog = timedelta(days=config.initial_backlog_days)
    waiting = _arrivals(config, rng, config.initial_in_custody, start - backlog, backlog, "b")
    network = _Network(config, int(daily["in_hhs"].iloc[0]))
    index = {name: i for i, (name, *_) in enumerate(network.providers)}
    hours_out: list[float] = []
    daily_in_custody: list[int] = []
    placing = 0.0
    needed: Counter[BedNeed] = Counter()
    for day in range(1, config.days + 1):
        day_start = start + timedelta(days=day - 1)
        arrivals = _arrivals(
            config, rng, config.arrivals_per_day, day_start, timedelta(days=1), f"d{day}-"
        )
        network.set_emergency_beds(max(int(daily["beds"].iloc[day]) - config.licensed_beds, 0))
        for run in range(1, config.runs_per_day + 1):
            now = day_start + timedelta(days=run / config.runs_per_day)
            waiting = pd.concat(
                [
                    waiting,
                    arrivals[
                        (arrivals["encountered"] <= now)
                        & (arrivals["encountered"] > now - timedelta(days=1 / config.runs_per_day))
                    ],
                ],
                ignore_index=True,
            )
            network.discharge(
                round(float(daily["discharged"].iloc[day]) / config.runs_per_day), rng
            )
            queue = _queue(waiting, now)
            result = place(queue, network.providers_now(), config.rules)
            needed = shortfall(result)
            placing += result.seconds
            pools = {c.id: c.pool(config.rules) for c in queue}
            hours = {c.id: c.hours_waiting for c in queue}
            for child_id, provider_id in result.placed.items():
                network.admit(index[provider_id], pools[child_id])
                hours_out.append(hours[child_id])
            waiting = waiting[~waiting["id"].isin(result.placed.keys())]
        daily_in_custody.append(len(waiting))
    end = start + timedelta(days=config.days)
    left = np.array([(end - t).total_seconds() / 3600 for t in waiting["encountered"]])
    out = np.array(hours_out)
    return ScenarioSummary(
        extra_beds=config.extra_beds,
        transferred=len(out),
        mean_hours=float(out.mean()) if len(out) else float("nan"),
        p90_hours=float(np.percentile(out, 90)) if len(out) else float("nan"),
        share_over_72h=float((out > 72).mean()) if len(out) else float("nan"),
        in_custody_at_end=len(left),
        mean_hours_at_end=float(left.mean()) if len(left) else 0.0,
        daily_in_custody=daily_in_custody,
        seconds_placing=placing,
        shortfall={f"{need.kind} {need.pool}": n for need, n in sorted(needed.items())},
    )
