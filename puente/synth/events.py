"""Registration events: when and where each unit registers, and how often it registers again.

A unit (single adult, child alone, or family) registers first in FY2021, in the month mix of the
real encounters; some units register again later, in the same city or another one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from puente.synth.demography import (
    CBP_FY2021_SOUTHWEST_MONTHLY,
    CBP_FY2021_SOUTHWEST_STATES,
    CITIES,
)
from puente.synth.people import HEAD, People

IntArray = npt.NDArray[np.int64]
DateTimeArray = npt.NDArray[np.datetime64]

CITY_LIST: tuple[str, ...] = tuple(dict.fromkeys(name for name, *_ in CITIES))
# Extra registrations of a unit that registers again: 1 + Geometric; mean 1 / _REPEAT_P.
_REPEAT_P = 0.7
MEAN_REPEATS = 1.0 / _REPEAT_P
# A family registering again sometimes leaves a member out (separated, or forgotten).
MEMBER_REPEATS = 0.92
_MEAN_GAP_DAYS = 30.0
_SAME_CITY = 0.7

# US daylight saving time, which the border cities keep (Sonora does not): [start, end) dates.
_DST = np.array(
    [
        "2020-03-08", "2020-11-01", "2021-03-14", "2021-11-07",
        "2022-03-13", "2022-11-06", "2023-03-12", "2023-11-05",
        "2024-03-10", "2024-11-03",
    ],
    dtype="datetime64[D]",
)  # fmt: skip


@dataclass(frozen=True)
class Registrations:
    """One row per registration record, in chronological order."""

    person: IntArray
    repeat: npt.NDArray[np.bool_]  # False for the person's first registration
    local_time: DateTimeArray  # datetime64[s], the city's wall-clock time
    utc_offset_hours: IntArray
    city: IntArray  # index into CITY_LIST
    family_event: IntArray  # per record, numbered in order of first appearance; -1 outside families


def _city_weights() -> npt.NDArray[np.float64]:
    total = sum(CBP_FY2021_SOUTHWEST_STATES.values())
    weights = np.zeros(len(CITY_LIST))
    for name, state, share, _, _ in CITIES:
        weights[CITY_LIST.index(name)] += CBP_FY2021_SOUTHWEST_STATES[state] / total * share
    out: npt.NDArray[np.float64] = weights / weights.sum()
    return out


def _first_days(rng: np.random.Generator, n: int) -> npt.NDArray[np.datetime64]:
    """First registration dates, in the month mix of FY2021 encounters."""
    months = np.array(
        [f"{y}-{m:02d}" for y, m, _ in CBP_FY2021_SOUTHWEST_MONTHLY], dtype="datetime64[M]"
    )
    counts = np.array([c for *_, c in CBP_FY2021_SOUTHWEST_MONTHLY], dtype=np.float64)
    month = months[rng.choice(len(months), size=n, p=counts / counts.sum())]
    start = month.astype("datetime64[D]")
    length = ((month + 1).astype("datetime64[D]") - start).astype(np.int64)
    out: npt.NDArray[np.datetime64] = start + (rng.random(n) * length).astype(np.int64)
    return out


def _utc_offsets(city: IntArray, day: npt.NDArray[np.datetime64]) -> IntArray:
    winter = np.zeros(len(CITY_LIST), dtype=np.int64)
    keeps_dst = np.zeros(len(CITY_LIST), dtype=bool)
    for name, _, _, offset, dst in CITIES:
        winter[CITY_LIST.index(name)] = offset
        keeps_dst[CITY_LIST.index(name)] = dst
    in_dst = np.searchsorted(_DST, day, side="right") % 2 == 1
    out: IntArray = winter[city] + (in_dst & keeps_dst[city]).astype(np.int64)
    return out


def build_registrations(
    rng: np.random.Generator, people: People, duplicate_rate: float
) -> Registrations:
    """Registration records for every person; a unit registers again with ``duplicate_rate``."""
    n_units = len(people.unit_kind)
    size = np.bincount(people.unit, minlength=n_units)
    unit_start = np.cumsum(size) - size
    extra = np.where(
        rng.random(n_units) < duplicate_rate, rng.geometric(_REPEAT_P, size=n_units), 0
    )
    n_events = 1 + extra
    event_unit = np.repeat(np.arange(n_units), n_events)
    event_start = np.repeat(np.cumsum(n_events) - n_events, n_events)
    ordinal = np.arange(len(event_unit)) - event_start

    weights = _city_weights()
    first_day = _first_days(rng, n_units)
    first_city = rng.choice(len(CITY_LIST), size=n_units, p=weights)
    gaps = np.where(ordinal == 0, 0.0, 1.0 + rng.exponential(_MEAN_GAP_DAYS, size=len(ordinal)))
    since_first = np.cumsum(gaps)
    since_first -= since_first[event_start]
    event_day = first_day[event_unit] + since_first.astype(np.int64)
    # Registration desks open 07:00-19:00 local time.
    seconds = (7 * 3600 + rng.random(len(ordinal)) * 12 * 3600).astype(np.int64)
    event_time = event_day.astype("datetime64[s]") + seconds
    new_city = rng.choice(len(CITY_LIST), size=len(ordinal), p=weights)
    event_city = np.where(
        (ordinal == 0) | (rng.random(len(ordinal)) < _SAME_CITY), first_city[event_unit], new_city
    )

    rec_event = np.repeat(np.arange(len(event_unit)), size[event_unit])
    rec_pos = np.arange(len(rec_event)) - np.repeat(
        np.cumsum(size[event_unit]) - size[event_unit], size[event_unit]
    )
    rec_person = unit_start[event_unit[rec_event]] + rec_pos
    keep = (
        (ordinal[rec_event] == 0)
        | (people.relationship[rec_person] <= HEAD)
        | (rng.random(len(rec_event)) < MEMBER_REPEATS)
    )
    rec_event, rec_person = rec_event[keep], rec_person[keep]

    event_offset = _utc_offsets(event_city, event_time.astype("datetime64[D]"))
    event_utc = event_time - event_offset * 3600
    order = np.lexsort((rec_person, rec_event, event_utc[rec_event]))
    rec_event, rec_person = rec_event[order], rec_person[order]
    is_family = size[event_unit[rec_event]] > 1
    family_event = np.full(len(rec_event), -1, dtype=np.int64)
    fam_events = rec_event[is_family]
    _, first_seen, inverse = np.unique(fam_events, return_index=True, return_inverse=True)
    family_event[is_family] = np.argsort(np.argsort(first_seen))[inverse]

    return Registrations(
        person=rec_person,
        repeat=ordinal[rec_event] > 0,
        local_time=event_time[rec_event],
        utc_offset_hours=event_offset[rec_event],
        city=event_city[rec_event],
        family_event=family_event,
    )


def first_registration_day(people: People, regs: Registrations) -> npt.NDArray[np.datetime64]:
    """Each person's first registration date (their age is counted from it)."""
    day = np.empty(len(people), dtype="datetime64[D]")
    first = ~regs.repeat
    day[regs.person[first]] = regs.local_time[first].astype("datetime64[D]")
    return day
