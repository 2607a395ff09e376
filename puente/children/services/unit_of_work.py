"""The children context's storage port: custody records, alerts sent, sponsor applications,
border facilities, and the shelters the placement run checks children into.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.children.domain.clock import ClockAlert
from puente.children.domain.custody import CustodyRecord
from puente.children.domain.explain import BedNeed, Explanation
from puente.children.domain.sponsors import SponsorApplication
from puente.shelters.services.unit_of_work import ShelterUnitOfWork


@dataclass(frozen=True)
class Facility:
    """A border custody facility: where children wait and which clock its staff read."""

    name: str
    zone: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class SentAlert:
    child_id: UUID
    alert: ClockAlert


@dataclass(frozen=True)
class StoredRun:
    """A placement run as kept: each child's referral and explanation, the beds short."""

    id: UUID
    at: datetime
    queued: int
    placed: int
    seconds: float
    explanations: tuple[Explanation, ...]
    shortfall: tuple[tuple[BedNeed, int], ...]


class ChildrenRepository(abc.ABC):
    @abc.abstractmethod
    def add_record(self, record: CustodyRecord) -> None: ...

    @abc.abstractmethod
    def get_record(self, child_id: UUID) -> CustodyRecord | None: ...

    @abc.abstractmethod
    def get_records(self, child_ids: Sequence[UUID]) -> dict[UUID, CustodyRecord]: ...

    @abc.abstractmethod
    def save_record(self, record: CustodyRecord) -> None: ...

    def save_records(self, records: list[CustodyRecord]) -> None:
        """Many at once (a placement run); a store may do it in fewer round trips."""
        for record in records:
            self.save_record(record)

    @abc.abstractmethod
    def in_border_custody(self) -> list[CustodyRecord]:
        """Records not yet transferred or returned."""

    @abc.abstractmethod
    def facility(self, name: str) -> Facility | None: ...

    @abc.abstractmethod
    def add_facility(self, facility: Facility) -> None: ...

    @abc.abstractmethod
    def facilities(self) -> list[Facility]: ...

    @abc.abstractmethod
    def sent_alert_keys(self, child_id: UUID) -> set[str]: ...

    @abc.abstractmethod
    def add_sent_alert(self, sent: SentAlert) -> None: ...

    @abc.abstractmethod
    def add_run(self, run: StoredRun) -> None: ...

    @abc.abstractmethod
    def latest_run(self) -> StoredRun | None: ...

    @abc.abstractmethod
    def add_application(self, application: SponsorApplication) -> None: ...

    @abc.abstractmethod
    def get_application(self, application_id: UUID) -> SponsorApplication | None: ...

    @abc.abstractmethod
    def save_application(self, application: SponsorApplication) -> None: ...

    @abc.abstractmethod
    def applications_for(self, child_ids: Sequence[UUID]) -> dict[UUID, list[SponsorApplication]]:
        """Each child's applications, oldest first (one query for a whole board)."""


class ChildrenUnitOfWork(ShelterUnitOfWork):
    """One transaction over custody records and shelters (placement changes both at once)."""

    children: ChildrenRepository

    @abc.abstractmethod
    def notify(self, sent: SentAlert) -> None:
        """Queue a clock alert for the outbox, sent only if the transaction commits."""
