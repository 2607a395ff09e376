"""Rows and JSON documents to domain values and back, for the cases repository."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from puente.cases.adapters.store.zones import on_clock, zone_label
from puente.cases.domain.case import CaseEvent
from puente.cases.domain.deadlines import Deadline, DeadlineKind
from puente.cases.domain.hearings import (
    Continuance,
    Hearing,
    HearingKind,
    HearingOutcome,
    ImmigrationCourt,
    VenueChange,
)
from puente.cases.domain.states import CaseState
from puente.registry.domain.contact import Address


def event_row(event: CaseEvent) -> dict[str, Any]:
    return {
        "case_id": event.case_id,
        "sequence": event.sequence,
        "source": event.source,
        "target": event.target,
        "occurred_at": event.occurred_at,
        "zone": zone_label(event.occurred_at),
        "actor": event.actor,
        "reason": event.reason,
        "policy_id": event.policy_id,
    }


def event_of(row: Row[Any]) -> CaseEvent:
    return CaseEvent(
        row.case_id,
        row.sequence,
        CaseState(row.source),
        CaseState(row.target),
        on_clock(row.occurred_at, row.zone),
        row.actor,
        row.reason,
        row.policy_id,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def address_doc(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "country": address.country,
        "line1": address.line1,
        "city": address.city,
        "state": address.state,
        "postal_code": address.postal_code,
        "valid_from": address.valid_from.isoformat(),
        "valid_to": _iso(address.valid_to),
    }


def address_of(doc: dict[str, Any] | None) -> Address | None:
    if doc is None:
        return None
    return Address(
        doc["country"],
        doc["line1"],
        doc["city"],
        doc["state"],
        doc["postal_code"],
        datetime.fromisoformat(doc["valid_from"]),
        _time(doc["valid_to"]),
    )


def history_doc(hearing: Hearing) -> dict[str, Any]:
    return {
        "continuances": [
            {
                "decided_at": c.decided_at.isoformat(),
                "previous_time": c.previous_time.isoformat(),
                "new_time": c.new_time.isoformat(),
                "reason": c.reason,
            }
            for c in hearing.continuances
        ],
        "venue_changes": [
            {
                "decided_at": v.decided_at.isoformat(),
                "from_court": v.from_court,
                "to_court": v.to_court,
                "reason": v.reason,
            }
            for v in hearing.venue_changes
        ],
    }


def hearing_of(row: Row[Any]) -> Hearing:
    court = ImmigrationCourt(row.court_code, row.court_name, row.court_city, row.court_timezone)
    history = row.history
    return Hearing(
        row.id,
        row.case_id,
        HearingKind(row.kind),
        court,
        row.scheduled_at.astimezone(court.zone),
        row.judge,
        HearingOutcome(row.outcome) if row.outcome else None,
        tuple(
            Continuance(
                datetime.fromisoformat(c["decided_at"]),
                datetime.fromisoformat(c["previous_time"]),
                datetime.fromisoformat(c["new_time"]),
                c["reason"],
            )
            for c in history["continuances"]
        ),
        tuple(
            VenueChange(
                datetime.fromisoformat(v["decided_at"]), v["from_court"], v["to_court"], v["reason"]
            )
            for v in history["venue_changes"]
        ),
    )


def deadline_row(deadline: Deadline, position: int, caseworker: str) -> dict[str, Any]:
    return {
        "case_id": deadline.case_id,
        "position": position,
        "kind": deadline.kind,
        "basis": deadline.basis,
        "due_at": deadline.due_at,
        "zone": zone_label(deadline.due_at),
        "closed_at": deadline.closed_at,
        "caseworker": caseworker,
    }


def deadline_of(row: Row[Any]) -> Deadline:
    return Deadline(
        row.case_id,
        DeadlineKind(row.kind),
        on_clock(row.basis, row.zone),
        on_clock(row.due_at, row.zone),
        on_clock(row.closed_at, row.zone) if row.closed_at else None,
    )
