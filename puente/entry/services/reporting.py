"""Use case: the fairness report over a period, from the appointments and their requests."""

from __future__ import annotations

from datetime import date

import pandas as pd

from puente.entry.domain.fairness import HistoryReport, history_report
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.errors import InvalidInput, NotFound


def fairness_over_time(uow: EntryUnitOfWork, first: date, last: date) -> HistoryReport:
    if last < first:
        raise InvalidInput.single("last", "the period ends on or after its first day")
    rows = []
    with uow:
        for appointment in uow.entry.appointments_between(first, last):
            request = uow.entry.get_request(appointment.request_id)
            if request is None:
                raise NotFound("entry request", appointment.request_id)
            rows.append(
                {
                    "day": appointment.day,
                    "state": appointment.state.value,
                    "rule": appointment.rule,
                    "registered": pd.Timestamp(request.registered_at).tz_convert("UTC"),
                    "nationality": request.nationality,
                    "language": request.language,
                    "level": int(request.vulnerability.level),
                    "party_size": appointment.party_size,
                }
            )
    if not rows:
        raise NotFound("appointments between", f"{first.isoformat()} and {last.isoformat()}")
    return history_report(pd.DataFrame(rows))
