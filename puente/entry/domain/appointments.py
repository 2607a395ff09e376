"""Appointments and their lifecycle as a transition table, and the notifications they cause.

offered → confirmed (before the deadline) → checked in → processed; or expired, no-show,
cancelled, moved by closure. Whether a missed slot goes back to the queue is the policy's rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

from puente.entry.domain.policy import AfterMiss, AllocationPolicy
from puente.entry.domain.ports import PortOfEntry
from puente.shared.errors import IllegalTransition, InvalidInput

_APPOINTMENT_NAMESPACE = UUID("0b7e3f5a-2c4d-4e6f-8a1b-3c5d7e9f1a2b")


class AppointmentState(StrEnum):
    OFFERED = "offered"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    PROCESSED = "processed"
    EXPIRED = "expired"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    MOVED_BY_CLOSURE = "moved_by_closure"


_S = AppointmentState
TRANSITIONS: dict[AppointmentState, frozenset[AppointmentState]] = {
    _S.OFFERED: frozenset({_S.CONFIRMED, _S.EXPIRED, _S.CANCELLED, _S.MOVED_BY_CLOSURE}),
    _S.CONFIRMED: frozenset({_S.CHECKED_IN, _S.NO_SHOW, _S.CANCELLED, _S.MOVED_BY_CLOSURE}),
    _S.CHECKED_IN: frozenset({_S.PROCESSED}),
    _S.PROCESSED: frozenset(),
    _S.EXPIRED: frozenset(),
    _S.NO_SHOW: frozenset(),
    _S.CANCELLED: frozenset(),
    _S.MOVED_BY_CLOSURE: frozenset(),
}
ACTIVE = frozenset({_S.OFFERED, _S.CONFIRMED})
HOLDS_PLACE = ACTIVE | {_S.CHECKED_IN, _S.PROCESSED}  # counted against the day's capacity


class Requeue(StrEnum):
    """What an ended appointment means for its request."""

    FIRST = "first"  # back to the queue, ahead of others (the port closed on them)
    KEEP_PLACE = "keep_place"  # back to the queue with its registration date
    ASK_AGAIN = "ask_again"  # the request lapses
    DONE = "done"  # nothing more to allocate (processed or cancelled by the person)


def requeue_rule(state: AppointmentState, policy: AllocationPolicy) -> Requeue:
    if state is _S.MOVED_BY_CLOSURE:
        return Requeue.FIRST
    miss = {_S.EXPIRED: policy.after_expiry, _S.NO_SHOW: policy.after_no_show}.get(state)
    if miss is None:
        return Requeue.DONE
    return Requeue.KEEP_PLACE if miss is AfterMiss.REQUEUE else Requeue.ASK_AGAIN


@dataclass(frozen=True)
class AppointmentEvent:
    at: datetime
    source: AppointmentState
    target: AppointmentState
    note: str = ""


@dataclass
class Appointment:
    """One party's slot at one port on one local day; ``rule`` is the rule that placed it."""

    id: UUID
    request_id: str
    port: str
    port_timezone: str
    day: date
    party_size: int
    offered_at: datetime
    confirm_by: datetime
    expires_at: datetime
    rule: str
    state: AppointmentState = AppointmentState.OFFERED
    history: list[AppointmentEvent] = field(default_factory=list)

    @classmethod
    def offer(
        cls,
        request_id: str,
        port: PortOfEntry,
        day: date,
        party_size: int,
        rule: str,
        offered_at: datetime,
        confirm_within: timedelta,
    ) -> Appointment:
        """A new offer; its id is fixed by request and day, so a re-run yields the same passes."""
        return cls(
            id=uuid5(_APPOINTMENT_NAMESPACE, f"{request_id}|{day.isoformat()}"),
            request_id=request_id,
            port=port.code,
            port_timezone=port.timezone,
            day=day,
            party_size=party_size,
            offered_at=offered_at,
            confirm_by=offered_at + confirm_within,
            expires_at=port.window(day)[1],
            rule=rule,
        )

    def __post_init__(self) -> None:
        for name in ("offered_at", "confirm_by", "expires_at"):
            if getattr(self, name).tzinfo is None:
                raise InvalidInput.single(name, "times carry a time zone")

    def move(self, target: AppointmentState, at: datetime, note: str = "") -> None:
        if target not in TRANSITIONS[self.state]:
            raise IllegalTransition("appointment", self.state.value, target.value)
        self.history.append(AppointmentEvent(at, self.state, target, note))
        self.state = target

    def confirm(self, at: datetime) -> None:
        if self.state is _S.OFFERED and at > self.confirm_by:
            raise InvalidInput.single(
                "confirm_by", f"the deadline to confirm passed at {self.confirm_by.isoformat()}"
            )
        self.move(_S.CONFIRMED, at)

    def check_in(self, at: datetime) -> None:
        local_day = at.astimezone(ZoneInfo(self.port_timezone)).date()
        if self.state is _S.CONFIRMED and local_day != self.day:
            raise InvalidInput.single("day", f"the appointment is on {self.day.isoformat()}")
        self.move(_S.CHECKED_IN, at)

    def expire_if_due(self, now: datetime) -> bool:
        """Expire an offer not confirmed in time; True when it did."""
        if self.state is _S.OFFERED and now > self.confirm_by:
            self.move(_S.EXPIRED, now, "not confirmed in time")
            return True
        return False

    def miss_if_due(self, now: datetime) -> bool:
        """A confirmed party that did not check in before the pass expired is a no-show."""
        if self.state is _S.CONFIRMED and now > self.expires_at:
            self.move(_S.NO_SHOW, now, "did not check in")
            return True
        return False


@dataclass(frozen=True)
class Notification:
    """A message to emit (through the outbox) to the party of a request, in their language."""

    request_id: str
    language: str
    key: str
    params: dict[str, object]
    created_at: datetime
