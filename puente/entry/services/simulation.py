"""The MPP wind-down from real numbers: ~25,000 eligible people, three ports ramping up.

Day by day the MPP policy fills the ports; the result gives days to clear, waits and the order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from puente.entry.domain.allocation import allocate
from puente.entry.domain.batch import I64, RequestBatch
from puente.entry.domain.fairness import group_table, labelled, level_labels, size_bucket
from puente.entry.domain.lottery import draw_seed
from puente.entry.domain.policy import MPP_POLICY, AllocationPolicy
from puente.entry.domain.ports import SOUTHWEST_PORTS, CapacityCalendar
from puente.entry.services.population import (
    Parties,
    synthetic_parties,
    to_batch,
    without_unaccompanied,
)
from puente.synth.people import COUNTRY_LIST, LANGUAGE_LIST

# domain.md point 3: San Ysidro from 19 Feb (25 on day one), Brownsville from ~22 Feb, El Paso
# from 26 Feb at 25–30 → 50 → 100 by mid-March; each port ramps to 100 (target ~300 a day).
MPP_RAMPS: dict[str, tuple[tuple[date, int], ...]] = {
    "SYS": ((date(2021, 2, 19), 25), (date(2021, 2, 24), 50), (date(2021, 3, 8), 100)),
    "BRO": ((date(2021, 2, 22), 25), (date(2021, 2, 26), 50), (date(2021, 3, 8), 100)),
    "ELP": ((date(2021, 2, 26), 30), (date(2021, 3, 5), 50), (date(2021, 3, 15), 100)),
}
# When people were returned to Mexico under MPP, by month from January 2019 (assumption: the
# returns peaked in mid-2019 and nearly stopped with Title 42 in March 2020).
_ENROLMENT_MONTHS = np.array([1, 2, 3, 5, 8, 10, 10, 9, 8, 6, 5, 4, 3, 2, 1], dtype=float)


@dataclass(frozen=True)
class MppScenario:
    people: int = 25_000
    seed: int = 2021
    reveal: str = "mpp-wind-down-2021"  # the lottery secret (the MPP policy draws no lottery)
    start: date = date(2021, 2, 19)
    # Where people waited, as the port they were staged for (assumption: Ciudad Juárez and the
    # Tamaulipas cities held most active cases, Tijuana and Mexicali the rest).
    port_shares: tuple[tuple[str, float], ...] = (("SYS", 0.30), ("BRO", 0.35), ("ELP", 0.35))
    camp_people: int = 750  # the Matamoros camp when it was cleared in early March 2021
    early_signups: int = 12_000  # in the first three days
    later_signup_mean_days: float = 20.0
    no_show_rate: float = 0.02  # failed health check or not staged: back in the queue
    any_port: bool = False  # whether parties may be sent to another port's staging place
    policy: AllocationPolicy = MPP_POLICY
    ramps: dict[str, tuple[tuple[date, int], ...]] = field(default_factory=lambda: MPP_RAMPS)
    max_days: int = 400


@dataclass(frozen=True)
class MppResult:
    scenario: MppScenario
    daily: pd.DataFrame  # day, capacity, placed, entered, open_persons, cumulative
    waits: pd.DataFrame  # the fairness group table (wait = days from sign-up to entry)
    order: pd.DataFrame  # by priority class: persons, first, median and last day of entry
    by_rule: pd.DataFrame  # persons placed by each rule
    backlog_cleared_on: date | None  # first day after which nobody signed up was left waiting
    cleared_on: date | None  # the last entry (late sign-ups included)
    entered_by: dict[date, int]  # persons entered by each reference date

    def days_from_start(self, day: date | None) -> int | None:
        return None if day is None else (day - self.scenario.start).days + 1


def _eligible_parties(scenario: MppScenario) -> Parties:
    """Families and adults, not Mexican nationals (MPP returned non-Mexicans), ~``people``."""
    parties = without_unaccompanied(synthetic_parties(int(scenario.people * 2.2), scenario.seed))
    parties = parties.take(np.flatnonzero(parties.country != COUNTRY_LIST.index("MX")))
    keep = int(np.searchsorted(np.cumsum(parties.size), scenario.people)) + 1
    return parties.take(np.arange(min(keep, len(parties))))


def build_population(scenario: MppScenario) -> tuple[RequestBatch, I64, tuple[str, ...]]:
    """The requests, each one's sign-up day (days after ``start``), and the port order."""
    rng = np.random.default_rng(scenario.seed + 1)
    parties = _eligible_parties(scenario)
    n = len(parties)
    codes = tuple(code for code, _ in scenario.port_shares)
    shares = np.array([share for _, share in scenario.port_shares])
    port = rng.choice(len(codes), size=n, p=shares / shares.sum())
    month = rng.choice(
        len(_ENROLMENT_MONTHS), size=n, p=_ENROLMENT_MONTHS / _ENROLMENT_MONTHS.sum()
    )
    enrolled = (np.datetime64("2019-01-01", "M") + month.astype("timedelta64[M]")).astype(
        "datetime64[s]"
    ) + rng.integers(0, 28 * 86400, size=n).astype("timedelta64[s]")
    camp = _camp(rng, parties.size, port == codes.index("BRO"), scenario.camp_people)
    signup = _signup_days(rng, parties.size, camp, scenario)
    prefs = port.astype(np.int16).reshape(-1, 1)
    ids = np.array([f"mpp-{i:06d}" for i in range(n)], dtype=object)
    batch = to_batch(
        parties,
        request_ids=ids,
        tickets=rng.integers(0, 2**63, size=n).astype(np.uint64),
        registered=enrolled,
        prefs=prefs,
        accepts_other=np.full(n, scenario.any_port),
        group=camp.astype(np.int64),
        group_labels=("", "matamoros_camp"),
    )
    return batch, signup, codes


def _camp(rng: np.random.Generator, size: I64, near: np.ndarray, persons: int) -> np.ndarray:
    candidates = rng.permutation(np.flatnonzero(near))
    upto = int(np.searchsorted(np.cumsum(size[candidates]), persons)) + 1
    camp = np.zeros(len(size), dtype=bool)
    camp[candidates[:upto]] = True
    return camp


def _signup_days(
    rng: np.random.Generator, size: I64, camp: np.ndarray, scenario: MppScenario
) -> I64:
    """Days after ``start``: the camp the day before (registered in the camp), 12,000 people in
    the first three days, the rest later (exponential)."""
    order = rng.permutation(len(size))
    early = np.zeros(len(size), dtype=bool)
    early[order[np.cumsum(size[order]) <= scenario.early_signups]] = True
    later = 3 + rng.exponential(scenario.later_signup_mean_days, size=len(size)).astype(np.int64)
    day = np.where(early, rng.integers(-1, 2, size=len(size)), later)
    return np.where(camp, -1, day).astype(np.int64)


def _calendar(scenario: MppScenario, codes: tuple[str, ...]) -> CapacityCalendar:
    calendar = CapacityCalendar()
    for code in codes:
        port = calendar.add_port(SOUTHWEST_PORTS[code])
        for start, persons in scenario.ramps[code]:
            port.set_from(start, persons)
    return calendar


def simulate_mpp(scenario: MppScenario | None = None) -> MppResult:
    scenario = scenario or MppScenario()
    batch, signup, codes = build_population(scenario)
    calendar = _calendar(scenario, codes)
    rng = np.random.default_rng(scenario.seed + 2)
    n = len(batch)
    entered_day = np.full(n, -1, dtype=np.int64)
    rule_of = np.full(n, -1, dtype=np.int64)
    rows = []
    for offset in range(scenario.max_days):
        day = scenario.start + timedelta(days=offset)
        waiting = np.flatnonzero((entered_day < 0) & (signup < offset))
        capacity = calendar.capacities(day)
        sub = batch.take(waiting)
        allocation = allocate(
            sub, codes, capacity, day, scenario.policy, draw_seed(scenario.reveal, day)
        )
        placed = waiting[allocation.allocated]
        came = rng.random(len(placed)) >= scenario.no_show_rate
        entered_day[placed[came]] = offset
        rule_of[placed[came]] = allocation.rule[allocation.allocated][came]
        open_left = (entered_day < 0).sum()
        rows.append(
            {
                "day": day,
                "capacity": sum(capacity),
                "placed": int(batch.party_size[placed].sum()),
                "entered": int(batch.party_size[placed[came]].sum()),
                "open_persons": int(
                    batch.party_size[(entered_day < 0) & (signup < offset + 1)].sum()
                ),
            }
        )
        if open_left == 0:
            break
    daily = pd.DataFrame(rows)
    daily["cumulative"] = daily["entered"].cumsum()
    served = entered_day >= 0
    cleared = scenario.start + timedelta(days=int(entered_day.max())) if served.all() else None
    # The backlog is gone once the queue is empty after the first three days of sign-ups.
    empty = daily.index[(daily["open_persons"] == 0) & (daily.index >= 3)]
    return MppResult(
        scenario=scenario,
        daily=daily,
        waits=_waits(batch, served, entered_day - signup),
        order=_order(batch, entered_day, scenario.start),
        by_rule=_by_rule(batch, rule_of, scenario.policy),
        backlog_cleared_on=daily.loc[empty[0], "day"] if len(empty) else None,
        cleared_on=cleared,
        entered_by={
            d: int(daily.loc[daily["day"] <= d, "entered"].sum())
            for d in (date(2021, 3, 31), date(2021, 5, 31))
        },
    )


def _waits(batch: RequestBatch, served: np.ndarray, waited: I64) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "nationality": labelled(batch.nationality, batch.nationality_labels),
            "language": labelled(batch.language, LANGUAGE_LIST),
            "vulnerability": level_labels(batch.level),
            "party_size": size_bucket(batch.party_size),
            "party_size_n": batch.party_size,
            "allocated": served,
            "wait_days": waited,
        }
    )
    table = group_table(frame)
    # Groups of fewer than 30 requests say more about the person than about the policy.
    return table[table["requests"] >= 30].reset_index(drop=True)


def _order(batch: RequestBatch, entered_day: I64, start: date) -> pd.DataFrame:
    """Who went first: the camp, then by vulnerability, then by year of return to Mexico."""
    year = batch.registered.astype("datetime64[Y]").astype(np.int64) + 1970
    classes = np.where(
        batch.group == 1,
        "1 Matamoros camp",
        np.where(
            batch.level >= 2,
            "2 acute vulnerability or urgent medical",
            np.where(year <= 2019, "3 others returned in 2019", "4 others returned in 2020"),
        ),
    )
    frame = pd.DataFrame({"class": classes, "persons": batch.party_size, "day": entered_day})
    frame = frame[frame["day"] >= 0]
    grouped = frame.groupby("class")
    out = pd.DataFrame(
        {
            "persons": grouped["persons"].sum(),
            "first_day": grouped["day"].min(),
            "median_day": grouped["day"].median(),
            "last_day": grouped["day"].max(),
        }
    )
    for column in ("first_day", "last_day"):
        out[column.replace("_day", "_date")] = [
            (start + timedelta(days=int(d))).isoformat() for d in out[column]
        ]
    return out.reset_index()


def _by_rule(batch: RequestBatch, rule_of: I64, policy: AllocationPolicy) -> pd.DataFrame:
    placed = rule_of >= 0
    persons = np.bincount(
        rule_of[placed], weights=batch.party_size[placed], minlength=len(policy.rules)
    )
    return pd.DataFrame(
        {
            "rule": [r.kind.value for r in policy.rules],
            "persons": persons.astype(np.int64),
            "share": persons / max(persons.sum(), 1),
        }
    )
