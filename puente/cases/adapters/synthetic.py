"""Synthetic case histories for load tests and benchmarks: legal random walks through the table.

Each case gets a person, its events (1–60 days apart, on the port's clock), a first
master-calendar hearing once it is in court, and the deadlines those set.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from puente.cases.domain.case import CaseEvent
from puente.cases.domain.deadlines import Deadline, DeadlineContext, compute_deadlines
from puente.cases.domain.hearings import Hearing, HearingKind, ImmigrationCourt
from puente.cases.domain.states import INITIAL_STATE, TRANSITIONS, CaseState

PORT_ZONES = [ZoneInfo(z) for z in ("America/Tijuana", "America/Denver", "America/Chicago")]
COURTS = [
    ImmigrationCourt("CHI", "Chicago Immigration Court", "Chicago", "America/Chicago"),
    ImmigrationCourt("LOS", "Los Angeles Immigration Court", "Los Angeles", "America/Los_Angeles"),
    ImmigrationCourt("NYC", "New York Broadway Immigration Court", "New York", "America/New_York"),
]
# Moves that end a walk early; avoided so that every case gets its full history.
DEAD_ENDS = frozenset({CaseState.FINAL, CaseState.REMOVED, CaseState.WITHDRAWN})
START = datetime(2021, 2, 19, 9, 0, tzinfo=ZoneInfo("America/Tijuana"))


@dataclass(frozen=True)
class SyntheticCase:
    id: UUID
    person_id: UUID
    caseworker: str
    opened_at: datetime
    events: tuple[CaseEvent, ...]
    hearing: Hearing | None
    deadlines: tuple[Deadline, ...]


def synthetic_cases(
    count: int, events_per_case: int, caseworkers: int, seed: int
) -> Iterator[SyntheticCase]:
    rng = random.Random(seed)
    choices = {s: sorted(t - DEAD_ENDS) or sorted(t) for s, t in TRANSITIONS.items()}
    for n in range(count):
        case_id = UUID(int=rng.getrandbits(128))
        zone = rng.choice(PORT_ZONES)
        court = rng.choice(COURTS)
        at = START + timedelta(days=rng.randrange(0, 700), minutes=rng.randrange(0, 1440))
        opened_at = at.astimezone(zone)
        state = INITIAL_STATE
        events = []
        for sequence in range(1, events_per_case + 1):
            target = rng.choice(choices[state])
            at = (
                at + timedelta(days=rng.randint(1, 60), minutes=rng.randrange(0, 600))
            ).astimezone(zone)
            events.append(CaseEvent(case_id, sequence, state, target, at, "officer", "synthetic"))
            state = target
        filed = next((e.occurred_at for e in events if e.target is CaseState.IN_COURT), None)
        hearing = None
        if filed is not None:
            day = (filed + timedelta(days=rng.randint(12, 90))).astimezone(court.zone)
            scheduled = day.replace(hour=rng.choice((8, 9, 10, 13)), minute=0, second=0)
            hearing = Hearing(
                UUID(int=rng.getrandbits(128)),
                case_id,
                HearingKind.MASTER_CALENDAR,
                court,
                scheduled.astimezone(UTC).astimezone(court.zone),
                "IJ Synthetic",
            )
        # As the use cases decide: the court's clock once a hearing names it, else the port's.
        court_zone = court.zone if hearing is not None else zone
        context = DeadlineContext(zone, court_zone, first_master_hearing=hearing)
        yield SyntheticCase(
            case_id,
            UUID(int=rng.getrandbits(128)),
            f"caseworker-{n % caseworkers}",
            opened_at,
            tuple(events),
            hearing,
            tuple(compute_deadlines(case_id, events, context)),
        )
