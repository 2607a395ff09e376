"""Children use cases with in-memory fakes: alerts sweep, placement run, sponsors and release."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from puente.children.domain.custody import (
    AgeBasis,
    CustodyRecord,
    CustodyStatus,
    Relationship,
    Relative,
)
from puente.children.domain.sponsors import (
    HomeStudyFactors,
    ProtectedSponsorData,
    SponsorApplication,
    SponsorCategory,
    SponsorType,
    State,
)
from puente.children.services.custody import record_encounter, refer_to_orr, sweep_clock_alerts
from puente.children.services.placing import queue_of, run_placement
from puente.children.services.sponsors import (
    advance,
    applications_in_preference_order,
    submit_application,
)
from puente.children.services.unit_of_work import Facility
from puente.shared.errors import IllegalTransition, InvalidInput
from puente.shelters.domain.model import (
    AgeBand,
    BedPool,
    LicenceStatus,
    Sex,
    Shelter,
    ShelterKind,
)
from tests.unit.children.fakes import FakeChildrenUnitOfWork

EL_PASO = Facility("El Paso CPC", "America/Denver", 31.76, -106.49)
START = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/Denver"))
TEEN_BOYS = BedPool(Sex.MALE, AgeBand(13, 15))


def _record(
    age: int = 14, relatives: tuple[Relative, ...] = (), cid: UUID | None = None
) -> CustodyRecord:
    return CustodyRecord(
        cid or uuid4(),
        START,
        "America/Denver",
        EL_PASO.name,
        age,
        AgeBasis.INTERVIEW,
        Sex.MALE,
        "es",
        "HN",
        relatives,
    )


def _uow_with_siblings() -> tuple[FakeChildrenUnitOfWork, CustodyRecord, CustodyRecord]:
    uow = FakeChildrenUnitOfWork([EL_PASO])
    older = _record(15)
    younger = _record(13, (Relative(Relationship.SIBLING, "Luis", older.id),))
    for record in (older, younger):
        record_encounter(uow, record)
    return uow, older, younger


def test_sweep_sends_each_alert_once_across_the_fall_back_night() -> None:
    uow, _, _ = _uow_with_siblings()
    at = START.astimezone(UTC)
    assert sweep_clock_alerts(uow, at + timedelta(hours=47)) == []
    first = sweep_clock_alerts(uow, at + timedelta(hours=61))
    assert sorted(s.alert.hours for s in first) == [48, 48, 60, 60]
    assert sweep_clock_alerts(uow, at + timedelta(hours=61)) == []
    breach = sweep_clock_alerts(uow, at + timedelta(hours=72))
    assert {s.alert.kind.value for s in breach} == {"breach"}
    assert len(uow.outbox) == 6


def test_placement_run_keeps_siblings_together_checks_in_and_stops_clocks() -> None:
    uow, older, younger = _uow_with_siblings()
    # Wall-clock arithmetic on START would add 31 real hours across the fall-back night.
    now = START.astimezone(UTC) + timedelta(hours=30)
    for record in (older, younger):
        refer_to_orr(uow, record.id, now)
    small = Shelter(
        uuid4(),
        "Near, one bed",
        ShelterKind.SHELTER,
        LicenceStatus.LICENSED,
        31.8,
        -106.4,
        {TEEN_BOYS: 1},
    )
    pair = Shelter(
        uuid4(),
        "Farther, two beds",
        ShelterKind.SHELTER,
        LicenceStatus.LICENSED,
        29.4,
        -98.5,
        {TEEN_BOYS: 2},
    )
    for shelter in (small, pair):
        uow.shelters.add(shelter)
    uow.commit()
    run = run_placement(uow, now)
    assert set(run.result.placed.values()) == {str(pair.id)}
    assert {e.text for e in run.explanations} == {run.explanations[0].text}
    assert "kept together with 1 sibling" in run.explanations[0].text
    stored = uow.shelters.get(pair.id)
    assert stored is not None and set(stored.occupants) == {older.id, younger.id}
    placed = uow.children.get_record(older.id)
    assert placed is not None and placed.status is CustodyStatus.TRANSFERRED
    assert placed.clock().hours(now + timedelta(days=5)) == 30.0
    assert run.alerts and run.alerts[0].occupied == 2
    assert run_placement(uow, now).result.placed == {}


def _application(
    child: UUID, sponsor_type: SponsorType, home_study: bool = False, at: datetime = START
) -> SponsorApplication:
    return SponsorApplication(
        uuid4(),
        child,
        "Ana López",
        sponsor_type,
        SponsorCategory.CLOSE_RELATIVE,
        HomeStudyFactors(disability=home_study),
        ProtectedSponsorData("pending asylum"),
        at,
    )


def test_release_is_blocked_until_required_checks_pass() -> None:
    uow, older, _ = _uow_with_siblings()
    shelter = Shelter(
        uuid4(), "Casa", ShelterKind.SHELTER, LicenceStatus.LICENSED, 31.8, -106.4, {TEEN_BOYS: 2}
    )
    uow.shelters.add(shelter)
    uow.commit()
    refer_to_orr(uow, older.id, START)
    run_placement(uow, START + timedelta(hours=2))
    application = _application(older.id, SponsorType.ADULT_RELATIVE, home_study=True)
    submit_application(uow, application)
    at = START + timedelta(days=3)
    with pytest.raises(IllegalTransition, match="'submitted' to 'released'"):
        advance(uow, application.id, State.RELEASED, at, "case manager")
    for step in (State.IDENTITY_VERIFIED, State.RELATIONSHIP_VERIFIED, State.BACKGROUND_CLEARED):
        advance(uow, application.id, step, at, "case manager")
    with pytest.raises(IllegalTransition, match="'background_cleared' to 'approved'"):
        advance(uow, application.id, State.APPROVED, at, "case manager")
    advance(uow, application.id, State.HOME_STUDY_PASSED, at, "home study provider")
    advance(uow, application.id, State.APPROVED, at, "federal field specialist")
    released = advance(uow, application.id, State.RELEASED, at, "case manager")
    assert released.released
    assert [s.state for s in released.steps][-1] is State.RELEASED
    stored = uow.shelters.get(shelter.id)
    assert stored is not None and older.id not in stored.occupants
    with pytest.raises(IllegalTransition, match="'released' to 'approved'"):
        advance(uow, application.id, State.APPROVED, at, "case manager")


def test_no_home_study_needed_means_approval_after_background_check() -> None:
    child = uuid4()
    application = _application(child, SponsorType.PARENT)
    for step in (
        State.IDENTITY_VERIFIED,
        State.RELATIONSHIP_VERIFIED,
        State.BACKGROUND_CLEARED,
        State.APPROVED,
    ):
        application = application.advance(step, START, "case manager")
    assert application.state is State.APPROVED
    with pytest.raises(InvalidInput):
        SponsorApplication(
            uuid4(),
            child,
            "X",
            SponsorType.OTHER_ADULT,
            SponsorCategory.NONE,
            HomeStudyFactors(),
            ProtectedSponsorData(),
            START,
        )


def test_applications_come_in_preference_order() -> None:
    uow, older, _ = _uow_with_siblings()
    later = START + timedelta(hours=5)
    other = _application(older.id, SponsorType.OTHER_ADULT)
    parent = _application(older.id, SponsorType.PARENT, at=later)
    aunt = _application(older.id, SponsorType.ADULT_RELATIVE)
    for application in (other, parent, aunt):
        submit_application(uow, application)
    order = applications_in_preference_order(uow, older.id)
    assert [a.id for a in order] == [parent.id, aunt.id, other.id]


def test_siblings_linked_through_each_other_form_one_group_in_the_queue() -> None:
    uow = FakeChildrenUnitOfWork([EL_PASO])
    eldest = _record(15)
    middle = _record(14, (Relative(Relationship.SIBLING, "Ana", eldest.id),))
    youngest = _record(13, (Relative(Relationship.HALF_SIBLING, "Luis", middle.id),))
    cousin = _record(14, (Relative(Relationship.COUSIN, "Eva", eldest.id),))
    for record in (eldest, middle, youngest, cousin):
        record_encounter(uow, record)
        refer_to_orr(uow, record.id, START)
    with uow:
        queue = {c.id: c.sibling_group for c in queue_of(uow, START + timedelta(hours=5))}
    lead = str(min(eldest.id, middle.id, youngest.id))
    assert [queue[str(r.id)] for r in (eldest, middle, youngest)] == [lead] * 3
    assert queue[str(cousin.id)] is None
