"""Use cases of the capacity calendar: add ports, change persons per day, override one day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from puente.entry.domain.ports import CapacityCalendar, PortOfEntry
from puente.entry.services.unit_of_work import EntryUnitOfWork


def add_ports(uow: EntryUnitOfWork, ports: Iterable[PortOfEntry]) -> CapacityCalendar:
    """Ports not yet in the calendar are added after the others (the fallback order)."""
    with uow:
        calendar = uow.entry.calendar()
        for port in ports:
            calendar.add_port(port)
        uow.entry.save_calendar(calendar)
        uow.commit()
        return calendar


def set_capacity(
    uow: EntryUnitOfWork, port: str, day: date, persons: int, only_that_day: bool
) -> CapacityCalendar:
    """From ``day`` on (a change in the schedule), or on ``day`` alone (an override)."""
    with uow:
        calendar = uow.entry.calendar()
        port_calendar = calendar.port(port)
        if only_that_day:
            port_calendar.override(day, persons)
        else:
            port_calendar.set_from(day, persons)
        uow.entry.save_calendar(calendar)
        uow.commit()
        return calendar


def calendar_of(uow: EntryUnitOfWork) -> CapacityCalendar:
    with uow:
        return uow.entry.calendar()
