"""Use cases in immigration court: hearings, notices checked against the address on record,
the deadlines a case's events set, their reminders, and a caseworker's deadline queue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from puente.cases.domain.case import AsylumCase
from puente.cases.domain.deadlines import (
    Deadline,
    DeadlineRules,
    Reminder,
    ReminderOffsets,
    compute_deadlines,
    first_hearing_too_soon,
    reminders_for,
)
from puente.cases.domain.hearings import Hearing, HearingKind, HearingOutcome, ImmigrationCourt
from puente.cases.domain.notices import HearingNotice, NoticeCheck, check_notice
from puente.cases.domain.states import CaseState
from puente.cases.services.commands import ScheduleHearing, SendNotice
from puente.cases.services.pathway import UnitOfWorkFactory, load_case
from puente.cases.services.ports import CasesUnitOfWork, PeopleDirectory
from puente.cases.services.projection import deadline_context, refresh_deadlines
from puente.registry.domain.contact import Address
from puente.shared.errors import InvalidInput, NotFound

# Reminders go in the person's language; Spanish when the registry does not know it.
FALLBACK_LANGUAGE = "spa"


def _nta_filed_at(case: AsylumCase) -> datetime | None:
    return next((e.occurred_at for e in case.events if e.target is CaseState.IN_COURT), None)


def schedule_hearing(new_uow: UnitOfWorkFactory, command: ScheduleHearing) -> Hearing:
    court = ImmigrationCourt(
        command.court_code, command.court_name, command.court_city, command.court_timezone
    )
    hearing = Hearing(
        command.hearing_id,
        command.case_id,
        command.kind,
        court,
        command.scheduled_at,
        command.judge,
    )
    with new_uow() as uow:
        case = load_case(uow, command.case_id)
        filed = _nta_filed_at(case)
        is_first = command.kind is HearingKind.MASTER_CALENDAR and not any(
            h.kind is HearingKind.MASTER_CALENDAR for h in uow.cases.hearings_of(case.id)
        )
        checked = is_first and filed is not None and not command.earlier_requested
        if checked and filed is not None and first_hearing_too_soon(filed, hearing):
            raise InvalidInput.single(
                "scheduled_at", "a first master-calendar hearing needs at least 10 days' notice"
            )
        uow.cases.save_hearing(hearing)
        refresh_deadlines(uow, load_case(uow, hearing.case_id))
        uow.commit()
    return hearing


def _load_hearing(uow: CasesUnitOfWork, hearing_id: UUID) -> Hearing:
    hearing = uow.cases.get_hearing(hearing_id)
    if hearing is None:
        raise NotFound("hearing", hearing_id)
    return hearing


def _change_hearing(
    new_uow: UnitOfWorkFactory, hearing_id: UUID, change: Callable[[Hearing], Hearing]
) -> Hearing:
    """Store the hearing as ``change`` leaves it, with the deadlines it now sets."""
    with new_uow() as uow:
        hearing = change(_load_hearing(uow, hearing_id))
        uow.cases.save_hearing(hearing)
        refresh_deadlines(uow, load_case(uow, hearing.case_id))
        uow.commit()
    return hearing


def continue_hearing(
    new_uow: UnitOfWorkFactory,
    hearing_id: UUID,
    new_time: datetime,
    decided_at: datetime,
    reason: str,
) -> Hearing:
    return _change_hearing(new_uow, hearing_id, lambda h: h.continued(new_time, decided_at, reason))


def change_venue(
    new_uow: UnitOfWorkFactory,
    hearing_id: UUID,
    court: ImmigrationCourt,
    new_time: datetime,
    decided_at: datetime,
    reason: str,
) -> Hearing:
    return _change_hearing(
        new_uow, hearing_id, lambda h: h.moved_to(court, new_time, decided_at, reason)
    )


def record_outcome(
    new_uow: UnitOfWorkFactory, case_id: UUID, hearing_id: UUID, outcome: HearingOutcome
) -> Hearing:
    """Close a hearing of this case with what the court decided; a closed one is refused."""

    def close(hearing: Hearing) -> Hearing:
        if hearing.case_id != case_id:
            raise NotFound("hearing", hearing_id)
        return hearing.closed(outcome)

    return _change_hearing(new_uow, hearing_id, close)


def send_notice(
    new_uow: UnitOfWorkFactory, people: PeopleDirectory, command: SendNotice
) -> NoticeCheck:
    """Record a hearing notice, flagged when it went to an address not on record at the time."""
    address = Address.create(
        command.country,
        command.line1,
        command.city,
        command.state,
        command.postal_code,
        command.sent_at,
    )
    notice = HearingNotice(
        command.case_id, command.hearing_id, command.person_id, command.sent_at, address
    )
    with new_uow() as uow:
        case = load_case(uow, command.case_id)
        if command.person_id not in case.person_ids:
            raise InvalidInput.single("person_id", "is not a person of this case")
        if _load_hearing(uow, command.hearing_id).case_id != command.case_id:
            raise NotFound("hearing", command.hearing_id)
        # Only now, the person and hearing being this case's, open their address history.
        check = check_notice(notice, people.addresses_of(command.person_id))
        uow.cases.add_notice(check)
        refresh_deadlines(uow, case)
        uow.commit()
    return check


@dataclass(frozen=True)
class CaseDeadlines:
    deadlines: list[Deadline]
    reminders: list[Reminder]


def case_deadlines(
    new_uow: UnitOfWorkFactory,
    people: PeopleDirectory,
    case_id: UUID,
    rules: DeadlineRules = DeadlineRules(),
    offsets: ReminderOffsets = ReminderOffsets(),
) -> CaseDeadlines:
    with new_uow() as uow:
        case = load_case(uow, case_id)
        deadlines = compute_deadlines(case.id, case.events, deadline_context(uow, case), rules)
    language = people.language_of(case.person_ids[0]) or FALLBACK_LANGUAGE
    reminders = [r for d in deadlines for r in reminders_for(d, language, offsets)]
    return CaseDeadlines(deadlines, sorted(reminders, key=lambda r: r.send_at))


@dataclass(frozen=True)
class CaseworkerQueue:
    deadlines: list[Deadline]
    hearings: list[Hearing]


def deadline_queue(
    new_uow: UnitOfWorkFactory,
    caseworker: str,
    now: datetime,
    horizon: timedelta = timedelta(days=30),
    overdue_window: timedelta = timedelta(days=90),
    limit: int = 100,
) -> list[Deadline]:
    """The caseworker's open deadlines due within ``horizon``, overdue ones first."""
    with new_uow() as uow:
        return uow.cases.due_deadlines(caseworker, now, now - overdue_window, now + horizon, limit)


def caseworker_queue(
    new_uow: UnitOfWorkFactory,
    caseworker: str,
    now: datetime,
    horizon: timedelta = timedelta(days=30),
    limit: int = 100,
) -> CaseworkerQueue:
    """What needs the caseworker next: open deadlines (overdue first) and coming hearings."""
    with new_uow() as uow:
        deadlines = uow.cases.due_deadlines(
            caseworker, now, now - timedelta(days=90), now + horizon, limit
        )
        hearings = uow.cases.hearings_between(caseworker, now, now + horizon, limit)
    return CaseworkerQueue(deadlines, hearings)
