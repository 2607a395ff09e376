"""Ports of entry, their clocks and opening hours, and the capacity calendar in persons per day.

Capacity is dated data: a schedule of changes (a ramp), single-day overrides and closures.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from puente.shared.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class PortOfEntry:
    """A land port where people present themselves; ``code`` is short and stable (e.g. ``SYS``)."""

    code: str
    name: str
    timezone: str
    opens: time = time(6, 0)
    closes: time = time(18, 0)

    def __post_init__(self) -> None:
        ZoneInfo(self.timezone)  # an unknown zone fails here, not at the first appointment
        if self.opens >= self.closes:
            raise InvalidInput.single("opens", "a port opens before it closes")

    def window(self, day: date) -> tuple[datetime, datetime]:
        """The opening hours of ``day`` as aware datetimes in the port's own zone."""
        zone = ZoneInfo(self.timezone)
        return datetime.combine(day, self.opens, zone), datetime.combine(day, self.closes, zone)


# Southwest-border ports used by the MPP wind-down and CBP One (domain.md points 3 and 4).
SOUTHWEST_PORTS: dict[str, PortOfEntry] = {
    p.code: p
    for p in (
        PortOfEntry("SYS", "San Ysidro", "America/Los_Angeles"),
        PortOfEntry("OTM", "Otay Mesa", "America/Los_Angeles"),
        PortOfEntry("CXL", "Calexico", "America/Los_Angeles"),
        PortOfEntry("NOG", "Nogales", "America/Phoenix"),
        PortOfEntry("ELP", "El Paso", "America/Denver"),
        PortOfEntry("EGP", "Eagle Pass", "America/Chicago"),
        PortOfEntry("LRD", "Laredo", "America/Chicago"),
        PortOfEntry("HID", "Hidalgo", "America/Chicago"),
        PortOfEntry("BRO", "Brownsville", "America/Chicago"),
    )
}


@dataclass
class PortCalendar:
    """One port's persons-per-day: a dated schedule, overrides for single days, and closures."""

    port: PortOfEntry
    schedule: list[tuple[date, int]] = field(default_factory=list)
    overrides: dict[date, int] = field(default_factory=dict)
    closures: dict[date, str] = field(default_factory=dict)

    def set_from(self, start: date, persons: int) -> None:
        """From ``start`` on, ``persons`` a day (until the next change in the schedule)."""
        _check_persons(persons)
        kept = [(d, n) for d, n in self.schedule if d != start]
        self.schedule = sorted([*kept, (start, persons)])

    def override(self, day: date, persons: int) -> None:
        _check_persons(persons)
        self.overrides[day] = persons

    def close(self, day: date, reason: str) -> None:
        if not reason.strip():
            raise InvalidInput.single("reason", "a closure says why")
        self.closures[day] = reason

    def capacity(self, day: date) -> int:
        if day in self.closures:
            return 0
        if day in self.overrides:
            return self.overrides[day]
        at = bisect_right(self.schedule, (day, 2**62))
        return self.schedule[at - 1][1] if at else 0


def _check_persons(persons: int) -> None:
    if persons < 0:
        raise InvalidInput.single("persons", "capacity is a number of persons, zero or more")


@dataclass
class CapacityCalendar:
    """Every port's calendar; ports keep the order they were added in (the fallback order)."""

    ports: dict[str, PortCalendar] = field(default_factory=dict)

    def add_port(self, port: PortOfEntry) -> PortCalendar:
        return self.ports.setdefault(port.code, PortCalendar(port))

    def port(self, code: str) -> PortCalendar:
        try:
            return self.ports[code]
        except KeyError:
            raise NotFound("port", code) from None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.ports)

    def capacities(self, day: date) -> list[int]:
        """Persons per port on ``day``, in the order of ``codes``."""
        return [calendar.capacity(day) for calendar in self.ports.values()]
