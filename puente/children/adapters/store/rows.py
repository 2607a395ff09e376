"""Rows of the children's tables from domain objects and back (custody records, home-study
factors, the beds a placement run found short)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from puente.children.domain.custody import (
    AgeBasis,
    CustodyRecord,
    CustodyStatus,
    Relative,
    Screening,
)
from puente.children.domain.explain import BedNeed
from puente.children.domain.sponsors import HomeStudyFactors
from puente.shelters.adapters.store.repository import pool_columns, pool_of
from puente.shelters.domain.model import PlacementBasis, Sex, ShelterKind


def record_row(record: CustodyRecord) -> dict[str, object]:
    screening = record.screening
    return {
        "encountered_at": record.encountered_at,
        "zone": record.zone,
        "facility": record.facility,
        "age": record.age,
        "age_basis": record.age_basis.value,
        "sex": record.sex.value,
        "language": record.language,
        "nationality": record.nationality,
        "special_needs": sorted(record.special_needs),
        "placement_bases": sorted(b.value for b in record.placement_bases),
        "status": record.status.value,
        "screening": None
        if screening is None
        else {
            "trafficking_concern": screening.trafficking_concern,
            "fear_of_return": screening.fear_of_return,
            "able_to_decide": screening.able_to_decide,
            "screened_by": screening.screened_by,
            "screened_at": screening.screened_at.isoformat(),
        },
        "left_custody_at": record.left_custody_at,
        "person_id": record.person_id,
    }


def record_of(
    row: Row[Any],
    relatives: tuple[Relative, ...],
    history: tuple[tuple[CustodyStatus, datetime], ...],
) -> CustodyRecord:
    screening = row.screening
    return CustodyRecord(
        id=row.id,
        encountered_at=row.encountered_at,
        zone=row.zone,
        facility=row.facility,
        age=row.age,
        age_basis=AgeBasis(row.age_basis),
        sex=Sex(row.sex),
        language=row.language,
        nationality=row.nationality,
        relatives=relatives,
        special_needs=frozenset(row.special_needs),
        placement_bases=frozenset(PlacementBasis(b) for b in row.placement_bases),
        status=CustodyStatus(row.status),
        screening=None
        if screening is None
        else Screening(
            screening["trafficking_concern"],
            screening["fear_of_return"],
            screening["able_to_decide"],
            screening["screened_by"],
            datetime.fromisoformat(screening["screened_at"]),
        ),
        left_custody_at=row.left_custody_at,
        history=history,
        person_id=row.person_id,
    )


def home_study_row(factors: HomeStudyFactors) -> dict[str, bool]:
    return {
        "trafficking_victim": factors.trafficking_victim,
        "disability": factors.disability,
        "abuse_history": factors.abuse_history,
        "sponsor_risk": factors.sponsor_risk,
        "tender_age_with_unrelated_sponsor": factors.tender_age_with_unrelated_sponsor,
    }


def need_row(need: BedNeed, beds: int) -> dict[str, object]:
    return {
        "kind": need.kind.value,
        "needs": list(need.needs),
        "tender_age": need.tender_age,
        "beds": beds,
        **pool_columns(need.pool),
    }


def need_of(row: dict[str, Any]) -> BedNeed:
    return BedNeed(ShelterKind(row["kind"]), pool_of(row), tuple(row["needs"]), row["tender_age"])
