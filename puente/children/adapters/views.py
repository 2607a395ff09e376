"""What the API, pages and exports show of custody records and sponsor cases, and how each
field is classified for the access gate. A sponsor's immigration status is ``SPONSOR_STATUS``:
enforcement roles never hold that category, so it never leaves the gate for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.redaction import Classification, Nested
from puente.access.domain.roles import DataCategory as C
from puente.children.domain.clock import ClockPolicy
from puente.children.domain.custody import CustodyRecord
from puente.children.domain.explain import Explanation
from puente.children.domain.sponsors import TRANSITIONS, SponsorApplication, State

CUSTODY_RECORD = "custody_record"
SPONSOR_APPLICATION = "sponsor_application"

SPONSOR_SUMMARY: Classification = {
    "id": C.REFERENCE,
    "sponsor_type": C.CUSTODY,
    "state": C.CUSTODY,
    "sponsor_name": C.CONTACT,  # who and where a sponsor is: not for enforcement either
    "immigration_status": C.SPONSOR_STATUS,
}

CUSTODY_VIEW: Classification = {
    "id": C.REFERENCE,
    "person_id": C.REFERENCE,
    "facility": C.CUSTODY,
    "zone": C.CUSTODY,
    "encountered_at": C.CUSTODY,
    "encountered_local": C.CUSTODY,
    "status": C.CUSTODY,
    "hours_in_custody": C.CUSTODY,
    "deadline_local": C.CUSTODY,
    "level": C.CUSTODY,
    "left_custody_at": C.CUSTODY,
    "screening_path": C.CUSTODY,
    "age": C.IDENTITY,
    "age_basis": C.IDENTITY,
    "sex": C.IDENTITY,
    "language": C.IDENTITY,
    "nationality": C.IDENTITY,
    "relatives": Nested(
        {"relationship": C.IDENTITY, "name": C.IDENTITY, "child_id": C.REFERENCE}, C.IDENTITY
    ),
    "special_needs": C.VULNERABILITY,
    "placement_bases": C.VULNERABILITY,
    "sponsors": Nested(SPONSOR_SUMMARY, C.REFERENCE),
}

SPONSOR_VIEW: Classification = {
    **SPONSOR_SUMMARY,
    "child_id": C.REFERENCE,
    "category": C.CUSTODY,
    "submitted_at": C.REFERENCE,
    "home_study_required": C.CUSTODY,
    "home_study": C.VULNERABILITY,
    "next_states": C.CUSTODY,
    "steps": Nested({"state": C.CUSTODY, "at": C.CUSTODY, "by": C.CUSTODY, "note": C.CUSTODY}),
}


# Why a child was placed where, or is waiting: the run's reasoning about custody.
EXPLANATION_VIEW: Classification = {
    "child_id": C.REFERENCE,
    "provider_id": C.CUSTODY,
    "explanation": C.CUSTODY,
    "km": C.CUSTODY,
    "restrictiveness": C.CUSTODY,
}


def explanation_view(explanation: Explanation) -> dict[str, Any]:
    return {
        "child_id": explanation.child_id,
        "provider_id": explanation.provider_id,
        "explanation": explanation.text,
        "km": explanation.km,
        "restrictiveness": explanation.restrictiveness,
    }


def protected(
    record_type: str, record_id: UUID, owner_id: UUID, child: CustodyRecord
) -> ProtectedRecord:
    return ProtectedRecord(
        record_type,
        record_id,
        owner_id,
        (child.subject_id,),
        frozenset({child.nationality.upper()}),
    )


def sponsor_summary(application: SponsorApplication) -> dict[str, Any]:
    return {
        "id": str(application.id),
        "sponsor_type": application.sponsor_type.name.lower(),
        "state": application.state.value,
        "sponsor_name": application.sponsor_name,
        "immigration_status": application.protected.immigration_status,
    }


def custody_view(
    record: CustodyRecord,
    now: datetime,
    applications: list[SponsorApplication],
    policy: ClockPolicy = ClockPolicy(),
) -> dict[str, Any]:
    clock = record.clock(policy)
    zone = ZoneInfo(record.zone)
    return {
        "id": str(record.id),
        "person_id": str(record.person_id) if record.person_id else None,
        "facility": record.facility,
        "zone": record.zone,
        "encountered_at": record.encountered_at.isoformat(),
        "encountered_local": record.local_encounter.isoformat(),
        "status": record.status.value,
        "hours_in_custody": round(clock.hours(now), 1),
        "deadline_local": clock.deadline_in(zone).isoformat(),
        "level": clock.level(now).value,
        "left_custody_at": record.left_custody_at.isoformat() if record.left_custody_at else None,
        "screening_path": record.screening_path,
        "age": record.age,
        "age_basis": record.age_basis.value,
        "sex": record.sex.value,
        "language": record.language,
        "nationality": record.nationality,
        "relatives": [
            {
                "relationship": r.relationship.value,
                "name": r.name,
                "child_id": str(r.child_id) if r.child_id else None,
            }
            for r in record.relatives
        ],
        "special_needs": sorted(record.special_needs),
        "placement_bases": sorted(b.value for b in record.placement_bases),
        "sponsors": [sponsor_summary(a) for a in applications],
    }


def sponsor_view(application: SponsorApplication) -> dict[str, Any]:
    factors = application.home_study
    return {
        **sponsor_summary(application),
        "child_id": str(application.child_id),
        "category": application.category.value,
        "submitted_at": application.submitted_at.isoformat(),
        "home_study_required": factors.required,
        "home_study": sorted(name for name, on in vars(factors).items() if on),
        "next_states": [s.value for s in next_states(application)],
        "steps": [
            {"state": s.state.value, "at": s.at.isoformat(), "by": s.by, "note": s.note}
            for s in application.steps
        ],
    }


def next_states(application: SponsorApplication) -> list[State]:
    """The steps that may follow now (approval waits for a required home study)."""
    blocked = application.state is State.BACKGROUND_CLEARED and application.home_study.required
    return [
        s
        for s in State
        if s in TRANSITIONS[application.state] and not (blocked and s is State.APPROVED)
    ]
