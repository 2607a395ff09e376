"""In-memory cases repository, unit of work and people directory for use-case tests.

Writes apply at once, so the unit of work reads its own writes as a database transaction does;
a rollback undoes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from puente.cases.domain.case import AsylumCase, CaseEvent, utc
from puente.cases.domain.deadlines import Deadline
from puente.cases.domain.encounter import Encounter
from puente.cases.domain.hearings import Hearing
from puente.cases.domain.notices import NoticeCheck, NoticeServed
from puente.cases.domain.representation import CaseNote, Filing, Representation
from puente.cases.services.ports import CaseRepository, CasesUnitOfWork, PeopleDirectory
from puente.registry.domain.contact import Address


@dataclass
class InMemoryCases:
    """What a database would hold: cases as a header plus their events, as storage does."""

    headers: dict[UUID, AsylumCase] = field(default_factory=dict)
    events: dict[UUID, list[CaseEvent]] = field(default_factory=dict)
    encounters: list[Encounter] = field(default_factory=list)
    hearings: dict[UUID, Hearing] = field(default_factory=dict)
    notices: list[NoticeCheck] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    representations: list[Representation] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    deadlines: dict[UUID, list[Deadline]] = field(default_factory=dict)
    commits: int = 0


class FakeCaseRepository(CaseRepository):
    def __init__(self, store: InMemoryCases) -> None:
        self.store = store
        self.undo: list[Callable[[], None]] = []

    def _append(self, items: list[Any], item: Any) -> None:
        items.append(item)
        self.undo.append(items.pop)

    def _set(self, mapping: dict[UUID, Any], key: UUID, value: Any) -> None:
        missing = object()
        previous = mapping.get(key, missing)
        mapping[key] = value

        def restore() -> None:
            if previous is missing:
                del mapping[key]
            else:
                mapping[key] = previous

        self.undo.append(restore)

    def add(self, case: AsylumCase) -> None:
        self._set(self.store.headers, case.id, replace(case, events=(), state=case.state))
        self._set(self.store.events, case.id, list(case.events))

    def get(self, case_id: UUID) -> AsylumCase | None:
        header = self.store.headers.get(case_id)
        if header is None:
            return None
        return AsylumCase.rebuild(
            header.id,
            header.person_ids,
            header.opened_at,
            header.caseworker,
            self.store.events[case_id],
        )

    def append(self, event: CaseEvent) -> None:
        stored = self.store.events[event.case_id]
        assert event.sequence == len(stored) + 1, "a lost update"
        self._append(stored, event)

    def cases_of(self, caseworker: str) -> list[AsylumCase]:
        ids = [c.id for c in self.store.headers.values() if c.caseworker == caseworker]
        return [case for i in ids if (case := self.get(i)) is not None]

    def add_encounter(self, encounter: Encounter) -> None:
        self._append(self.store.encounters, encounter)

    def save_hearing(self, hearing: Hearing) -> None:
        self._set(self.store.hearings, hearing.id, hearing)

    def get_hearing(self, hearing_id: UUID) -> Hearing | None:
        return self.store.hearings.get(hearing_id)

    def hearings_of(self, case_id: UUID) -> list[Hearing]:
        return [h for h in self.store.hearings.values() if h.case_id == case_id]

    def add_notice(self, check: NoticeCheck) -> None:
        self._append(self.store.notices, check)

    def notices_of(self, case_id: UUID) -> list[NoticeCheck]:
        return [n for n in self.store.notices if n.notice.case_id == case_id]

    def notices_served(self, case_id: UUID) -> list[NoticeServed]:
        return [
            NoticeServed(n.notice.hearing_id, n.notice.sent_at, n.flagged)
            for n in self.notices_of(case_id)
        ]

    def add_filing(self, filing: Filing) -> None:
        self._append(self.store.filings, filing)

    def filings_of(self, case_id: UUID) -> list[Filing]:
        return [f for f in self.store.filings if f.case_id == case_id]

    def add_representation(self, representation: Representation) -> None:
        self._append(self.store.representations, representation)

    def representations_of(self, case_id: UUID) -> list[Representation]:
        return [r for r in self.store.representations if r.case_id == case_id]

    def add_note(self, note: CaseNote) -> None:
        self._append(self.store.notes, note)

    def notes_of(self, case_id: UUID) -> list[CaseNote]:
        return [n for n in self.store.notes if n.case_id == case_id]

    def save_deadlines(self, case_id: UUID, deadlines: Sequence[Deadline]) -> None:
        self._set(self.store.deadlines, case_id, list(deadlines))

    def deadlines_of(self, case_id: UUID) -> list[Deadline]:
        return list(self.store.deadlines.get(case_id, []))

    def _cases_of(self, caseworker: str) -> set[UUID]:
        return {c.id for c in self.store.headers.values() if c.caseworker == caseworker}

    def due_deadlines(
        self, caseworker: str, now: datetime, start: datetime, end: datetime, limit: int
    ) -> list[Deadline]:
        found = [
            d
            for case_id in self._cases_of(caseworker)
            for d in self.store.deadlines.get(case_id, [])
            if utc(start) <= utc(d.due_at) < utc(end) and d.is_open(now)
        ]
        return sorted(found, key=lambda d: utc(d.due_at))[:limit]

    def hearings_between(
        self, caseworker: str, start: datetime, end: datetime, limit: int
    ) -> list[Hearing]:
        mine = self._cases_of(caseworker)
        found = [
            h
            for h in self.store.hearings.values()
            if h.case_id in mine and h.outcome is None and start <= h.scheduled_at < end
        ]
        return sorted(found, key=lambda h: h.scheduled_at)[:limit]


class FakeCasesUnitOfWork(CasesUnitOfWork):
    def __init__(self, store: InMemoryCases) -> None:
        self.store = store
        self.cases: FakeCaseRepository = FakeCaseRepository(store)

    def commit(self) -> None:
        self.cases.undo.clear()
        self.store.commits += 1

    def rollback(self) -> None:
        while self.cases.undo:
            self.cases.undo.pop()()


@dataclass
class FakePeople(PeopleDirectory):
    addresses: dict[UUID, Sequence[Address]] = field(default_factory=dict)
    languages: dict[UUID, str] = field(default_factory=dict)
    asked: list[UUID] = field(default_factory=list)  # whose address history was opened

    def addresses_of(self, person_id: UUID) -> Sequence[Address]:
        self.asked.append(person_id)
        return self.addresses.get(person_id, ())

    def language_of(self, person_id: UUID) -> str | None:
        return self.languages.get(person_id)
