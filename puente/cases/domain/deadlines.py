"""Deadlines computed from a case's events, and reminders before each in the person's language.

A deadline is met when the act happens *before* ``due_at``; ``due_at`` is on the clock of the
place that sets it (port of arrival or immigration court), so it survives daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from puente.cases.domain.calendar import (
    federal_holidays,
    next_business_day,
    plus_years,
    start_of_day,
    wall_shift,
)
from puente.cases.domain.case import CaseEvent, require_aware
from puente.cases.domain.hearings import Hearing
from puente.cases.domain.states import CaseState
from puente.registry.domain.codes import language_code


class DeadlineKind(StrEnum):
    ASYLUM_APPLICATION = "asylum_application"
    BIA_APPEAL = "bia_appeal"
    HEARING_NOTICE = "hearing_notice"
    IJ_FEAR_REVIEW = "ij_fear_review"


# Decisions from which a 30-day appeal to the BIA runs (a withdrawal is not appealed).
APPEALABLE = frozenset(
    {CaseState.GRANTED, CaseState.DENIED, CaseState.TERMINATED, CaseState.IN_ABSENTIA_ORDER}
)


@dataclass(frozen=True)
class DeadlineRules:
    """The periods; defaults per 8 CFR 208.4(a)(2), 8 CFR 1003.38(b), INA 239(b)(1), 235(b)(1)."""

    asylum_application_years: int = 1
    bia_appeal_days: int = 30
    hearing_notice_days: int = 10
    ij_fear_review_days: int = 7
    holidays: Callable[[int], frozenset[date]] = federal_holidays
    rolls_forward: frozenset[DeadlineKind] = frozenset(
        {DeadlineKind.ASYLUM_APPLICATION, DeadlineKind.BIA_APPEAL}
    )


@dataclass(frozen=True, slots=True)
class Deadline:
    """``due_at`` is exclusive and in the deadline's own zone; ``closed_at`` when met or moot."""

    case_id: UUID
    kind: DeadlineKind
    basis: datetime
    due_at: datetime
    closed_at: datetime | None = None

    @property
    def timezone(self) -> str:
        return str(self.due_at.tzinfo)

    @property
    def due_on(self) -> date:
        """The last local day on which the act is on time."""
        return (self.due_at - timedelta(microseconds=1)).date()

    def is_open(self, at: datetime) -> bool:
        return self.closed_at is None or self.closed_at > at


def _day_deadline(
    case_id: UUID,
    kind: DeadlineKind,
    basis: datetime,
    last_day: date,
    zone: ZoneInfo,
    rules: DeadlineRules,
    closed_at: datetime | None,
) -> Deadline:
    if kind in rules.rolls_forward:
        holidays = rules.holidays(last_day.year) | rules.holidays(last_day.year + 1)
        last_day = next_business_day(last_day, holidays)
    due_at = start_of_day(last_day + timedelta(days=1), zone)
    return Deadline(case_id, kind, basis, due_at, closed_at)


@dataclass(frozen=True)
class DeadlineContext:
    """What the events alone do not say: the clocks and the acts that meet some deadlines."""

    arrival_zone: ZoneInfo
    court_zone: ZoneInfo
    first_master_hearing: Hearing | None = None
    hearing_notice_served_at: datetime | None = None
    asylum_application_filed_at: datetime | None = None


def compute_deadlines(
    case_id: UUID,
    events: Sequence[CaseEvent],
    context: DeadlineContext,
    rules: DeadlineRules = DeadlineRules(),
) -> list[Deadline]:
    """Every deadline the events set, each closed by the act or move that meets or moots it."""
    deadlines: list[Deadline] = []
    for index, event in enumerate(events):
        if event.target is CaseState.FEAR_NEGATIVE:
            kind, days = DeadlineKind.IJ_FEAR_REVIEW, rules.ij_fear_review_days
        elif event.target in APPEALABLE:
            kind, days = DeadlineKind.BIA_APPEAL, rules.bia_appeal_days
        else:
            continue
        # Closed by the next move; a review requested stays open until the judge decides.
        closer = index + 1
        if closer < len(events) and events[closer].target is CaseState.IJ_FEAR_REVIEW:
            closer += 1
        closed = events[closer].occurred_at if closer < len(events) else None
        last_day = event.occurred_at.astimezone(context.court_zone).date() + timedelta(days=days)
        deadlines.append(
            _day_deadline(
                case_id, kind, event.occurred_at, last_day, context.court_zone, rules, closed
            )
        )
    arrival = _last_arrival(events)
    if arrival is not None:
        arrival_day = arrival.occurred_at.astimezone(context.arrival_zone).date()
        deadlines.append(
            _day_deadline(
                case_id,
                DeadlineKind.ASYLUM_APPLICATION,
                arrival.occurred_at,
                plus_years(arrival_day, rules.asylum_application_years),
                context.arrival_zone,
                rules,
                context.asylum_application_filed_at,
            )
        )
    hearing = context.first_master_hearing
    if hearing is not None:
        due = wall_shift(
            hearing.scheduled_at, -timedelta(days=rules.hearing_notice_days), hearing.court.zone
        )
        basis = next((e.occurred_at for e in events if e.target is CaseState.IN_COURT), due)
        deadlines.append(
            Deadline(
                case_id, DeadlineKind.HEARING_NOTICE, basis, due, context.hearing_notice_served_at
            )
        )
    return sorted(deadlines, key=lambda d: d.due_at)


def _last_arrival(events: Sequence[CaseEvent]) -> CaseEvent | None:
    """The last presentation that led to entry: an expelled presentation is not an arrival."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.target is CaseState.PRESENTED_AT_PORT:
            following = events[index + 1] if index + 1 < len(events) else None
            if following is None or following.target is not CaseState.EXPELLED_TITLE_42:
                return event
    return None


def first_hearing_too_soon(
    nta_served_at: datetime, hearing: Hearing, rules: DeadlineRules = DeadlineRules()
) -> bool:
    """True when the first master-calendar hearing leaves less notice than the law requires."""
    require_aware(nta_served_at, "nta_served_at")
    earliest = wall_shift(
        nta_served_at, timedelta(days=rules.hearing_notice_days), hearing.court.zone
    )
    return hearing.scheduled_at < earliest


@dataclass(frozen=True)
class ReminderOffsets:
    """Reminders go out so many days before each kind's last day, at ``send_time`` local time."""

    default_days: tuple[int, ...] = (14, 3, 1)
    days_by_kind: Mapping[DeadlineKind, tuple[int, ...]] = field(
        default_factory=lambda: {DeadlineKind.IJ_FEAR_REVIEW: (3, 1, 0)}
    )
    send_time: time = time(9, 0)

    def for_kind(self, kind: DeadlineKind) -> tuple[int, ...]:
        return self.days_by_kind.get(kind, self.default_days)


@dataclass(frozen=True, slots=True)
class Reminder:
    """What to send and when; the text is rendered later from ``message_key`` in ``language``."""

    case_id: UUID
    kind: DeadlineKind
    send_at: datetime
    due_at: datetime
    message_key: str
    language: str


def reminders_for(
    deadline: Deadline, language: str, offsets: ReminderOffsets = ReminderOffsets()
) -> list[Reminder]:
    """Reminders for an open deadline, leaving out any that would fall before it started."""
    if deadline.closed_at is not None:
        return []
    code = language_code(language, "language")
    zone = deadline.due_at.tzinfo
    assert isinstance(zone, ZoneInfo), "deadlines are built on IANA zones"
    reminders = []
    for days in sorted(set(offsets.for_kind(deadline.kind)), reverse=True):
        day = deadline.due_on - timedelta(days=days)
        send_at = datetime.combine(day, offsets.send_time, tzinfo=zone)
        send_at = send_at.astimezone(UTC).astimezone(zone)
        if deadline.basis < send_at < deadline.due_at:
            reminders.append(
                Reminder(
                    deadline.case_id,
                    deadline.kind,
                    send_at,
                    deadline.due_at,
                    f"deadline.{deadline.kind.value}.reminder",
                    code,
                )
            )
    return reminders
