"""What the entry routes and pages show, as plain dicts, with the classification of each field
and the protected-record description the access gate decides on.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Nested
from puente.access.domain.roles import DataCategory as C
from puente.entry.domain.appointments import Appointment
from puente.entry.domain.explanations import Explanation
from puente.entry.domain.messages import render
from puente.entry.domain.requests import EntryRequest
from puente.entry.services.self_service import Member

APPOINTMENT_CLASSIFICATION: Classification = {
    "id": C.REFERENCE,
    "request_id": C.REFERENCE,
    "port": C.APPOINTMENT,
    "day": C.APPOINTMENT,
    "party_size": C.APPOINTMENT,
    "state": C.APPOINTMENT,
    "rule": C.APPOINTMENT,
    "confirm_by": C.APPOINTMENT,
    "expires_at": C.APPOINTMENT,
}

REQUEST_CLASSIFICATION: Classification = {
    "id": C.REFERENCE,
    "window_id": C.REFERENCE,
    "person_ids": C.REFERENCE,
    "family_id": C.REFERENCE,
    "state": C.APPOINTMENT,
    "preferences": C.APPOINTMENT,
    "accepts_other_ports": C.APPOINTMENT,
    "registered_at": C.APPOINTMENT,
    "requested_at": C.APPOINTMENT,
    "group": C.APPOINTMENT,
    "language": C.IDENTITY,
    "nationality": C.IDENTITY,
    "vulnerability": C.VULNERABILITY,
    "court_case": C.CASE_PROCEEDINGS,
    "explanation": C.APPOINTMENT,
    "appointment": Nested(APPOINTMENT_CLASSIFICATION, C.APPOINTMENT),
}

MEMBER_CLASSIFICATION: Classification = {
    "person_id": C.REFERENCE,
    "name": C.IDENTITY,
    "birth_date": C.IDENTITY,
    "nationalities": C.IDENTITY,
}

# The port officer's screen: the family and the appointment. The vulnerability level is there
# for staff who may see it, and removed for roles without that category (port officers).
CHECK_IN_CLASSIFICATION: Classification = {
    "request_id": C.REFERENCE,
    "appointment": Nested(APPOINTMENT_CLASSIFICATION, C.APPOINTMENT),
    "members": Nested(MEMBER_CLASSIFICATION, C.IDENTITY),
    "language": C.IDENTITY,
    "vulnerability": C.VULNERABILITY,
}


def request_record(request: EntryRequest) -> ProtectedRecord:
    assert request.owner_id is not None, "requests stored through the API have an owner"
    return ProtectedRecord(
        "entry_request",
        UUID(request.id),
        request.owner_id,
        request.person_ids,
        frozenset({request.nationality}),
    )


def appointment_record(appointment: Appointment, request: EntryRequest) -> ProtectedRecord:
    """An appointment is held by the organisation holding its request."""
    return ProtectedRecord(
        "appointment",
        appointment.id,
        request_record(request).owner_id,
        request.person_ids,
        frozenset({request.nationality}),
    )


def appointment_view(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": str(appointment.id),
        "request_id": appointment.request_id,
        "port": appointment.port,
        "day": appointment.day.isoformat(),
        "party_size": appointment.party_size,
        "state": appointment.state.value,
        "rule": appointment.rule,
        "confirm_by": appointment.confirm_by.isoformat(),
        "expires_at": appointment.expires_at.isoformat(),
    }


def explanation_view(explanation: Explanation | None, language: str) -> dict[str, Any] | None:
    """The structured reason and its text in ``language`` (Spanish when there is no text)."""
    if explanation is None:
        return None
    text = render(explanation.key, language, explanation.params())
    return {
        "day": explanation.day.isoformat(),
        "key": explanation.key,
        "allocated": explanation.allocated,
        "rule": explanation.rule,
        "position": explanation.position,
        "candidates": explanation.candidates,
        "port": explanation.port,
        "text": text.text,
        "text_language": text.language,
    }


def request_view(
    request: EntryRequest,
    explanation: Explanation | None,
    appointment: Appointment | None,
    language: str | None = None,
) -> dict[str, Any]:
    case = request.court_case
    return {
        "id": request.id,
        "window_id": request.window_id,
        "person_ids": [str(p) for p in request.person_ids],
        "family_id": str(request.family_id) if request.family_id else None,
        "state": request.state.value,
        "preferences": list(request.preferences),
        "accepts_other_ports": request.accepts_other_ports,
        "registered_at": request.registered_at.isoformat(),
        "requested_at": request.requested_at.isoformat(),
        "group": request.group,
        "language": request.language,
        "nationality": request.nationality,
        "vulnerability": {
            "level": request.vulnerability.level.name.lower(),
            "flags": list(request.vulnerability.flags),
        },
        "court_case": ({"a_number": case.a_number, "status": case.status.value} if case else None),
        "explanation": explanation_view(explanation, language or request.language),
        "appointment": appointment_view(appointment) if appointment else None,
    }


def check_in_view(
    appointment: Appointment, request: EntryRequest, members: list[Member]
) -> dict[str, Any]:
    return {
        "request_id": request.id,
        "appointment": appointment_view(appointment),
        "members": [
            {
                "person_id": str(m.person_id),
                "name": m.name,
                "birth_date": m.birth_date,
                "nationalities": list(m.nationalities),
            }
            for m in members
        ],
        "language": request.language,
        "vulnerability": request.vulnerability.level.name.lower(),
    }
