"""The cases context's storage ports: what the use cases need from a repository and a transaction.

SQL implementations are in ``puente.cases.adapters.store``; unit tests use in-memory fakes.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from puente.cases.domain.case import AsylumCase, CaseEvent
from puente.cases.domain.deadlines import Deadline
from puente.cases.domain.encounter import Encounter
from puente.cases.domain.hearings import Hearing
from puente.cases.domain.notices import NoticeCheck, NoticeServed
from puente.cases.domain.representation import CaseNote, Filing, Representation
from puente.registry.domain.contact import Address
from puente.shared.unit_of_work import UnitOfWork


class CaseRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, case: AsylumCase) -> None: ...

    @abc.abstractmethod
    def get(self, case_id: UUID) -> AsylumCase | None:
        """The case rebuilt from its stored events."""

    @abc.abstractmethod
    def append(self, event: CaseEvent) -> None:
        """Store one more event; its sequence follows the last stored one."""

    @abc.abstractmethod
    def cases_of(self, caseworker: str) -> list[AsylumCase]: ...

    @abc.abstractmethod
    def add_encounter(self, encounter: Encounter) -> None: ...

    @abc.abstractmethod
    def save_hearing(self, hearing: Hearing) -> None:
        """Insert or replace the hearing with this id."""

    @abc.abstractmethod
    def get_hearing(self, hearing_id: UUID) -> Hearing | None: ...

    @abc.abstractmethod
    def hearings_of(self, case_id: UUID) -> list[Hearing]: ...

    @abc.abstractmethod
    def add_notice(self, check: NoticeCheck) -> None: ...

    @abc.abstractmethod
    def notices_of(self, case_id: UUID) -> list[NoticeCheck]: ...

    @abc.abstractmethod
    def notices_served(self, case_id: UUID) -> list[NoticeServed]:
        """The case's notices without what they seal: opens no person's data key."""

    @abc.abstractmethod
    def add_filing(self, filing: Filing) -> None: ...

    @abc.abstractmethod
    def filings_of(self, case_id: UUID) -> list[Filing]: ...

    @abc.abstractmethod
    def add_representation(self, representation: Representation) -> None: ...

    @abc.abstractmethod
    def representations_of(self, case_id: UUID) -> list[Representation]: ...

    @abc.abstractmethod
    def add_note(self, note: CaseNote) -> None: ...

    @abc.abstractmethod
    def notes_of(self, case_id: UUID) -> list[CaseNote]: ...

    @abc.abstractmethod
    def save_deadlines(self, case_id: UUID, deadlines: Sequence[Deadline]) -> None:
        """Replace the case's stored deadlines (a projection of its events and acts)."""

    @abc.abstractmethod
    def deadlines_of(self, case_id: UUID) -> list[Deadline]: ...

    @abc.abstractmethod
    def due_deadlines(
        self, caseworker: str, now: datetime, start: datetime, end: datetime, limit: int
    ) -> list[Deadline]:
        """The caseworker's deadlines open at ``now`` and due in [start, end), soonest first."""

    @abc.abstractmethod
    def hearings_between(
        self, caseworker: str, start: datetime, end: datetime, limit: int
    ) -> list[Hearing]:
        """The caseworker's open hearings scheduled in [start, end), soonest first."""


class PeopleDirectory(abc.ABC):
    """What cases read from the registry: address history and preferred language."""

    @abc.abstractmethod
    def addresses_of(self, person_id: UUID) -> Sequence[Address]: ...

    @abc.abstractmethod
    def language_of(self, person_id: UUID) -> str | None:
        """The person's first language as an ISO 639-3 code, if known."""


class CasesUnitOfWork(UnitOfWork):
    """The cases context's transaction and repositories."""

    cases: CaseRepository
