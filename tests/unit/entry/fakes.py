"""An in-memory entry repository, outage log and outbox, for use-case tests without a database."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Self
from uuid import UUID

from puente.entry.domain.appointments import ACTIVE, Appointment, Notification
from puente.entry.domain.explanations import Explanation
from puente.entry.domain.outages import FailedRequest, Outage
from puente.entry.domain.ports import CapacityCalendar
from puente.entry.domain.requests import EntryRequest, RequestState, RequestWindow
from puente.entry.services.self_service import Member, PartyDirectory, RegisteredParty
from puente.entry.services.unit_of_work import (
    EntryRepository,
    EntryUnitOfWork,
    OutageRepository,
    Outbox,
    RunRecord,
)


@dataclass
class State:
    """What a database would hold."""

    windows: dict[str, RequestWindow] = field(default_factory=dict)
    requests: dict[str, EntryRequest] = field(default_factory=dict)
    appointments: dict[UUID, Appointment] = field(default_factory=dict)
    calendar: CapacityCalendar = field(default_factory=CapacityCalendar)
    runs: dict[date, RunRecord] = field(default_factory=dict)
    explanations: dict[tuple[str, date], Explanation] = field(default_factory=dict)
    outages: dict[UUID, Outage] = field(default_factory=dict)
    failures: list[FailedRequest] = field(default_factory=list)
    sent: list[Notification] = field(default_factory=list)
    # The registry as entry sees it: each registration's party and its members' birth dates.
    registrations: dict[UUID, tuple[RegisteredParty, frozenset[date]]] = field(default_factory=dict)


class FakeEntryRepository(EntryRepository):
    def __init__(self, state: State) -> None:
        self.state = state

    def add_window(self, window: RequestWindow) -> None:
        self.state.windows[window.id] = window

    def get_window(self, window_id: str) -> RequestWindow | None:
        return self.state.windows.get(window_id)

    def windows_open(self, start: datetime, end: datetime) -> list[RequestWindow]:
        found = [
            w for w in self.state.windows.values() if w.opens_at <= end and w.closes_at > start
        ]
        return sorted(found, key=lambda w: (w.closes_at, w.id))

    def get_request(self, request_id: str) -> EntryRequest | None:
        return self.state.requests.get(request_id)

    def active_requests_of(self, person_ids: Sequence[UUID]) -> list[EntryRequest]:
        active = (RequestState.OPEN, RequestState.ALLOCATED)
        return [
            request
            for request in self.state.requests.values()
            if request.state in active and set(person_ids) & set(request.person_ids)
        ]

    def save_request(self, request: EntryRequest) -> None:
        self.state.requests[request.id] = request

    def save_requests(self, requests: Sequence[EntryRequest]) -> None:
        for request in requests:
            self.save_request(request)

    def add_requests(self, requests: Sequence[EntryRequest]) -> None:
        self.save_requests(requests)

    def open_requests(self) -> list[EntryRequest]:
        return [r for r in self.state.requests.values() if r.state is RequestState.OPEN]

    def save_appointment(self, appointment: Appointment) -> None:
        self.state.appointments[appointment.id] = appointment

    def save_appointments(self, appointments: Sequence[Appointment]) -> None:
        for appointment in appointments:
            self.save_appointment(appointment)

    def get_appointment(self, appointment_id: UUID) -> Appointment | None:
        return self.state.appointments.get(appointment_id)

    def appointments_on(self, port: str, day: date) -> list[Appointment]:
        return [a for a in self.state.appointments.values() if (a.port, a.day) == (port, day)]

    def appointments_between(self, first: date, last: date) -> list[Appointment]:
        return [a for a in self.state.appointments.values() if first <= a.day <= last]

    def appointment_of(self, request_id: str) -> Appointment | None:
        own = [a for a in self.state.appointments.values() if a.request_id == request_id]
        return max(own, key=lambda a: a.day, default=None)

    def active_appointments(self) -> list[Appointment]:
        return [a for a in self.state.appointments.values() if a.state in ACTIVE]

    def calendar(self) -> CapacityCalendar:
        return self.state.calendar

    def save_calendar(self, calendar: CapacityCalendar) -> None:
        self.state.calendar = calendar

    def add_run(self, run: RunRecord) -> None:
        self.state.runs[run.day] = run

    def run_for(self, day: date) -> RunRecord | None:
        return self.state.runs.get(day)

    def add_explanations(self, explanations: Sequence[Explanation]) -> None:
        for explanation in explanations:
            self.state.explanations[explanation.request_id, explanation.day] = explanation

    def explanation_of(self, request_id: str) -> Explanation | None:
        own = [e for (r, _), e in self.state.explanations.items() if r == request_id]
        return max(own, key=lambda e: e.day, default=None)


class FakeOutageRepository(OutageRepository):
    def __init__(self, state: State) -> None:
        self.state = state

    def save_outage(self, outage: Outage) -> None:
        self.state.outages[outage.id] = outage

    def get_outage(self, outage_id: UUID) -> Outage | None:
        return self.state.outages.get(outage_id)

    def outages_between(self, start: datetime, end: datetime) -> list[Outage]:
        return [
            o
            for o in self.state.outages.values()
            if o.started_at < end and (o.ended_at is None or o.ended_at > start)
        ]

    def add_failure(self, failure: FailedRequest) -> None:
        self.state.failures.append(failure)

    def failures_of(self, reference: str) -> list[FailedRequest]:
        return [f for f in self.state.failures if f.reference == reference]


class FakeOutbox(Outbox):
    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, notification: Notification) -> None:
        self.state.sent.append(notification)


class FakePartyDirectory(PartyDirectory):
    def __init__(self, state: State) -> None:
        self.state = state

    def verified_parties(self, proofs: Sequence[tuple[UUID, date]]) -> list[RegisteredParty | None]:
        found = [self.state.registrations.get(registration) for registration, _ in proofs]
        return [
            held[0] if held and born in held[1] else None
            for held, (_, born) in zip(found, proofs, strict=True)
        ]

    def members(self, person_ids: tuple[UUID, ...]) -> list[Member]:
        return [Member(person, "", None, ()) for person in person_ids]


class FakeUnitOfWork(EntryUnitOfWork):
    """Works on a deep copy of the committed state; ``commit`` makes the copy the new state."""

    def __init__(self, state: State | None = None) -> None:
        self.committed = state or State()
        self.commits = 0

    def __enter__(self) -> Self:
        self._open()
        return self

    def _open(self) -> None:
        self.working = copy.deepcopy(self.committed)
        self.entry = FakeEntryRepository(self.working)
        self.outages = FakeOutageRepository(self.working)
        self.outbox = FakeOutbox(self.working)
        self.parties = FakePartyDirectory(self.working)

    def commit(self) -> None:
        self.committed = copy.deepcopy(self.working)
        self.commits += 1

    def rollback(self) -> None:
        self._open()
