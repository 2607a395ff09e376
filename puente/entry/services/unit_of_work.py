"""The entry context's storage ports: what use cases need from repositories and a transaction."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from puente.entry.domain.appointments import Appointment, Notification
from puente.entry.domain.explanations import Explanation
from puente.entry.domain.outages import FailedRequest, Outage
from puente.entry.domain.ports import CapacityCalendar
from puente.entry.domain.requests import EntryRequest, RequestWindow
from puente.shared.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # self-service's port, which uses this module's unit of work
    from puente.entry.services.self_service import PartyDirectory


@dataclass(frozen=True)
class RunRecord:
    """A published allocation run: enough for anyone to re-run the draw and compare."""

    day: date
    window_id: str
    commitment: str
    secret: str
    beacon: str
    seed_hex: str
    requests_digest: str
    policy: dict[str, Any]
    ran_at: datetime
    allocated: int
    considered: int


class DuplicateEntryRequest(Exception):
    """Another transaction stored the same request id first (two identical asks at once)."""

    def __init__(self, request_id: str) -> None:
        super().__init__(request_id)
        self.request_id = request_id


class EntryRepository(abc.ABC):
    @abc.abstractmethod
    def add_window(self, window: RequestWindow) -> None: ...

    @abc.abstractmethod
    def get_window(self, window_id: str) -> RequestWindow | None: ...

    @abc.abstractmethod
    def windows_open(self, start: datetime, end: datetime) -> list[RequestWindow]:
        """The windows open at some moment from ``start`` to ``end``, the one closing first
        first (one read for a batch of asks that arrived over that span)."""

    @abc.abstractmethod
    def get_request(self, request_id: str) -> EntryRequest | None: ...

    @abc.abstractmethod
    def active_requests_of(self, person_ids: Sequence[UUID]) -> list[EntryRequest]:
        """The open or allocated requests naming any of the people, whichever party they are."""

    @abc.abstractmethod
    def save_request(self, request: EntryRequest) -> None:
        """Add a new request or store the new state of a known one; a new request whose id
        another transaction stored meanwhile raises ``DuplicateEntryRequest``."""

    @abc.abstractmethod
    def save_requests(self, requests: Sequence[EntryRequest]) -> None:
        """``save_request`` for many, in as few statements as the store allows."""

    @abc.abstractmethod
    def add_requests(self, requests: Sequence[EntryRequest]) -> None:
        """New requests, written together; raises ``DuplicateEntryRequest`` like
        ``save_request`` (and then nothing of the transaction is kept)."""

    @abc.abstractmethod
    def open_requests(self) -> list[EntryRequest]: ...

    @abc.abstractmethod
    def save_appointment(self, appointment: Appointment) -> None: ...

    @abc.abstractmethod
    def save_appointments(self, appointments: Sequence[Appointment]) -> None:
        """``save_appointment`` for many (a run's offers), in as few statements as possible."""

    @abc.abstractmethod
    def get_appointment(self, appointment_id: UUID) -> Appointment | None: ...

    @abc.abstractmethod
    def appointments_on(self, port: str, day: date) -> list[Appointment]: ...

    @abc.abstractmethod
    def appointments_between(self, first: date, last: date) -> list[Appointment]:
        """Appointments for days from ``first`` to ``last``, both included, in any state."""

    @abc.abstractmethod
    def appointment_of(self, request_id: str) -> Appointment | None:
        """The request's latest appointment (by day), in any state."""

    @abc.abstractmethod
    def active_appointments(self) -> list[Appointment]:
        """Offered or confirmed appointments, on any day."""

    @abc.abstractmethod
    def calendar(self) -> CapacityCalendar: ...

    @abc.abstractmethod
    def save_calendar(self, calendar: CapacityCalendar) -> None: ...

    @abc.abstractmethod
    def add_run(self, run: RunRecord) -> None: ...

    @abc.abstractmethod
    def run_for(self, day: date) -> RunRecord | None: ...

    @abc.abstractmethod
    def add_explanations(self, explanations: Sequence[Explanation]) -> None: ...

    @abc.abstractmethod
    def explanation_of(self, request_id: str) -> Explanation | None:
        """The latest run's explanation for the request."""


class OutageRepository(abc.ABC):
    @abc.abstractmethod
    def save_outage(self, outage: Outage) -> None: ...

    @abc.abstractmethod
    def get_outage(self, outage_id: UUID) -> Outage | None: ...

    @abc.abstractmethod
    def outages_between(self, start: datetime, end: datetime) -> list[Outage]:
        """Outages that started before ``end`` and had not ended by ``start``."""

    @abc.abstractmethod
    def add_failure(self, failure: FailedRequest) -> None: ...

    @abc.abstractmethod
    def failures_of(self, reference: str) -> list[FailedRequest]: ...


class Outbox(abc.ABC):
    """Notifications to send once the transaction commits (a worker delivers them)."""

    @abc.abstractmethod
    def add(self, notification: Notification) -> None: ...


class EntryUnitOfWork(UnitOfWork):
    """The entry context's transaction and repositories."""

    entry: EntryRepository
    outages: OutageRepository
    outbox: Outbox
    parties: PartyDirectory  # the registry read in this transaction
