"""Use cases: record an encounter, refer or screen a child, and sweep custody-clock alerts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from puente.children.domain.clock import ClockPolicy
from puente.children.domain.custody import CustodyRecord, CustodyStatus, Screening
from puente.children.services.unit_of_work import ChildrenUnitOfWork, Facility, SentAlert
from puente.shared.errors import InvalidInput, NotFound


def register_facility(uow: ChildrenUnitOfWork, facility: Facility) -> None:
    with uow:
        if uow.children.facility(facility.name) is not None:
            raise InvalidInput.single("name", f"facility {facility.name!r} already exists")
        uow.children.add_facility(facility)
        uow.commit()


def record_encounter(uow: ChildrenUnitOfWork, record: CustodyRecord) -> None:
    with uow:
        if uow.children.facility(record.facility) is None:
            raise InvalidInput.single("facility", f"unknown facility {record.facility!r}")
        if uow.children.get_record(record.id) is not None:
            raise InvalidInput.single("id", f"custody record {record.id} already exists")
        unknown = [str(s) for s in record.sibling_ids if uow.children.get_record(s) is None]
        if unknown:
            raise InvalidInput.single("relatives", "siblings not in custody: " + ", ".join(unknown))
        uow.children.add_record(record)
        uow.commit()


def _record(uow: ChildrenUnitOfWork, child_id: UUID) -> CustodyRecord:
    record = uow.children.get_record(child_id)
    if record is None:
        raise NotFound("custody record", child_id)
    return record


def refer_to_orr(uow: ChildrenUnitOfWork, child_id: UUID, at: datetime) -> CustodyRecord:
    with uow:
        record = _record(uow, child_id).move(CustodyStatus.REFERRED, at)
        uow.children.save_record(record)
        uow.commit()
        return record


def screen(uow: ChildrenUnitOfWork, child_id: UUID, screening: Screening) -> CustodyRecord:
    with uow:
        record = _record(uow, child_id).screen(screening)
        uow.children.save_record(record)
        uow.commit()
        return record


def return_voluntarily(uow: ChildrenUnitOfWork, child_id: UUID, at: datetime) -> CustodyRecord:
    with uow:
        record = _record(uow, child_id).return_voluntarily(at)
        uow.children.save_record(record)
        uow.commit()
        return record


def sweep_clock_alerts(
    uow: ChildrenUnitOfWork, now: datetime, policy: ClockPolicy = ClockPolicy()
) -> list[SentAlert]:
    """Every alert due by ``now`` and not sent before; safe to run as often as wanted."""
    sent = []
    with uow:
        for record in uow.children.in_border_custody():
            already = uow.children.sent_alert_keys(record.id)
            for alert in record.clock(policy).due(now):
                if alert.key not in already:
                    item = SentAlert(record.id, alert)
                    uow.children.add_sent_alert(item)
                    uow.notify(item)
                    sent.append(item)
        uow.commit()
    return sent
