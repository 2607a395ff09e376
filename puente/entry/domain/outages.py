"""The system's own unavailability: outage windows and failed requests, kept as evidence.

Under the lawful-pathways rule a person may rebut the presumption by showing they could not use
the appointment system; ``evidence`` answers "was it down, and did my attempts fail, then?".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from puente.shared.errors import InvalidInput


class OutageKind(StrEnum):
    DOWN = "down"
    MAINTENANCE = "maintenance"
    DEGRADED = "degraded"


def _aware(name: str, value: datetime | None) -> None:
    if value is not None and value.tzinfo is None:
        raise InvalidInput.single(name, "times carry a time zone")


@dataclass
class Outage:
    """A window when a component (``requests``, ``registration``, ``sms`` …) did not work."""

    id: UUID
    component: str
    kind: OutageKind
    started_at: datetime
    description: str
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        _aware("started_at", self.started_at)
        _aware("ended_at", self.ended_at)
        if self.ended_at is not None and self.ended_at <= self.started_at:
            raise InvalidInput.single("ended_at", "an outage ends after it starts")

    def end(self, at: datetime) -> None:
        if self.ended_at is not None:
            raise InvalidInput.single("ended_at", "the outage has already ended")
        _aware("ended_at", at)
        if at <= self.started_at:
            raise InvalidInput.single("ended_at", "an outage ends after it starts")
        self.ended_at = at

    def overlap(self, start: datetime, end: datetime, now: datetime) -> timedelta:
        """How much of [start, end) this outage covers (an open outage runs until ``now``)."""
        stop = min(end, self.ended_at or now)
        return max(stop - max(start, self.started_at), timedelta(0))


@dataclass(frozen=True)
class FailedRequest:
    """An attempt that failed; ``reference`` is the code shown to the person on the error page."""

    id: UUID
    at: datetime
    component: str
    operation: str
    error: str
    reference: str

    def __post_init__(self) -> None:
        _aware("at", self.at)
        if not self.reference:
            raise InvalidInput.single("reference", "a failure carries the reference shown")


@dataclass(frozen=True)
class Evidence:
    start: datetime
    end: datetime
    outages: tuple[Outage, ...]
    unavailable: timedelta
    failures: tuple[FailedRequest, ...] = field(default=())

    @property
    def unavailable_share(self) -> float:
        return self.unavailable / (self.end - self.start)


def evidence(
    outages: Iterable[Outage],
    failures: Iterable[FailedRequest],
    start: datetime,
    end: datetime,
    now: datetime,
    reference: str | None = None,
) -> Evidence:
    """Outages overlapping [start, end) and, for ``reference``, that person's failed attempts."""
    _aware("start", start)
    _aware("end", end)
    if end <= start:
        raise InvalidInput.single("end", "the period ends after it starts")
    hit = sorted(
        (o for o in outages if o.overlap(start, end, now) > timedelta(0)),
        key=lambda o: o.started_at,
    )
    own = (
        ()
        if reference is None
        else tuple(
            sorted(
                (f for f in failures if f.reference == reference and start <= f.at < end),
                key=lambda f: f.at,
            )
        )
    )
    return Evidence(start, end, tuple(hit), _covered(hit, start, end, now), own)


def _covered(outages: list[Outage], start: datetime, end: datetime, now: datetime) -> timedelta:
    """Time in [start, end) covered by at least one outage (overlapping outages count once)."""
    total = timedelta(0)
    reached = start
    for outage in outages:  # sorted by start
        begin = max(outage.started_at, reached)
        stop = min(outage.ended_at or now, end)
        if stop > begin:
            total += stop - begin
            reached = stop
    return total
