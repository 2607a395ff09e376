"""In-memory cases repository, unit of work and people directory for use-case tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from uuid import UUID

from puente.cases.domain.case import AsylumCase, CaseEvent
from puente.cases.domain.encounter import Encounter
from puente.cases.domain.hearings import Hearing
from puente.cases.domain.notices import NoticeCheck
from puente.cases.domain.representation import CaseNote, Filing, Representation
from puente.cases.services.ports import CaseRepository, CasesUnitOfWork, PeopleDirectory
from puente.registry.domain.contact import Address


@dataclass
class InMemoryCases:
    """What a database would hold: cases as a header plus their events, as storage will."""

    headers: dict[UUID, AsylumCase] = field(default_factory=dict)
    events: dict[UUID, list[CaseEvent]] = field(default_factory=dict)
    encounters: list[Encounter] = field(default_factory=list)
    hearings: dict[UUID, Hearing] = field(default_factory=dict)
    notices: list[NoticeCheck] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    representations: list[Representation] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    commits: int = 0


class FakeCaseRepository(CaseRepository):
    def __init__(self, store: InMemoryCases) -> None:
        self.store = store
        self.pending: list[Callable[[], None]] = []

    def add(self, case: AsylumCase) -> None:
        def apply() -> None:
            self.store.headers[case.id] = replace(case, events=(), state=case.state)
            self.store.events[case.id] = list(case.events)

        self.pending.append(apply)

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
        def apply() -> None:
            stored = self.store.events[event.case_id]
            assert event.sequence == len(stored) + 1, "a lost update"
            stored.append(event)

        self.pending.append(apply)

    def cases_of(self, caseworker: str) -> list[AsylumCase]:
        ids = [c.id for c in self.store.headers.values() if c.caseworker == caseworker]
        return [case for i in ids if (case := self.get(i)) is not None]

    def add_encounter(self, encounter: Encounter) -> None:
        self.pending.append(lambda: self.store.encounters.append(encounter))

    def save_hearing(self, hearing: Hearing) -> None:
        self.pending.append(lambda: self.store.hearings.__setitem__(hearing.id, hearing))

    def get_hearing(self, hearing_id: UUID) -> Hearing | None:
        return self.store.hearings.get(hearing_id)

    def hearings_of(self, case_id: UUID) -> list[Hearing]:
        return [h for h in self.store.hearings.values() if h.case_id == case_id]

    def add_notice(self, check: NoticeCheck) -> None:
        self.pending.append(lambda: self.store.notices.append(check))

    def notices_of(self, case_id: UUID) -> list[NoticeCheck]:
        return [n for n in self.store.notices if n.notice.case_id == case_id]

    def add_filing(self, filing: Filing) -> None:
        self.pending.append(lambda: self.store.filings.append(filing))

    def filings_of(self, case_id: UUID) -> list[Filing]:
        return [f for f in self.store.filings if f.case_id == case_id]

    def add_representation(self, representation: Representation) -> None:
        self.pending.append(lambda: self.store.representations.append(representation))

    def add_note(self, note: CaseNote) -> None:
        self.pending.append(lambda: self.store.notes.append(note))


class FakeCasesUnitOfWork(CasesUnitOfWork):
    def __init__(self, store: InMemoryCases) -> None:
        self.store = store
        self.cases: FakeCaseRepository = FakeCaseRepository(store)

    def commit(self) -> None:
        for apply in self.cases.pending:
            apply()
        self.cases.pending.clear()
        self.store.commits += 1

    def rollback(self) -> None:
        self.cases.pending.clear()


@dataclass
class FakePeople(PeopleDirectory):
    addresses: dict[UUID, Sequence[Address]] = field(default_factory=dict)
    languages: dict[UUID, str] = field(default_factory=dict)

    def addresses_of(self, person_id: UUID) -> Sequence[Address]:
        return self.addresses.get(person_id, ())

    def language_of(self, person_id: UUID) -> str | None:
        return self.languages.get(person_id)
