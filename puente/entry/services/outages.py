"""Use cases of the outage log: open and close an outage, record a failed attempt, give evidence."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from puente.entry.domain.outages import Evidence, FailedRequest, Outage, OutageKind, evidence
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.errors import NotFound


def start_outage(
    uow: EntryUnitOfWork, component: str, kind: OutageKind, description: str, at: datetime
) -> Outage:
    with uow:
        outage = Outage(uuid4(), component, kind, at, description)
        uow.outages.save_outage(outage)
        uow.commit()
        return outage


def end_outage(uow: EntryUnitOfWork, outage_id: UUID, at: datetime) -> Outage:
    with uow:
        outage = uow.outages.get_outage(outage_id)
        if outage is None:
            raise NotFound("outage", outage_id)
        outage.end(at)
        uow.outages.save_outage(outage)
        uow.commit()
        return outage


def record_failure(
    uow: EntryUnitOfWork, component: str, operation: str, error: str, at: datetime
) -> FailedRequest:
    """Log a failed attempt; the returned reference is shown to the person to keep."""
    with uow:
        failure = FailedRequest(uuid4(), at, component, operation, error, uuid4().hex[:12])
        uow.outages.add_failure(failure)
        uow.commit()
        return failure


def outage_evidence(
    uow: EntryUnitOfWork,
    start: datetime,
    end: datetime,
    now: datetime,
    reference: str | None = None,
) -> Evidence:
    with uow:
        failures = uow.outages.failures_of(reference) if reference else []
        return evidence(
            uow.outages.outages_between(start, end), failures, start, end, now, reference
        )
