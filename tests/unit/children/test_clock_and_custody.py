"""Custody clock across zones and daylight-saving changes; alerts; custody and screening path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from puente.children.domain.clock import AlertKind, AlertLevel, ClockPolicy, CustodyClock
from puente.children.domain.custody import (
    AgeBasis,
    CustodyRecord,
    CustodyStatus,
    Screening,
)
from puente.shared.errors import IllegalTransition, InvalidInput
from puente.shelters.domain.model import Sex

DENVER = ZoneInfo("America/Denver")
CHICAGO = ZoneInfo("America/Chicago")


def test_denver_fall_back_first_and_second_half_past_one_are_an_hour_apart() -> None:
    first = datetime(2026, 11, 1, 1, 30, tzinfo=DENVER)  # MDT, UTC−6
    second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=DENVER)  # MST, UTC−7
    clock = CustodyClock(first)
    # Python alone would subtract these wall clocks and say 0 h.
    assert clock.hours(second) == 1.0
    assert clock.deadline == datetime(2026, 11, 4, 7, 30, tzinfo=UTC)
    # 72 elapsed hours end at 00:30 local on 4 November, not at the wall-clock 01:30.
    assert clock.deadline_in(DENVER).replace(tzinfo=None) == datetime(2026, 11, 4, 0, 30)


def test_chicago_spring_forward_day_has_23_hours() -> None:
    clock = CustodyClock(datetime(2026, 3, 7, 12, 0, tzinfo=CHICAGO))
    assert clock.hours(datetime(2026, 3, 8, 12, 0, tzinfo=CHICAGO)) == 23.0
    assert clock.deadline_in(CHICAGO).replace(tzinfo=None) == datetime(2026, 3, 10, 13, 0)


def test_clock_is_the_same_read_from_any_zone() -> None:
    clock = CustodyClock(datetime(2026, 3, 7, 22, 0, tzinfo=ZoneInfo("America/Tijuana")))
    now = datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert clock.hours(now) == clock.hours(now.astimezone(ZoneInfo("Asia/Tokyo")))
    assert clock.hours(now) == pytest.approx(
        (now.astimezone(UTC) - datetime(2026, 3, 8, 6, 0, tzinfo=UTC)) / timedelta(hours=1)
    )


def test_naive_times_are_refused() -> None:
    with pytest.raises(InvalidInput):
        CustodyClock(datetime(2026, 3, 7, 12, 0))
    with pytest.raises(InvalidInput):
        CustodyClock(datetime(2026, 3, 7, 12, 0, tzinfo=UTC)).hours(datetime(2026, 3, 8))


def test_alerts_fall_due_at_the_configured_thresholds_and_at_breach() -> None:
    start = datetime(2026, 11, 1, 1, 30, tzinfo=DENVER)
    clock = CustodyClock(start)
    at = start.astimezone(UTC)
    assert clock.due(at + timedelta(hours=47, minutes=59)) == []
    assert [a.hours for a in clock.due(at + timedelta(hours=48))] == [48]
    assert [a.hours for a in clock.due(at + timedelta(hours=60))] == [48, 60]
    due = clock.due(at + timedelta(hours=72))
    assert [(a.kind, a.hours) for a in due][-1] == (AlertKind.BREACH, 72)
    assert clock.breached(at + timedelta(hours=72))
    custom = CustodyClock(start, policy=ClockPolicy(alert_hours=(24, 36, 66)))
    assert [a.hours for a in custom.schedule()] == [24, 36, 66, 72]


def test_board_level_turns_red_at_the_last_warning_before_the_deadline() -> None:
    start = datetime(2026, 3, 7, 12, 0, tzinfo=CHICAGO)  # the spring-forward night follows
    clock = CustodyClock(start)
    utc_start = start.astimezone(UTC)
    levels = [clock.level(utc_start + timedelta(hours=h)) for h in (47.9, 48, 59.9, 60, 71.9, 72)]
    assert levels == [
        AlertLevel.OK,
        AlertLevel.WARNING,
        AlertLevel.WARNING,
        AlertLevel.RED,
        AlertLevel.RED,
        AlertLevel.BREACH,
    ]
    # 72 wall-clock hours later on the local clock is only 71 real hours: still red.
    assert clock.level(start + timedelta(hours=72)) is AlertLevel.RED


def test_a_stopped_clock_raises_no_later_alerts() -> None:
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    clock = CustodyClock(start).stopped(start + timedelta(hours=50))
    assert [a.hours for a in clock.due(start + timedelta(days=10))] == [48]
    assert clock.hours(start + timedelta(days=10)) == 50.0


@pytest.mark.parametrize("hours", [(60, 48), (0,), (72,), (48, 48)])
def test_bad_alert_thresholds_are_refused(hours: tuple[int, ...]) -> None:
    with pytest.raises(InvalidInput):
        ClockPolicy(alert_hours=hours)


def _record(nationality: str = "GT") -> CustodyRecord:
    return CustodyRecord(
        id=uuid4(),
        encountered_at=datetime(2021, 3, 28, 23, 15, tzinfo=ZoneInfo("America/Chicago")),
        zone="America/Chicago",
        facility="Donna",
        age=15,
        age_basis=AgeBasis.DOCUMENT,
        sex=Sex.FEMALE,
        language="es",
        nationality=nationality,
    )


def test_custody_record_validates_and_moves_through_its_table() -> None:
    record = _record()
    assert record.local_encounter.tzname() == "CDT"
    at = datetime(2021, 3, 30, 10, 0, tzinfo=UTC)
    moved = record.move(CustodyStatus.REFERRED, at).move(CustodyStatus.TRANSFERRED, at)
    assert moved.left_custody_at == at
    assert moved.clock().hours(at + timedelta(days=3)) == moved.clock().hours(at)
    with pytest.raises(IllegalTransition, match="'in_custody' to 'transferred'"):
        record.move(CustodyStatus.TRANSFERRED, at)
    with pytest.raises(InvalidInput) as caught:
        CustodyRecord(
            uuid4(),
            datetime(2021, 3, 1),
            "Mars/Base",
            "",
            18,
            AgeBasis.INTERVIEW,
            Sex.MALE,
            "es",
            "Guatemala",
        )
    assert {p.field for p in caught.value.problems} == {
        "encountered_at",
        "zone",
        "age",
        "nationality",
        "facility",
    }


def test_mexican_child_is_screened_and_returns_only_when_cleared() -> None:
    at = datetime(2021, 3, 29, 9, 0, tzinfo=UTC)
    record = _record("MX")
    with pytest.raises(IllegalTransition):
        record.move(CustodyStatus.REFERRED, at)  # screening comes first
    fear = record.screen(Screening(False, True, True, "officer 7", at))
    with pytest.raises(InvalidInput):
        fear.return_voluntarily(at)
    assert fear.move(CustodyStatus.REFERRED, at).status is CustodyStatus.REFERRED
    cleared = record.screen(Screening(False, False, True, "officer 7", at))
    assert cleared.return_voluntarily(at).status is CustodyStatus.VOLUNTARY_RETURN
    with pytest.raises(InvalidInput):
        _record("HN").screen(Screening(False, False, True, "officer 7", at))
