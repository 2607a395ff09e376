"""Immigration courts and hearings: continuances and venue changes kept as history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from puente.cases.domain.case import require_aware
from puente.cases.domain.encounter import zone_named
from puente.shared.errors import InvalidInput


@dataclass(frozen=True)
class ImmigrationCourt:
    code: str
    name: str
    city: str
    timezone: str

    def __post_init__(self) -> None:
        zone_named(self.timezone, "court.timezone")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class HearingKind(StrEnum):
    MASTER_CALENDAR = "master_calendar"
    MERITS = "merits"
    CREDIBLE_FEAR_REVIEW = "credible_fear_review"


class HearingOutcome(StrEnum):
    HELD = "held"
    FAILED_TO_APPEAR = "failed_to_appear"
    DECIDED = "decided"


@dataclass(frozen=True)
class Continuance:
    decided_at: datetime
    previous_time: datetime
    new_time: datetime
    reason: str


@dataclass(frozen=True)
class VenueChange:
    decided_at: datetime
    from_court: str
    to_court: str
    reason: str


@dataclass(frozen=True)
class Hearing:
    """One hearing; rescheduling returns a new value with the change added to its history."""

    id: UUID
    case_id: UUID
    kind: HearingKind
    court: ImmigrationCourt
    scheduled_at: datetime
    judge: str
    outcome: HearingOutcome | None = None
    continuances: tuple[Continuance, ...] = ()
    venue_changes: tuple[VenueChange, ...] = ()

    def __post_init__(self) -> None:
        require_aware(self.scheduled_at, "scheduled_at")

    @property
    def local_time(self) -> datetime:
        """The time on the court's own clock, as the notice prints it."""
        return self.scheduled_at.astimezone(self.court.zone)

    def _require_open(self) -> None:
        if self.outcome is not None:
            raise InvalidInput.single("hearing", f"already closed as {self.outcome.value}")

    def continued(self, new_time: datetime, decided_at: datetime, reason: str) -> Hearing:
        self._require_open()
        require_aware(new_time, "new_time")
        require_aware(decided_at, "decided_at")
        if new_time <= decided_at:
            raise InvalidInput.single("new_time", "a continuance moves the hearing to the future")
        change = Continuance(decided_at, self.scheduled_at, new_time, reason)
        return replace(self, scheduled_at=new_time, continuances=(*self.continuances, change))

    def moved_to(
        self, court: ImmigrationCourt, new_time: datetime, decided_at: datetime, reason: str
    ) -> Hearing:
        """A change of venue; the new court sets its own time, on its own clock."""
        self._require_open()
        require_aware(new_time, "new_time")
        if court.code == self.court.code:
            raise InvalidInput.single("court", "a change of venue names a different court")
        change = VenueChange(decided_at, self.court.code, court.code, reason)
        return replace(
            self, court=court, scheduled_at=new_time, venue_changes=(*self.venue_changes, change)
        )

    def closed(self, outcome: HearingOutcome) -> Hearing:
        self._require_open()
        return replace(self, outcome=outcome)
