"""The custody clock: hours in border custody, the 72-hour TVPRA transfer deadline, alerts.

Elapsed time is measured between instants on the UTC line, never between wall-clock readings:
Python subtracts two datetimes that share a ``ZoneInfo`` by their wall clocks, which is an hour
off across a daylight-saving change, so every instant is converted to UTC first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from puente.shared.errors import InvalidInput

TVPRA_DEADLINE = timedelta(hours=72)
DEFAULT_ALERT_HOURS = (48, 60)


def utc(moment: datetime, field: str = "at") -> datetime:
    """``moment`` on the UTC line; a naive datetime is refused rather than guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput.single(field, "time must carry its time zone")
    return moment.astimezone(UTC)


def elapsed(start: datetime, end: datetime) -> timedelta:
    return utc(end, "end") - utc(start, "start")


@dataclass(frozen=True)
class ClockPolicy:
    """The transfer deadline and the hours before it at which staff are warned (configurable)."""

    deadline: timedelta = TVPRA_DEADLINE
    alert_hours: tuple[int, ...] = DEFAULT_ALERT_HOURS

    def __post_init__(self) -> None:
        hours = self.deadline / timedelta(hours=1)
        if self.deadline <= timedelta(0):
            raise InvalidInput.single("deadline", "must be positive")
        if any(not 0 < h < hours for h in self.alert_hours):
            raise InvalidInput.single("alert_hours", f"each alert must fall inside 0–{hours:g} h")
        if list(self.alert_hours) != sorted(set(self.alert_hours)):
            raise InvalidInput.single("alert_hours", "must be distinct and ascending")


class AlertKind(StrEnum):
    WARNING = "warning"
    BREACH = "breach"


class AlertLevel(StrEnum):
    """How a board colours a clock: red from the last warning, before the deadline."""

    OK = "ok"
    WARNING = "warning"
    RED = "red"
    BREACH = "breach"


@dataclass(frozen=True)
class ClockAlert:
    kind: AlertKind
    hours: int  # the threshold crossed, in hours since the encounter
    due_at: datetime  # the instant it was crossed (UTC)

    @property
    def key(self) -> str:
        """Stable identity so a sweep never sends the same alert twice."""
        return f"{self.kind}:{self.hours}"


@dataclass(frozen=True)
class CustodyClock:
    """Runs from the encounter until the child leaves border custody (transfer or return)."""

    started_at: datetime
    stopped_at: datetime | None = None
    policy: ClockPolicy = ClockPolicy()

    def __post_init__(self) -> None:
        utc(self.started_at, "started_at")
        if self.stopped_at is not None and elapsed(self.started_at, self.stopped_at) < timedelta(0):
            raise InvalidInput.single("stopped_at", "cannot be before the encounter")

    def stopped(self, at: datetime) -> CustodyClock:
        return CustodyClock(self.started_at, at, self.policy)

    def in_custody(self, now: datetime) -> timedelta:
        end = now if self.stopped_at is None else min(utc(now), utc(self.stopped_at))
        return max(elapsed(self.started_at, end), timedelta(0))

    def hours(self, now: datetime) -> float:
        return self.in_custody(now) / timedelta(hours=1)

    @property
    def deadline(self) -> datetime:
        return utc(self.started_at) + self.policy.deadline

    def deadline_in(self, zone: ZoneInfo) -> datetime:
        """The deadline as read on a local wall clock (for display only)."""
        return self.deadline.astimezone(zone)

    def remaining(self, now: datetime) -> timedelta:
        return self.policy.deadline - self.in_custody(now)

    def breached(self, now: datetime) -> bool:
        return self.in_custody(now) >= self.policy.deadline

    def level(self, now: datetime) -> AlertLevel:
        if self.breached(now):
            return AlertLevel.BREACH
        hours = self.hours(now)
        passed = [h for h in self.policy.alert_hours if hours >= h]
        if not passed:
            return AlertLevel.OK
        return AlertLevel.RED if passed[-1] == self.policy.alert_hours[-1] else AlertLevel.WARNING

    def schedule(self) -> list[ClockAlert]:
        """Every alert of this clock, in order, with the instant it falls due."""
        start = utc(self.started_at)
        alerts = [
            ClockAlert(AlertKind.WARNING, h, start + timedelta(hours=h))
            for h in self.policy.alert_hours
        ]
        deadline_hours = int(self.policy.deadline / timedelta(hours=1))
        alerts.append(ClockAlert(AlertKind.BREACH, deadline_hours, self.deadline))
        return alerts

    def due(self, now: datetime) -> list[ClockAlert]:
        """Alerts whose instant has come while the child was still in border custody."""
        limit = utc(now) if self.stopped_at is None else min(utc(now), utc(self.stopped_at))
        return [alert for alert in self.schedule() if alert.due_at <= limit]
