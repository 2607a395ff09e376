"""The deadlines a case's events and acts set, kept beside the case so a queue is one lookup.

Every use case that changes what a deadline depends on calls ``refresh_deadlines`` before it
commits; the queue then reads the stored deadlines instead of replaying every case.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from puente.cases.domain.case import AsylumCase
from puente.cases.domain.deadlines import (
    Deadline,
    DeadlineContext,
    DeadlineRules,
    compute_deadlines,
)
from puente.cases.domain.hearings import HearingKind
from puente.cases.domain.states import CaseState
from puente.cases.services.ports import CasesUnitOfWork
from puente.shared.errors import InvalidInput


def deadline_context(uow: CasesUnitOfWork, case: AsylumCase) -> DeadlineContext:
    """The clocks and acts that set the case's deadlines, from what is stored about it."""
    hearings = sorted(uow.cases.hearings_of(case.id), key=lambda h: h.scheduled_at)
    arrival = next(
        (e for e in reversed(case.events) if e.target is CaseState.PRESENTED_AT_PORT), None
    )
    arrival_zone = arrival.occurred_at.tzinfo if arrival else None
    court_zone = hearings[-1].court.zone if hearings else None
    zones = [z for z in (arrival_zone, court_zone) if isinstance(z, ZoneInfo)]
    if not zones:
        raise InvalidInput.single(
            "case", "no IANA time zone known: record the arrival at a port or schedule a hearing"
        )
    first_master = next((h for h in hearings if h.kind is HearingKind.MASTER_CALENDAR), None)
    served = [
        n.sent_at
        for n in uow.cases.notices_served(case.id)
        if first_master and n.hearing_id == first_master.id and not n.flagged
    ]
    filed = [f.filed_at for f in uow.cases.filings_of(case.id) if f.form == "I-589"]
    return DeadlineContext(
        arrival_zone=zones[0],
        court_zone=court_zone if isinstance(court_zone, ZoneInfo) else zones[0],
        first_master_hearing=first_master,
        hearing_notice_served_at=min(served) if served else None,
        asylum_application_filed_at=min(filed) if filed else None,
    )


def deadlines_if_placed(
    uow: CasesUnitOfWork, case: AsylumCase, rules: DeadlineRules = DeadlineRules()
) -> list[Deadline]:
    """The case's deadlines; none while no clock is known (not yet at a port or in court)."""
    try:
        context = deadline_context(uow, case)
    except InvalidInput:
        return []
    return compute_deadlines(case.id, case.events, context, rules)


def refresh_deadlines(uow: CasesUnitOfWork, case: AsylumCase) -> None:
    """Store the case's deadlines as its events and acts now set them (the deployment's rules)."""
    uow.cases.save_deadlines(case.id, deadlines_if_placed(uow, case))
