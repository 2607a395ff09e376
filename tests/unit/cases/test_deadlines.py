"""Deadlines on the clock of the place that sets them, across daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.cases.domain.calendar import federal_holidays, plus_years
from puente.cases.domain.case import AsylumCase
from puente.cases.domain.deadlines import (
    Deadline,
    DeadlineContext,
    DeadlineKind,
    DeadlineRules,
    ReminderOffsets,
    compute_deadlines,
    first_hearing_too_soon,
    reminders_for,
)
from puente.cases.domain.hearings import Hearing, HearingKind, ImmigrationCourt
from puente.cases.domain.states import CaseState as S
from puente.shared.errors import InvalidInput

CHICAGO = ZoneInfo("America/Chicago")
TIJUANA = ZoneInfo("America/Tijuana")
MONTERREY = ZoneInfo("America/Monterrey")
UTC_ZONE = ZoneInfo("UTC")
CHICAGO_COURT = ImmigrationCourt("CHI", "Chicago Immigration Court", "Chicago", "America/Chicago")
NO_HOLIDAYS = DeadlineRules(holidays=lambda year: frozenset())


def case_through(moves: list[tuple[S, datetime]]) -> AsylumCase:
    case = AsylumCase(uuid4(), (uuid4(),), moves[0][1] - timedelta(days=1), "cw")
    for target, at in moves:
        case.move(target, at, "officer", "step", policy_id="title42")
    return case


def to_port(at: datetime) -> list[tuple[S, datetime]]:
    return [
        (S.ELIGIBILITY_CONFIRMED, at - timedelta(days=3)),
        (S.WAITING_IN_MEXICO, at - timedelta(days=2)),
        (S.PRESENTED_AT_PORT, at),
    ]


def deadlines_of(
    case: AsylumCase, context: DeadlineContext, rules: DeadlineRules = DeadlineRules()
) -> dict[DeadlineKind, Deadline]:
    return {d.kind: d for d in compute_deadlines(case.id, case.events, context, rules)}


def test_first_hearing_notice_across_the_november_change_in_chicago() -> None:
    # 10 Nov 2021 09:00 CST (UTC-6); 10 days earlier is 31 Oct 09:00 CDT (UTC-5).
    hearing_at = datetime(2021, 11, 10, 9, 0, tzinfo=CHICAGO)
    hearing = Hearing(
        uuid4(), uuid4(), HearingKind.MASTER_CALENDAR, CHICAGO_COURT, hearing_at, "IJ"
    )
    nta = datetime(2021, 10, 20, 10, 0, tzinfo=CHICAGO)
    case = case_through(
        [
            *to_port(nta - timedelta(days=60)),
            (S.NTA_ISSUED, nta - timedelta(days=1)),
            (S.IN_COURT, nta),
        ]
    )
    notice = deadlines_of(case, DeadlineContext(CHICAGO, CHICAGO, hearing))[
        DeadlineKind.HEARING_NOTICE
    ]
    assert notice.due_at == datetime(2021, 10, 31, 9, 0, tzinfo=CHICAGO)
    assert notice.due_at.utcoffset() == timedelta(hours=-5)
    assert hearing_at.utcoffset() == timedelta(hours=-6)
    # On a UTC stopwatch that is ten days and one hour: a fixed offset would be an hour wrong.
    assert hearing_at.astimezone(UTC_ZONE) - notice.due_at.astimezone(UTC_ZONE) == timedelta(
        days=10, hours=1
    )
    assert first_hearing_too_soon(datetime(2021, 11, 1, 9, 0, tzinfo=CHICAGO), hearing)
    assert not first_hearing_too_soon(datetime(2021, 10, 31, 9, 0, tzinfo=CHICAGO), hearing)


def test_ij_review_of_a_negative_fear_finding_is_due_within_seven_days() -> None:
    negative = datetime(2021, 11, 3, 16, 0, tzinfo=CHICAGO)  # CDT; due after the change
    moves = [
        *to_port(negative - timedelta(days=10)),
        (S.EXPEDITED_REMOVAL, negative - timedelta(days=9)),
        (S.CREDIBLE_FEAR_INTERVIEW, negative - timedelta(days=1)),
        (S.FEAR_NEGATIVE, negative),
    ]
    case = case_through(moves)
    review = deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO))[DeadlineKind.IJ_FEAR_REVIEW]
    assert review.due_on == date(2021, 11, 10)
    assert review.due_at == datetime(2021, 11, 11, 0, 0, tzinfo=CHICAGO)
    assert review.due_at.utcoffset() == timedelta(hours=-6)
    assert review.closed_at is None
    case.move(S.IJ_FEAR_REVIEW, negative + timedelta(days=1), "ij", "requested review")
    case.move(S.NTA_ISSUED, negative + timedelta(days=2), "ij", "finding vacated")
    review = deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO))[DeadlineKind.IJ_FEAR_REVIEW]
    assert review.closed_at == negative + timedelta(days=2)


def to_decision(decided: datetime, decision: S) -> AsylumCase:
    return case_through(
        [
            *to_port(decided - timedelta(days=300)),
            (S.NTA_ISSUED, decided - timedelta(days=299)),
            (S.IN_COURT, decided - timedelta(days=290)),
            (S.MASTER_CALENDAR, decided - timedelta(days=200)),
            (S.MERITS_HEARING, decided - timedelta(hours=3)),
            (decision, decided),
        ]
    )


@pytest.mark.parametrize(
    ("decided", "last_day"),
    [
        (date(2021, 9, 1), date(2021, 10, 1)),  # a Friday: no roll
        (date(2021, 10, 15), date(2021, 11, 15)),  # day 30 is Sunday 14 Nov -> Monday
        (date(2021, 10, 12), date(2021, 11, 12)),  # day 30 is Veterans Day (Thursday) -> Friday
    ],
)
def test_bia_appeal_is_due_in_30_days_rolled_past_weekends_and_holidays(
    decided: date, last_day: date
) -> None:
    case = to_decision(datetime.combine(decided, time(11, 0), tzinfo=CHICAGO), S.DENIED)
    appeal = deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO))[DeadlineKind.BIA_APPEAL]
    assert appeal.due_on == last_day
    case.move(S.APPEAL_TO_BIA, appeal.due_at - timedelta(hours=2), "counsel", "EOIR-26 filed")
    assert deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO))[DeadlineKind.BIA_APPEAL].closed_at


def test_one_year_filing_deadline_from_the_last_arrival_on_the_port_clock() -> None:
    # Arrived 29 Feb 2020 late evening in Tijuana (already 1 Mar in UTC).
    arrival = datetime(2020, 2, 29, 22, 30, tzinfo=TIJUANA)
    case = case_through(to_port(arrival))
    one_year = deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO))[
        DeadlineKind.ASYLUM_APPLICATION
    ]
    # 28 Feb 2021 is a Sunday: the period runs to Monday 1 Mar 2021.
    assert one_year.due_on == date(2021, 3, 1)
    assert one_year.due_at == datetime(2021, 3, 2, 0, 0, tzinfo=TIJUANA)
    without_roll = DeadlineRules(rolls_forward=frozenset())
    assert deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO), without_roll)[
        DeadlineKind.ASYLUM_APPLICATION
    ].due_on == date(2021, 2, 28)


def test_an_expelled_presentation_is_not_an_arrival() -> None:
    first = datetime(2021, 3, 1, 10, 0, tzinfo=TIJUANA)
    case = case_through(
        [
            *to_port(first),
            (S.EXPELLED_TITLE_42, first + timedelta(hours=3)),
            (S.WAITING_IN_MEXICO, first + timedelta(days=1)),
        ]
    )
    assert DeadlineKind.ASYLUM_APPLICATION not in deadlines_of(
        case, DeadlineContext(TIJUANA, CHICAGO)
    )
    case.move(S.PRESENTED_AT_PORT, datetime(2021, 6, 1, 10, 0, tzinfo=TIJUANA), "cbp", "again")
    case.move(S.NTA_ISSUED, datetime(2021, 6, 1, 18, 0, tzinfo=TIJUANA), "cbp", "NTA and release")
    one_year = deadlines_of(case, DeadlineContext(TIJUANA, CHICAGO))[
        DeadlineKind.ASYLUM_APPLICATION
    ]
    assert one_year.due_on == date(2022, 6, 1)


def test_reminders_keep_local_time_where_the_zone_changes_and_where_it_no_longer_does() -> None:
    # Mexico abolished most DST in October 2022: Monterrey stays UTC-6 in spring 2023 while
    # Chicago moves to UTC-5 on 12 March 2023.
    negative = datetime(2023, 3, 10, 12, 0, tzinfo=CHICAGO)
    moves = [
        *to_port(negative - timedelta(days=5)),
        (S.EXPEDITED_REMOVAL, negative - timedelta(days=4)),
        (S.CREDIBLE_FEAR_INTERVIEW, negative - timedelta(days=1)),
        (S.FEAR_NEGATIVE, negative),
    ]
    case = case_through(moves)
    for zone, offset in ((CHICAGO, -5), (MONTERREY, -6)):
        review = deadlines_of(case, DeadlineContext(zone, zone), NO_HOLIDAYS)[
            DeadlineKind.IJ_FEAR_REVIEW
        ]
        reminders = reminders_for(review, "ht")
        assert [r.send_at.date() for r in reminders] == [
            date(2023, 3, 14),
            date(2023, 3, 16),
            date(2023, 3, 17),
        ]
        assert all(r.send_at.timetz().replace(tzinfo=None) == time(9, 0) for r in reminders)
        assert all(r.send_at.utcoffset() == timedelta(hours=offset) for r in reminders)
        assert {r.language for r in reminders} == {"hat"}
        assert {r.message_key for r in reminders} == {"deadline.ij_fear_review.reminder"}


def test_reminder_offsets_are_configurable_and_none_fall_before_the_deadline_starts() -> None:
    arrival = datetime(2021, 4, 15, 10, 0, tzinfo=TIJUANA)
    case = case_through(to_port(arrival))
    one_year = deadlines_of(case, DeadlineContext(TIJUANA, TIJUANA))[
        DeadlineKind.ASYLUM_APPLICATION
    ]
    offsets = ReminderOffsets(default_days=(400, 90, 30), days_by_kind={})
    reminders = reminders_for(one_year, "es", offsets)
    assert [(one_year.due_on - r.send_at.date()).days for r in reminders] == [90, 30]
    with pytest.raises(InvalidInput, match="language"):
        reminders_for(one_year, "klingon")


ZONE_NAMES = [
    "America/Chicago",
    "America/New_York",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Tijuana",
    "America/Matamoros",
    "America/Monterrey",
    "America/Mexico_City",
    "America/Ciudad_Juarez",
    "America/Denver",
]


@settings(max_examples=300)
@given(
    st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2026, 12, 31)),
    st.sampled_from(ZONE_NAMES),
    st.sampled_from([S.GRANTED, S.DENIED, S.TERMINATED, S.IN_ABSENTIA_ORDER]),
)
def test_every_deadline_ends_at_local_midnight_after_the_right_number_of_days(
    naive: datetime, zone_name: str, decision: S
) -> None:
    zone = ZoneInfo(zone_name)
    decided = naive.replace(tzinfo=zone).astimezone(UTC_ZONE).astimezone(zone)
    case = to_decision(decided, decision)
    deadlines = deadlines_of(case, DeadlineContext(zone, zone), NO_HOLIDAYS)
    appeal = deadlines[DeadlineKind.BIA_APPEAL]
    local_end = appeal.due_at.astimezone(zone)
    assert (local_end.hour, local_end.minute) == (0, 0)
    span = (appeal.due_on - decided.date()).days
    assert 30 <= span <= 32 and appeal.due_on.weekday() < 5
    one_year = deadlines[DeadlineKind.ASYLUM_APPLICATION]
    arrival_day = case.events[2].occurred_at.astimezone(zone).date()
    assert (
        plus_years(arrival_day, 1)
        <= one_year.due_on
        <= plus_years(arrival_day, 1) + timedelta(days=2)
    )
    for reminder in reminders_for(appeal, "es"):
        assert reminder.send_at.astimezone(zone).time() == time(9, 0)


def test_federal_holidays_include_observed_days_and_juneteenth_from_2021() -> None:
    assert date(2021, 12, 24) in federal_holidays(2021)  # Christmas on a Saturday
    assert date(2022, 6, 20) in federal_holidays(2022)  # Juneteenth on a Sunday
    assert date(2020, 6, 19) not in federal_holidays(2020)
    assert date(2021, 11, 25) in federal_holidays(2021)  # Thanksgiving
    assert date(2023, 5, 29) in federal_holidays(2023)  # Memorial Day
