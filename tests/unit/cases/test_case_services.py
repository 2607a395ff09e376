"""Case use cases against the in-memory unit of work: pathway, encounters, court, records."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from puente.cases.domain.deadlines import DeadlineKind
from puente.cases.domain.encounter import (
    Agency,
    EncounterKind,
    EncounterOutcome,
    LegalAuthority,
    count_encounters,
)
from puente.cases.domain.hearings import HearingKind, ImmigrationCourt
from puente.cases.domain.representation import AppearanceForm, Confidentiality, RepresentativeKind
from puente.cases.domain.states import CaseState
from puente.cases.services.commands import (
    AddNote,
    AddRepresentation,
    MoveCase,
    OpenCase,
    RecordEncounter,
    ScheduleHearing,
    SendNotice,
)
from puente.cases.services.court import (
    case_deadlines,
    caseworker_queue,
    change_venue,
    continue_hearing,
    deadline_queue,
    schedule_hearing,
    send_notice,
)
from puente.cases.services.pathway import (
    case_state_at,
    move_case,
    open_case,
    record_encounter,
)
from puente.cases.services.records import add_note, add_representation, record_filing
from puente.policy.adapters.table_file import load_table
from puente.registry.domain.contact import Address
from puente.shared.errors import IllegalTransition, InvalidInput, NotFound, StaleVersion
from tests.unit.cases.fakes import FakeCasesUnitOfWork, FakePeople, InMemoryCases

TIJUANA = ZoneInfo("America/Tijuana")
CHICAGO = ZoneInfo("America/Chicago")
OPENED = datetime(2021, 2, 19, 9, 0, tzinfo=TIJUANA)
TABLE = load_table()


@pytest.fixture
def store() -> InMemoryCases:
    return InMemoryCases()


def uow(store: InMemoryCases) -> partial[FakeCasesUnitOfWork]:
    return partial(FakeCasesUnitOfWork, store)


def opened(store: InMemoryCases, person: UUID | None = None, worker: str = "ana") -> UUID:
    case_id = uuid4()
    open_case(
        uow(store),
        OpenCase(
            case_id=case_id, person_ids=[person or uuid4()], opened_at=OPENED, caseworker=worker
        ),
    )
    return case_id


def move(store: InMemoryCases, case_id: UUID, target: CaseState, at: datetime) -> None:
    move_case(
        uow(store),
        MoveCase(case_id=case_id, target=target, at=at, actor="ana", reason=f"to {target.value}"),
    )


def to_port(store: InMemoryCases, case_id: UUID, start: datetime = OPENED) -> None:
    for day, target in enumerate(
        [CaseState.ELIGIBILITY_CONFIRMED, CaseState.WAITING_IN_MEXICO], start=1
    ):
        move(store, case_id, target, start + timedelta(days=day))
    move(store, case_id, CaseState.PRESENTED_AT_PORT, start + timedelta(days=3))


def presentation(case_id: UUID | None, at: datetime, **facts: object) -> RecordEncounter:
    return RecordEncounter(
        encounter_id=uuid4(),
        place="San Ysidro",
        place_kind=EncounterKind.PORT_PRESENTATION,
        timezone="America/Tijuana",
        at=at,
        agency=Agency.CBP_OFO,
        person_ids=[uuid4()],
        title8_outcome=EncounterOutcome.NTA_RELEASED,
        facts=dict(facts),
        case_id=case_id,
    )


def test_a_case_moves_and_its_past_state_is_asked_by_date(store: InMemoryCases) -> None:
    case_id = opened(store)
    to_port(store, case_id)
    assert case_state_at(uow(store), case_id, OPENED + timedelta(days=1, hours=1)) is (
        CaseState.ELIGIBILITY_CONFIRMED
    )
    assert case_state_at(uow(store), case_id, OPENED - timedelta(days=1)) is None
    assert len(store.events[case_id]) == 3


def test_illegal_and_stale_moves_store_nothing(store: InMemoryCases) -> None:
    case_id = opened(store)
    with pytest.raises(IllegalTransition, match=r"registered.*in_court"):
        move(store, case_id, CaseState.IN_COURT, OPENED)
    move(store, case_id, CaseState.ELIGIBILITY_CONFIRMED, OPENED)
    stale = MoveCase(
        case_id=case_id,
        target=CaseState.WAITING_IN_MEXICO,
        at=OPENED,
        actor="ana",
        reason="r",
        expected_sequence=0,
    )
    with pytest.raises(StaleVersion):
        move_case(uow(store), stale)
    assert len(store.events[case_id]) == 1
    with pytest.raises(NotFound):
        move(store, uuid4(), CaseState.ELIGIBILITY_CONFIRMED, OPENED)


def test_a_title_42_expulsion_is_recorded_with_the_policy_that_applied(
    store: InMemoryCases,
) -> None:
    case_id = opened(store)
    to_port(store, case_id)
    recorded = record_encounter(
        uow(store), presentation(case_id, OPENED + timedelta(days=3, hours=2)), TABLE
    )
    assert recorded.encounter.authority is LegalAuthority.TITLE_42
    assert recorded.encounter.outcome is EncounterOutcome.EXPELLED
    assert "title42" in recorded.encounter.policy_ids
    assert recorded.case_event is not None
    assert recorded.case_event.target is CaseState.EXPELLED_TITLE_42
    assert recorded.case_event.policy_id == "title42"
    assert store.events[case_id][-1].policy_id == "title42"


def test_after_title_42_the_same_presentation_is_processed_under_title_8(
    store: InMemoryCases,
) -> None:
    start = datetime(2023, 6, 1, 9, 0, tzinfo=TIJUANA)
    case_id = uuid4()
    open_case(
        uow(store),
        OpenCase(case_id=case_id, person_ids=[uuid4()], opened_at=start, caseworker="ana"),
    )
    to_port(store, case_id, start)
    command = presentation(case_id, start + timedelta(days=3, hours=2), had_appointment=True)
    recorded = record_encounter(uow(store), command, TABLE)
    assert recorded.encounter.authority is LegalAuthority.TITLE_8
    assert recorded.case_event is not None and recorded.case_event.target is CaseState.NTA_ISSUED
    assert recorded.case_event.policy_id == "title8"
    assert "lawful-pathways" not in recorded.encounter.policy_ids  # excepted: appointment


def test_encounters_are_counted_as_events_not_people(store: InMemoryCases) -> None:
    person = uuid4()
    for day in (1, 9, 30):
        command = presentation(None, datetime(2021, 4, day, 8, tzinfo=TIJUANA))
        record_encounter(uow(store), command.model_copy(update={"person_ids": [person]}), TABLE)
    counts = count_encounters(store.encounters)
    assert (counts.encounters, counts.people, counts.repeat_encounters) == (3, 1, 2)
    assert counts.by_authority == {LegalAuthority.TITLE_42: 3}


def in_court(
    store: InMemoryCases, filed: datetime, person: UUID | None = None, worker: str = "ana"
) -> UUID:
    case_id = opened(store, person, worker)
    to_port(store, case_id)
    move(store, case_id, CaseState.NTA_ISSUED, OPENED + timedelta(days=4))
    move(store, case_id, CaseState.IN_COURT, filed)
    return case_id


def hearing_command(case_id: UUID, at: datetime, **extra: object) -> ScheduleHearing:
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
        **extra,
    )


def test_a_first_master_calendar_hearing_needs_ten_days_notice(store: InMemoryCases) -> None:
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case_id = in_court(store, filed)
    with pytest.raises(InvalidInput, match="10 days"):
        schedule_hearing(uow(store), hearing_command(case_id, filed + timedelta(days=5)))
    early = hearing_command(case_id, filed + timedelta(days=5), earlier_requested=True)
    assert schedule_hearing(uow(store), early).scheduled_at == filed + timedelta(days=5)


def test_continuances_and_venue_changes_are_kept(store: InMemoryCases) -> None:
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case_id = in_court(store, filed)
    hearing = schedule_hearing(
        uow(store), hearing_command(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    )
    continued = continue_hearing(
        uow(store),
        hearing.id,
        datetime(2021, 12, 1, 9, tzinfo=CHICAGO),
        datetime(2021, 11, 10, 9, 30, tzinfo=CHICAGO),
        "counsel requested",
    )
    san_diego = ImmigrationCourt(
        "SND", "San Diego Immigration Court", "San Diego", "America/Los_Angeles"
    )
    moved = change_venue(
        uow(store),
        hearing.id,
        san_diego,
        datetime(2022, 1, 12, 8, tzinfo=ZoneInfo("America/Los_Angeles")),
        datetime(2021, 11, 20, tzinfo=CHICAGO),
        "moved to San Diego",
    )
    assert len(continued.continuances) == 1
    assert moved.venue_changes[0].from_court == "CHI" and moved.court.code == "SND"
    assert moved.local_time.hour == 8
    assert store.hearings[hearing.id] == moved


def elm_street_notice(case_id: UUID, hearing_id: UUID, person: UUID) -> SendNotice:
    """A notice sent on 26 October 2021 to 100 Elm St, Chicago."""
    return SendNotice(
        case_id=case_id,
        hearing_id=hearing_id,
        person_id=person,
        sent_at=datetime(2021, 10, 26, 9, tzinfo=CHICAGO),
        country="US",
        line1="100 Elm St",
        city="Chicago",
        state="IL",
        postal_code="60601",
    )


def test_a_notice_to_an_address_not_on_record_is_flagged(store: InMemoryCases) -> None:
    person = uuid4()
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case_id = in_court(store, filed, person)
    hearing = schedule_hearing(
        uow(store), hearing_command(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    )
    old = Address.create(
        "US", "100 Elm St", "Chicago", "IL", "60601", datetime(2021, 3, 1, tzinfo=CHICAGO)
    )
    new = Address.create(
        "US", "5 Oak Ave", "Houston", "TX", "77002", datetime(2021, 10, 25, tzinfo=CHICAGO)
    )
    people = FakePeople({person: (old.closed(new.valid_from), new)}, {person: "hat"})
    notice = elm_street_notice(case_id, hearing.id, person)
    check = send_notice(uow(store), people, notice)
    assert check.flagged and "5 Oak Ave" in check.reason
    on_time = notice.model_copy(
        update={"line1": "5 Oak  ave", "city": "Houston", "state": "TX", "postal_code": "77002"}
    )
    assert not send_notice(uow(store), people, on_time).flagged
    deadlines = case_deadlines(uow(store), people, case_id)
    notice_deadline = next(d for d in deadlines.deadlines if d.kind is DeadlineKind.HEARING_NOTICE)
    # Only the notice sent to the address on record meets the deadline.
    assert notice_deadline.closed_at == on_time.sent_at
    assert {r.language for r in deadlines.reminders} == {"hat"}


def test_case_deadlines_use_the_port_and_court_clocks_and_the_i589_filing(
    store: InMemoryCases,
) -> None:
    case_id = in_court(store, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO))
    schedule_hearing(
        uow(store), hearing_command(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    )
    people = FakePeople()
    found = {d.kind: d for d in case_deadlines(uow(store), people, case_id).deadlines}
    assert found[DeadlineKind.ASYLUM_APPLICATION].timezone == "America/Tijuana"
    assert found[DeadlineKind.HEARING_NOTICE].timezone == "America/Chicago"
    record_filing(uow(store), case_id, "i-589", datetime(2021, 12, 1, tzinfo=CHICAGO), "counsel")
    refreshed = case_deadlines(uow(store), people, case_id)
    assert next(
        d for d in refreshed.deadlines if d.kind is DeadlineKind.ASYLUM_APPLICATION
    ).closed_at
    assert all(r.language == "spa" for r in refreshed.reminders)


def test_a_caseworkers_queue_lists_open_deadlines_soonest_first(store: InMemoryCases) -> None:
    first = in_court(store, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO))
    second = in_court(store, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO))
    in_court(store, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO), worker="luis")
    schedule_hearing(uow(store), hearing_command(first, datetime(2021, 11, 10, 9, tzinfo=CHICAGO)))
    schedule_hearing(uow(store), hearing_command(second, datetime(2021, 11, 5, 9, tzinfo=CHICAGO)))
    opened(store)  # a case not yet at a port has no dated deadlines and is left out
    queue = deadline_queue(uow(store), "ana", datetime(2021, 10, 21, tzinfo=CHICAGO))
    assert [(d.case_id, d.kind) for d in queue] == [
        (second, DeadlineKind.HEARING_NOTICE),
        (first, DeadlineKind.HEARING_NOTICE),
    ]
    year_on = deadline_queue(uow(store), "ana", datetime(2022, 2, 10, tzinfo=CHICAGO))
    assert {d.kind for d in year_on} == {DeadlineKind.ASYLUM_APPLICATION}


def test_representation_and_notes_are_recorded_on_a_known_case(store: InMemoryCases) -> None:
    case_id = opened(store)
    at = OPENED + timedelta(days=1)
    representation = add_representation(
        uow(store),
        AddRepresentation(
            case_id=case_id,
            name="Lucía Pérez",
            kind=RepresentativeKind.ACCREDITED_REPRESENTATIVE,
            organisation="Al Otro Lado",
            form=AppearanceForm.EOIR_28,
            filed_at=at,
        ),
    )
    assert representation.active_at(at) and not representation.withdrawn(at).active_at(at)
    note = add_note(
        uow(store),
        AddNote(
            note_id=uuid4(),
            case_id=case_id,
            written_at=at,
            author="Lucía",
            text="Fear of return discussed.",
            confidentiality=Confidentiality.PRIVILEGED,
        ),
    )
    assert store.notes == [note]
    assert (
        Confidentiality.PRIVILEGED.rank
        > Confidentiality.CONFIDENTIAL.rank
        > Confidentiality.CASE_TEAM.rank
    )
    with pytest.raises(NotFound):
        add_note(
            uow(store),
            AddNote(
                note_id=uuid4(),
                case_id=uuid4(),
                written_at=at,
                author="x",
                text="y",
                confidentiality=Confidentiality.CASE_TEAM,
            ),
        )
    with pytest.raises(InvalidInput, match="text"):
        add_note(
            uow(store),
            AddNote(
                note_id=uuid4(),
                case_id=case_id,
                written_at=at,
                author="x",
                text=" ",
                confidentiality=Confidentiality.CASE_TEAM,
            ),
        )


def test_the_queue_lists_coming_hearings_and_a_refused_change_leaves_no_deadlines(
    store: InMemoryCases,
) -> None:
    case_id = in_court(store, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO))
    schedule_hearing(
        uow(store), hearing_command(case_id, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    )
    found = caseworker_queue(uow(store), "ana", datetime(2021, 10, 21, tzinfo=CHICAGO))
    assert [h.case_id for h in found.hearings] == [case_id]
    assert [d.kind for d in found.deadlines] == [DeadlineKind.HEARING_NOTICE]
    assert (
        caseworker_queue(uow(store), "luis", datetime(2021, 10, 21, tzinfo=CHICAGO)).hearings == []
    )
    other = in_court(store, datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO))
    before = list(store.deadlines[other])
    with pytest.raises(InvalidInput):  # too little notice: nothing stored, deadlines unchanged
        schedule_hearing(
            uow(store), hearing_command(other, datetime(2021, 10, 22, 9, tzinfo=CHICAGO))
        )
    assert store.deadlines[other] == before and len(store.hearings) == 1


def test_a_notice_names_a_hearing_of_its_own_case_and_reads_no_address_before(
    store: InMemoryCases,
) -> None:
    person, other_person = uuid4(), uuid4()
    filed = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case_id = in_court(store, filed, person)
    other_case = in_court(store, filed, other_person)
    elsewhere = schedule_hearing(
        uow(store), hearing_command(other_case, datetime(2021, 11, 10, 9, tzinfo=CHICAGO))
    )
    people = FakePeople({}, {})
    notice = elm_street_notice(case_id, elsewhere.id, person)
    with pytest.raises(NotFound):
        send_notice(uow(store), people, notice)
    assert store.notices == [] and people.asked == []
