"""The cases store on SQLite and PostgreSQL: replay from the database, deadlines on their own
clocks after a round trip, the deadline queue, and lost updates refused."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import partial
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Organisation, OrganisationKind
from puente.cases.adapters.store.people import SqlPeopleDirectory
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork
from puente.cases.domain.case import REQUIRES_POLICY, AsylumCase
from puente.cases.domain.deadlines import DeadlineKind
from puente.cases.domain.hearings import HearingKind
from puente.cases.domain.representation import AppearanceForm, Confidentiality, RepresentativeKind
from puente.cases.domain.states import TRANSITIONS, CaseState
from puente.cases.services.commands import (
    AddNote,
    AddRepresentation,
    MoveCase,
    OpenCase,
    ScheduleHearing,
    SendNotice,
)
from puente.cases.services.court import (
    case_deadlines,
    continue_hearing,
    deadline_queue,
    schedule_hearing,
    send_notice,
)
from puente.cases.services.pathway import move_case, open_case
from puente.cases.services.records import add_note, add_representation
from puente.registry.domain.contact import Address
from puente.shared.db import utc_now
from puente.shared.errors import StaleVersion
from tests.integration.cases.people import add_person
from tests.support.keys import KEYRING

CHICAGO = ZoneInfo("America/Chicago")
TIJUANA = ZoneInfo("America/Tijuana")
MONTERREY = ZoneInfo("America/Monterrey")
OPENED = datetime(2021, 2, 19, 9, 0, tzinfo=TIJUANA)


@pytest.fixture
def owner(engine: Engine) -> UUID:
    organisation = Organisation(uuid4(), "Al Otro Lado", OrganisationKind.LEGAL_AID_PROVIDER, "US")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(organisation, utc_now())
        store.commit()
    return organisation.id


def opened(
    engine: Engine,
    owner: UUID,
    worker: str = "ana",
    home: tuple[Address, ...] = (),
    family: tuple[UUID, ...] = (),
) -> UUID:
    """A case about a new person and, after them, the ``family`` given."""
    case_id = uuid4()
    people = [add_person(engine, addresses=home), *family]
    command = OpenCase(case_id=case_id, person_ids=people, opened_at=OPENED, caseworker=worker)
    open_case(partial(SqlCasesUnitOfWork, engine, KEYRING, owner), command)
    return case_id


def move(engine: Engine, case_id: UUID, target: CaseState, at: datetime) -> None:
    command = MoveCase(
        case_id=case_id,
        target=target,
        at=at,
        actor="ana",
        reason=f"to {target.value}",
        policy_id="title42" if target in REQUIRES_POLICY else None,
    )
    move_case(partial(SqlCasesUnitOfWork, engine, KEYRING), command)


def in_court(
    engine: Engine,
    owner: UUID,
    filed: datetime,
    worker: str = "ana",
    home: tuple[Address, ...] = (),
    family: tuple[UUID, ...] = (),
) -> UUID:
    case_id = opened(engine, owner, worker, home, family)
    steps = [
        CaseState.ELIGIBILITY_CONFIRMED,
        CaseState.WAITING_IN_MEXICO,
        CaseState.PRESENTED_AT_PORT,
        CaseState.NTA_ISSUED,
    ]
    for day, target in enumerate(steps, start=1):
        move(engine, case_id, target, OPENED + timedelta(days=day))
    move(engine, case_id, CaseState.IN_COURT, filed)
    return case_id


def hearing(case_id: UUID, at: datetime) -> ScheduleHearing:
    return ScheduleHearing(
        hearing_id=uuid4(),
        case_id=case_id,
        kind=HearingKind.MASTER_CALENDAR,
        court_code="CHI",
        court_name="Chicago Immigration Court",
        court_city="Chicago",
        court_timezone="America/Chicago",
        scheduled_at=at,
        judge="IJ Rivera",
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replaying_a_case_from_the_database_gives_the_state_it_was_built_to(
    engine: Engine, owner: UUID, seed: int
) -> None:
    chance = random.Random(seed)
    case_id = opened(engine, owner)
    mirror = AsylumCase(case_id, (uuid4(),), OPENED, "ana")
    zones = [TIJUANA, CHICAGO, MONTERREY]
    at = OPENED
    while TRANSITIONS[mirror.state] and len(mirror.events) < 12:
        target = chance.choice(sorted(TRANSITIONS[mirror.state]))
        at = (at + timedelta(days=chance.randint(0, 40), minutes=7)).astimezone(
            chance.choice(zones)
        )
        policy = "title42" if target in REQUIRES_POLICY else None
        mirror.move(target, at, "ana", f"to {target.value}", policy)
        move(engine, case_id, target, at)
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        stored = uow.cases.get(case_id)
    assert stored is not None
    assert stored.state is mirror.state
    assert stored.events == mirror.events
    # Each event comes back on the clock it was given on, not only the same instant.
    assert [e.occurred_at.tzinfo for e in stored.events] == [
        e.occurred_at.tzinfo for e in mirror.events
    ]
    middle = mirror.events[len(mirror.events) // 2].occurred_at
    assert stored.state_at(middle) is mirror.state_at(middle)


def test_deadlines_keep_their_clock_across_daylight_saving_after_a_round_trip(
    engine: Engine, owner: UUID
) -> None:
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case_id = in_court(engine, owner, filed)
    # 10 Nov 2021 09:00 CST; ten days earlier on the wall clock is 31 Oct 09:00 CDT.
    schedule_hearing(
        partial(SqlCasesUnitOfWork, engine, KEYRING),
        hearing(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO)),
    )
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        stored = {d.kind: d for d in uow.cases.deadlines_of(case_id)}
    notice = stored[DeadlineKind.HEARING_NOTICE]
    assert notice.due_at == datetime(2021, 10, 31, 9, 0, tzinfo=CHICAGO)
    assert notice.due_at.tzinfo == CHICAGO and notice.due_at.utcoffset() == timedelta(hours=-5)
    application = stored[DeadlineKind.ASYLUM_APPLICATION]
    assert application.timezone == "America/Tijuana"
    # What is stored is exactly what the use case computes afresh from the stored case.
    fresh = case_deadlines(
        partial(SqlCasesUnitOfWork, engine, KEYRING), SqlPeopleDirectory(engine, KEYRING), case_id
    )
    assert sorted(fresh.deadlines, key=lambda d: d.kind) == sorted(
        stored.values(), key=lambda d: d.kind
    )
    assert {r.language for r in fresh.reminders} == {"spa"}


def test_a_review_deadline_in_monterrey_stays_on_utc_minus_6_after_mexico_dropped_dst(
    engine: Engine, owner: UUID
) -> None:
    case_id = opened(engine, owner)
    negative = datetime(2023, 3, 10, 12, 0, tzinfo=MONTERREY)
    steps = [
        (CaseState.ELIGIBILITY_CONFIRMED, negative - timedelta(days=8)),
        (CaseState.WAITING_IN_MEXICO, negative - timedelta(days=7)),
        (CaseState.PRESENTED_AT_PORT, negative - timedelta(days=5)),
        (CaseState.EXPEDITED_REMOVAL, negative - timedelta(days=4)),
        (CaseState.CREDIBLE_FEAR_INTERVIEW, negative - timedelta(days=1)),
        (CaseState.FEAR_NEGATIVE, negative),
    ]
    for target, at in steps:
        move(engine, case_id, target, at)
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        review = next(
            d for d in uow.cases.deadlines_of(case_id) if d.kind is DeadlineKind.IJ_FEAR_REVIEW
        )
    assert review.due_at == datetime(2023, 3, 18, 0, 0, tzinfo=MONTERREY)
    assert review.due_at.utcoffset() == timedelta(hours=-6)


def test_the_queue_reads_stored_deadlines_and_hearings_of_one_caseworker(
    engine: Engine, owner: UUID
) -> None:
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    first = in_court(engine, owner, filed)
    second = in_court(engine, owner, filed)
    in_court(engine, owner, filed, worker="luis")
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING)
    early = hearing(second, datetime(2021, 11, 5, 9, tzinfo=CHICAGO))
    schedule_hearing(uow, hearing(first, datetime(2021, 11, 10, 9, tzinfo=CHICAGO)))
    schedule_hearing(uow, early)
    now = datetime(2021, 10, 21, tzinfo=CHICAGO)
    queue = deadline_queue(uow, "ana", now)
    assert [(d.case_id, d.kind) for d in queue] == [
        (second, DeadlineKind.HEARING_NOTICE),
        (first, DeadlineKind.HEARING_NOTICE),
    ]
    # A continuance moves the hearing and, with it, the notice deadline.
    continue_hearing(
        uow, early.hearing_id, datetime(2021, 11, 25, 9, tzinfo=CHICAGO), now, "counsel"
    )
    assert [d.case_id for d in deadline_queue(uow, "ana", now)] == [first, second]
    assert deadline_queue(uow, "nobody", now) == []


def test_notices_representation_and_notes_round_trip(engine: Engine, owner: UUID) -> None:
    home = Address.create("US", "1 Main St", "Chicago", "IL", "60601", OPENED)
    case_id = in_court(engine, owner, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO))
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING, owner)
    with SqlCasesUnitOfWork(engine, KEYRING) as reading:
        case = reading.cases.get(case_id)
    assert case is not None
    person = case.person_ids[0]
    scheduled = hearing(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    schedule_hearing(uow, scheduled)
    people = SqlPeopleDirectory(engine, KEYRING)
    # The person has no address on record in the registry: the notice is flagged.
    check = send_notice(
        uow,
        people,
        SendNotice(
            case_id=case_id,
            hearing_id=scheduled.hearing_id,
            person_id=person,
            sent_at=datetime(2021, 10, 25, tzinfo=CHICAGO),
            country="US",
            line1=home.line1,
            city=home.city,
        ),
    )
    assert check.flagged
    add_representation(
        uow,
        AddRepresentation(
            case_id=case_id,
            name="Lucía Pérez",
            kind=RepresentativeKind.ATTORNEY,
            organisation="Al Otro Lado",
            form=AppearanceForm.EOIR_28,
            filed_at=datetime(2021, 10, 22, tzinfo=CHICAGO),
        ),
    )
    note = add_note(
        uow,
        AddNote(
            note_id=uuid4(),
            case_id=case_id,
            written_at=datetime(2021, 10, 23, tzinfo=CHICAGO),
            author="ana",
            text="Fled threats in San Pedro Sula",
            confidentiality=Confidentiality.CONFIDENTIAL,
        ),
    )
    with SqlCasesUnitOfWork(engine, KEYRING) as reading:
        assert reading.cases.notices_of(case_id) == [check]
        assert reading.cases.notes_of(case_id) == [note]
        assert reading.cases.representations_of(case_id)[0].representative.name == "Lucía Pérez"
        stored = reading.cases.get_hearing(scheduled.hearing_id)
    assert stored is not None and stored.scheduled_at == scheduled.scheduled_at
    assert stored.scheduled_at.tzinfo == CHICAGO and stored.court.name == scheduled.court_name


def test_two_writers_of_the_same_case_cannot_both_append(engine: Engine, owner: UUID) -> None:
    case_id = opened(engine, owner)
    first = SqlCasesUnitOfWork(engine, KEYRING)
    second = SqlCasesUnitOfWork(engine, KEYRING)
    with first as a:
        case_a = a.cases.get(case_id)
        assert case_a is not None
        a.cases.append(
            case_a.move(CaseState.ELIGIBILITY_CONFIRMED, OPENED + timedelta(days=1), "a", "r")
        )
        a.commit()
    with second as b:
        stale = AsylumCase(case_id, (uuid4(),), OPENED, "ana")
        event = stale.move(CaseState.ELIGIBILITY_CONFIRMED, OPENED + timedelta(days=2), "b", "r")
        with pytest.raises(StaleVersion):
            b.cases.append(event)
