"""Synthetic parties for the simulation and benchmark, built from ``puente.synth`` people.

One party per synthetic unit (a person alone or a whole family), with the head's nationality and
language and the party's highest vulnerability level.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from puente.entry.domain.batch import I64, RequestBatch
from puente.entry.domain.lottery import tickets_of
from puente.entry.domain.requests import FLAG_LEVELS
from puente.synth.people import (
    COUNTRY_LIST,
    LANGUAGE_LIST,
    UNACCOMPANIED,
    VULNERABILITIES,
    generate_people,
)


@dataclass(frozen=True)
class Parties:
    size: I64
    country: I64  # index into COUNTRY_LIST
    language: I64  # index into LANGUAGE_LIST
    level: I64
    kind: I64  # synth unit kind

    def __len__(self) -> int:
        return len(self.size)

    def take(self, index: I64) -> Parties:
        return Parties(*(getattr(self, f)[index] for f in self.__dataclass_fields__))


def synthetic_parties(people: int, seed: int) -> Parties:
    """About ``people`` people from synth's FY2021 mix, grouped into units, in random order."""
    rng = np.random.default_rng(seed)
    pop = generate_people(rng, people)
    n_units = len(pop.unit_kind)
    person_level = np.zeros(len(pop), dtype=np.int64)
    for bit, name in enumerate(VULNERABILITIES):
        has = (pop.vulnerabilities >> bit) & 1 == 1
        person_level[has] = np.maximum(person_level[has], int(FLAG_LEVELS[name]))
    level = np.zeros(n_units, dtype=np.int64)
    np.maximum.at(level, pop.unit, person_level)
    first = np.flatnonzero(np.r_[True, pop.unit[1:] != pop.unit[:-1]])
    parties = Parties(
        size=np.bincount(pop.unit, minlength=n_units).astype(np.int64),
        country=pop.country[first],
        language=pop.language[first],
        level=level,
        kind=pop.unit_kind,
    )
    # synth lists units country by country; shuffled, any prefix keeps the nationality mix.
    return parties.take(rng.permutation(n_units))


def without_unaccompanied(parties: Parties) -> Parties:
    return parties.take(np.flatnonzero(parties.kind != UNACCOMPANIED))


def to_batch(
    parties: Parties,
    request_ids: npt.NDArray[np.object_],
    tickets: npt.NDArray[np.uint64],
    registered: npt.NDArray[np.datetime64],
    prefs: npt.NDArray[np.int16],
    accepts_other: npt.NDArray[np.bool_],
    group: I64 | None = None,
    group_labels: tuple[str, ...] = ("",),
) -> RequestBatch:
    n = len(parties)
    return RequestBatch(
        request_ids=request_ids,
        tickets=tickets,
        party_size=parties.size,
        registered=registered,
        level=parties.level,
        moved=np.zeros(n, dtype=bool),
        group=np.zeros(n, dtype=np.int64) if group is None else group,
        group_labels=group_labels,
        prefs=prefs,
        accepts_other=accepts_other,
        nationality=parties.country,
        nationality_labels=COUNTRY_LIST,
        language=parties.language,
        language_labels=LANGUAGE_LIST,
    )


# Southwest ports in calendar order, with the share of requests naming each first (assumption:
# proportional to CBP One appointments by port in 2023, Otay Mesa added with a small share).
PORT_DEMAND: tuple[tuple[str, float], ...] = (
    ("SYS", 0.20),
    ("OTM", 0.04),
    ("CXL", 0.06),
    ("NOG", 0.10),
    ("ELP", 0.16),
    ("EGP", 0.10),
    ("LRD", 0.08),
    ("HID", 0.12),
    ("BRO", 0.14),
)


def synthetic_requests(
    requests: int, seed: int, day: np.datetime64, ports: tuple[str, ...] | None = None
) -> RequestBatch:
    """``requests`` open requests from synth's FY2021 mix, for runs on ``day``.

    Each names one to three ports (first by ``PORT_DEMAND``), 30% also accept any port, and
    registrations spread over the year before ``day``.
    """
    codes = ports or tuple(code for code, _ in PORT_DEMAND)
    demand = np.array([dict(PORT_DEMAND).get(c, 0.05) for c in codes])
    # About 0.73 parties per person once children travelling alone are left out.
    parties = without_unaccompanied(synthetic_parties(int(requests * 1.5) + 20, seed))
    parties = parties.take(np.arange(min(requests, len(parties))))
    requests = len(parties)
    rng = np.random.default_rng(seed + 1)
    width = 3
    prefs = np.full((requests, width), -1, dtype=np.int16)
    chosen = rng.random((requests, len(codes))) ** (1.0 / demand)  # weighted order, no repeats
    order = np.argsort(-chosen, axis=1)[:, :width].astype(np.int16)
    named = rng.integers(1, width + 1, size=requests)
    for j in range(width):
        prefs[:, j] = np.where(j < named, order[:, j], -1)
    ids = np.array([f"req-{i:07d}" for i in range(requests)], dtype=object)
    registered = (day.astype("datetime64[s]") - np.timedelta64(1, "D")) - rng.integers(
        0, 365 * 86400, size=requests
    ).astype("timedelta64[s]")
    batch = to_batch(
        parties,
        request_ids=ids,
        tickets=tickets_of(ids.tolist()),
        registered=registered,
        prefs=prefs,
        accepts_other=rng.random(requests) < 0.3,
    )
    return replace(batch, moved=rng.random(requests) < 0.001)
