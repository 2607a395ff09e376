"""The children's use cases on SQLite and PostgreSQL: custody, clock alerts, placement, release."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Organisation, OrganisationKind
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
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
from puente.children.services.custody import (
    record_encounter,
    refer_to_orr,
    register_facility,
    sweep_clock_alerts,
)
from puente.children.services.placing import run_placement
from puente.children.services.sponsors import advance, submit_application
from puente.children.services.unit_of_work import Facility
from puente.shared.db import utc_now
from puente.shared.errors import IllegalTransition
from puente.shelters.adapters.store.tables import care_outbox
from puente.shelters.domain.model import (
    AgeBand,
    BedPool,
    LicenceStatus,
    Sex,
    Shelter,
    ShelterKind,
)
from puente.shelters.services.occupancy import register_shelter

EL_PASO = Facility("El Paso CPC", "America/Denver", 31.76, -106.49)
START = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/Denver"))
TEEN_BOYS = BedPool(Sex.MALE, AgeBand(13, 15))


def add_organisation(engine: Engine, name: str = "ORR test") -> Organisation:
    organisation = Organisation(uuid4(), name, OrganisationKind.US_FEDERAL_AGENCY, "US")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(organisation, utc_now())
        store.commit()
    return organisation


def child(age: int = 14, relatives: tuple[Relative, ...] = (), **extra: object) -> CustodyRecord:
    fields: dict[str, object] = {
        "id": uuid4(),
        "encountered_at": START,
        "zone": "America/Denver",
        "facility": EL_PASO.name,
        "age": age,
        "age_basis": AgeBasis.INTERVIEW,
        "sex": Sex.MALE,
        "language": "es",
        "nationality": "HN",
        "relatives": relatives,
    }
    fields.update(extra)
    return CustodyRecord(**fields)  # type: ignore[arg-type]


@pytest.fixture
def uow(engine: Engine) -> SqlChildrenUnitOfWork:
    unit = SqlChildrenUnitOfWork(engine, add_organisation(engine).id)
    register_facility(unit, EL_PASO)
    return unit


def siblings(uow: SqlChildrenUnitOfWork) -> tuple[CustodyRecord, CustodyRecord]:
    older = child(15, special_needs=frozenset({"asthma"}))
    younger = child(13, (Relative(Relationship.SIBLING, "Luis", older.id),))
    for record in (older, younger):
        record_encounter(uow, record)
    return older, younger


def test_a_custody_record_round_trips_with_relatives_and_clock_events(
    uow: SqlChildrenUnitOfWork,
) -> None:
    older, younger = siblings(uow)
    refer_to_orr(uow, younger.id, START + timedelta(hours=1))
    with uow:
        stored = uow.children.get_record(younger.id)
        waiting = uow.children.in_border_custody()
    assert stored is not None
    assert stored.relatives == younger.relatives and stored.sibling_ids == {older.id}
    assert stored.status is CustodyStatus.REFERRED
    assert [s for s, _ in stored.history] == [CustodyStatus.REFERRED]
    # The same instant read back in UTC (an ambiguous local time never equals another zone's).
    assert stored.encountered_at == START.astimezone(UTC)
    assert {r.id for r in waiting} == {older.id, younger.id}


def test_sweep_stores_each_alert_once_across_the_fall_back_night(
    uow: SqlChildrenUnitOfWork, engine: Engine
) -> None:
    siblings(uow)
    at = START.astimezone(UTC)
    assert len(sweep_clock_alerts(uow, at + timedelta(hours=61))) == 4
    assert sweep_clock_alerts(uow, at + timedelta(hours=61)) == []
    breach = sweep_clock_alerts(uow, at + timedelta(hours=72))
    assert {s.alert.kind.value for s in breach} == {"breach"}
    assert breach[0].alert.due_at == at + timedelta(hours=72)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(care_outbox)) == 6


def _shelter(name: str, beds: int, lat: float, lon: float) -> Shelter:
    return Shelter(
        uuid4(),
        name,
        ShelterKind.SHELTER,
        LicenceStatus.LICENSED,
        lat,
        lon,
        {TEEN_BOYS: beds},
        needs_served=frozenset({"asthma"}),
    )


def test_placement_keeps_siblings_together_and_stores_the_run(
    uow: SqlChildrenUnitOfWork, engine: Engine
) -> None:
    older, younger = siblings(uow)
    now = START.astimezone(UTC) + timedelta(hours=30)
    for record in (older, younger):
        refer_to_orr(uow, record.id, now)
    small, pair = _shelter("Near, one bed", 1, 31.8, -106.4), _shelter("Far, two", 2, 29.4, -98.5)
    for shelter in (small, pair):
        register_shelter(uow, shelter)
    run = run_placement(uow, now)
    assert set(run.result.placed.values()) == {str(pair.id)}
    with uow:
        stored = uow.shelters.get(pair.id)
        placed = uow.children.get_record(older.id)
        kept = uow.children.latest_run()
        movements = uow.shelters.recent_movements(pair.id)
    assert stored is not None and set(stored.occupants) == {older.id, younger.id}
    assert placed is not None and placed.status is CustodyStatus.TRANSFERRED
    assert placed.clock().hours(now + timedelta(days=5)) == 30.0
    assert kept is not None and kept.id == run.id and kept.placed == 2
    assert {e.child_id for e in kept.explanations} == {str(older.id), str(younger.id)}
    assert "kept together with 1 sibling" in kept.explanations[0].text
    assert len(movements) == 2
    with engine.connect() as connection:
        kinds = set(connection.scalars(select(care_outbox.c.kind)))
    assert kinds == {"overcrowding"}
    assert run_placement(uow, now).result.placed == {}


def test_release_waits_for_every_required_check_then_checks_the_child_out(
    uow: SqlChildrenUnitOfWork,
) -> None:
    older, _ = siblings(uow)
    shelter = _shelter("Casa", 2, 31.8, -106.4)
    register_shelter(uow, shelter)
    refer_to_orr(uow, older.id, START)
    run_placement(uow, START + timedelta(hours=2))
    application = SponsorApplication(
        uuid4(),
        older.id,
        "Ana López",
        SponsorType.ADULT_RELATIVE,
        SponsorCategory.CLOSE_RELATIVE,
        HomeStudyFactors(disability=True),
        ProtectedSponsorData("pending asylum"),
        START,
    )
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
    advance(uow, application.id, State.RELEASED, at, "case manager")
    advance(uow, application.id, State.POST_RELEASE_SERVICES, at, "case manager")
    with uow:
        stored = uow.children.get_application(application.id)
        kept = uow.shelters.get(shelter.id)
    assert stored is not None and stored.protected.immigration_status == "pending asylum"
    assert [s.state for s in stored.steps][-2:] == [State.RELEASED, State.POST_RELEASE_SERVICES]
    assert kept is not None and older.id not in kept.occupants


def test_lists_are_scoped_to_the_acting_organisation(
    uow: SqlChildrenUnitOfWork, engine: Engine
) -> None:
    siblings(uow)
    other = SqlChildrenUnitOfWork(engine, add_organisation(engine, "Other org").id)
    with other:
        assert other.children.in_border_custody() == []
        assert other.shelters.all() == []
