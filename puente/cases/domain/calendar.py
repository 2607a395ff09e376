"""Calendar arithmetic on a place's own clock: local days, wall-clock shifts, federal holidays.

Everything goes through ``zoneinfo``, so daylight-saving changes (and Mexico's 2022 abolition
of most of them) are handled by the zone database rather than by fixed offsets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MONDAY, THURSDAY, SATURDAY, SUNDAY = 0, 3, 5, 6


def wall_shift(moment: datetime, delta: timedelta, zone: ZoneInfo) -> datetime:
    """``moment`` moved by ``delta`` on the local wall clock (9:00 stays 9:00 across a DST change).

    A result inside a spring-forward gap is moved past the gap by the UTC round trip.
    """
    shifted = moment.astimezone(zone) + delta
    return shifted.astimezone(UTC).astimezone(zone)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).astimezone(zone)


def plus_years(day: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 February becomes 28 February (the earlier day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    # 5 U.S.C. 6103(b) and EO 11582: a Saturday holiday is observed on Friday, Sunday on Monday.
    if day.weekday() == SATURDAY:
        return day - timedelta(days=1)
    if day.weekday() == SUNDAY:
        return day + timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def federal_holidays(year: int) -> frozenset[date]:
    """The legal public holidays of 5 U.S.C. 6103(a) as observed in ``year``."""
    fixed = [date(year, 1, 1), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
    if year >= 2021:  # Juneteenth National Independence Day Act, 17 June 2021
        fixed.append(date(year, 6, 19))
    floating = [
        _nth_weekday(year, 1, MONDAY, 3),
        _nth_weekday(year, 2, MONDAY, 3),
        _last_weekday(year, 5, MONDAY),
        _nth_weekday(year, 9, MONDAY, 1),
        _nth_weekday(year, 10, MONDAY, 2),
        _nth_weekday(year, 11, THURSDAY, 4),
    ]
    return frozenset({_observed(d) for d in fixed} | set(floating))


def next_business_day(day: date, holidays: frozenset[date]) -> date:
    """``day`` itself if it is a weekday and not a holiday, otherwise the next day that is."""
    while day.weekday() in (SATURDAY, SUNDAY) or day in holidays:
        day += timedelta(days=1)
    return day
