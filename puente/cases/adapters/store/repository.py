"""The cases repository on SQL: cases rebuilt from their events, and the records around them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Select, delete, insert, or_, select, update

from puente.cases.adapters.store import tables as t
from puente.cases.adapters.store.mapping import (
    deadline_of,
    deadline_row,
    event_of,
    event_row,
    hearing_of,
    history_doc,
)
from puente.cases.adapters.store.notices import SqlNotices
from puente.cases.adapters.store.zones import on_clock, zone_label
from puente.cases.domain.case import AsylumCase, CaseEvent
from puente.cases.domain.deadlines import Deadline
from puente.cases.domain.encounter import Encounter
from puente.cases.domain.hearings import Hearing, ImmigrationCourt
from puente.cases.domain.notices import NoticeCheck, NoticeServed
from puente.cases.domain.representation import (
    AppearanceForm,
    CaseNote,
    Confidentiality,
    Filing,
    Representation,
    Representative,
    RepresentativeKind,
)
from puente.cases.services.ports import CaseRepository
from puente.registry.adapters.store.sealing import FieldSealer
from puente.shared.errors import StaleVersion

_HEARING_COLUMNS = (
    t.hearings,
    t.immigration_courts.c.name.label("court_name"),
    t.immigration_courts.c.city.label("court_city"),
    t.immigration_courts.c.timezone.label("court_timezone"),
)


def _hearings() -> Select[Any]:
    return select(*_HEARING_COLUMNS).join(
        t.immigration_courts, t.immigration_courts.c.code == t.hearings.c.court_code
    )


class SqlCaseRepository(CaseRepository):
    """``owner_id`` is the organisation new records belong to (``None`` for read-only work);
    ``sealer`` seals what notices say of a person's addresses."""

    def __init__(self, connection: Connection, sealer: FieldSealer, owner_id: UUID | None) -> None:
        self._db = connection
        self._owner_id = owner_id
        self._notices = SqlNotices(connection, sealer)

    def _owner(self) -> UUID:
        if self._owner_id is None:
            raise RuntimeError("this unit of work was opened without an owning organisation")
        return self._owner_id

    def add(self, case: AsylumCase) -> None:
        self._db.execute(
            insert(t.cases),
            {
                "id": case.id,
                "owner_id": self._owner(),
                "opened_at": case.opened_at,
                "opened_zone": zone_label(case.opened_at),
                "caseworker": case.caseworker,
                "state": case.state,
                "last_sequence": len(case.events),
            },
        )
        self._db.execute(
            insert(t.case_persons),
            [
                {"case_id": case.id, "position": i, "person_id": p}
                for i, p in enumerate(case.person_ids)
            ],
        )
        if case.events:
            self._db.execute(insert(t.case_events), [event_row(e) for e in case.events])

    def load_many(self, case_ids: Sequence[UUID]) -> list[AsylumCase]:
        """The cases with these ids, rebuilt from their events, in the order given."""
        if not case_ids:
            return []
        headers = self._db.execute(select(t.cases).where(t.cases.c.id.in_(case_ids))).all()
        persons: dict[UUID, list[UUID]] = defaultdict(list)
        for row in self._db.execute(
            select(t.case_persons)
            .where(t.case_persons.c.case_id.in_(case_ids))
            .order_by(t.case_persons.c.case_id, t.case_persons.c.position)
        ):
            persons[row.case_id].append(row.person_id)
        events: dict[UUID, list[CaseEvent]] = defaultdict(list)
        for row in self._db.execute(
            select(t.case_events)
            .where(t.case_events.c.case_id.in_(case_ids))
            .order_by(t.case_events.c.case_id, t.case_events.c.sequence)
        ):
            events[row.case_id].append(event_of(row))
        found = {
            h.id: AsylumCase.rebuild(
                h.id,
                tuple(persons[h.id]),
                on_clock(h.opened_at, h.opened_zone),
                h.caseworker,
                events[h.id],
            )
            for h in headers
        }
        return [found[i] for i in case_ids if i in found]

    def get(self, case_id: UUID) -> AsylumCase | None:
        found = self.load_many([case_id])
        return found[0] if found else None

    def append(self, event: CaseEvent) -> None:
        moved = self._db.execute(
            update(t.cases)
            .where(t.cases.c.id == event.case_id, t.cases.c.last_sequence == event.sequence - 1)
            .values(state=event.target, last_sequence=event.sequence)
        )
        if moved.rowcount != 1:
            current = self._db.scalar(
                select(t.cases.c.last_sequence).where(t.cases.c.id == event.case_id)
            )
            raise StaleVersion("case", current or 0)
        self._db.execute(insert(t.case_events), event_row(event))

    def cases_of(self, caseworker: str) -> list[AsylumCase]:
        ids = self._db.scalars(
            select(t.cases.c.id).where(t.cases.c.caseworker == caseworker).order_by(t.cases.c.id)
        ).all()
        return self.load_many(list(ids))

    def add_encounter(self, encounter: Encounter) -> None:
        self._db.execute(
            insert(t.encounters),
            {
                "id": encounter.id,
                "owner_id": self._owner(),
                "place": encounter.place.name,
                "place_kind": encounter.place.kind,
                "timezone": encounter.place.timezone,
                "occurred_at": encounter.occurred_at,
                "agency": encounter.agency,
                "authority": encounter.authority,
                "outcome": encounter.outcome,
                "policy_ids": list(encounter.policy_ids),
                "family_id": encounter.family_id,
            },
        )
        self._db.execute(
            insert(t.encounter_persons),
            [
                {"encounter_id": encounter.id, "position": i, "person_id": p}
                for i, p in enumerate(encounter.person_ids)
            ],
        )

    def _save_court(self, court: ImmigrationCourt) -> None:
        values = {"name": court.name, "city": court.city, "timezone": court.timezone}
        table = t.immigration_courts
        changed = self._db.execute(update(table).where(table.c.code == court.code).values(values))
        if changed.rowcount == 0:
            self._db.execute(insert(table), {"code": court.code, **values})

    def save_hearing(self, hearing: Hearing) -> None:
        self._save_court(hearing.court)
        caseworker = self._db.scalar(
            select(t.cases.c.caseworker).where(t.cases.c.id == hearing.case_id)
        )
        values = {
            "case_id": hearing.case_id,
            "kind": hearing.kind,
            "court_code": hearing.court.code,
            "scheduled_at": hearing.scheduled_at,
            "judge": hearing.judge,
            "outcome": hearing.outcome,
            "history": history_doc(hearing),
            "caseworker": caseworker,
        }
        changed = self._db.execute(
            update(t.hearings).where(t.hearings.c.id == hearing.id).values(values)
        )
        if changed.rowcount == 0:
            self._db.execute(insert(t.hearings), {"id": hearing.id, **values})

    def get_hearing(self, hearing_id: UUID) -> Hearing | None:
        row = self._db.execute(_hearings().where(t.hearings.c.id == hearing_id)).first()
        return hearing_of(row) if row else None

    def hearings_of(self, case_id: UUID) -> list[Hearing]:
        rows = self._db.execute(
            _hearings().where(t.hearings.c.case_id == case_id).order_by(t.hearings.c.scheduled_at)
        )
        return [hearing_of(r) for r in rows]

    def add_notice(self, check: NoticeCheck) -> None:
        self._notices.add(check)

    def notices_of(self, case_id: UUID) -> list[NoticeCheck]:
        return self._notices.of_case(case_id)

    def notices_served(self, case_id: UUID) -> list[NoticeServed]:
        return self._notices.served_of(case_id)

    def add_filing(self, filing: Filing) -> None:
        self._db.execute(
            insert(t.case_filings),
            {
                "case_id": filing.case_id,
                "form": filing.form,
                "filed_at": filing.filed_at,
                "filed_by": filing.filed_by,
            },
        )

    def filings_of(self, case_id: UUID) -> list[Filing]:
        rows = self._db.execute(
            select(t.case_filings)
            .where(t.case_filings.c.case_id == case_id)
            .order_by(t.case_filings.c.id)
        )
        return [Filing(r.case_id, r.form, r.filed_at, r.filed_by) for r in rows]

    def add_representation(self, representation: Representation) -> None:
        person = representation.representative
        self._db.execute(
            insert(t.representations),
            {
                "case_id": representation.case_id,
                "name": person.name,
                "kind": person.kind,
                "organisation": person.organisation,
                "eoir_id": person.eoir_id,
                "form": representation.form,
                "filed_at": representation.filed_at,
                "withdrawn_at": representation.withdrawn_at,
            },
        )

    def representations_of(self, case_id: UUID) -> list[Representation]:
        rows = self._db.execute(
            select(t.representations)
            .where(t.representations.c.case_id == case_id)
            .order_by(t.representations.c.id)
        )
        return [
            Representation(
                r.case_id,
                Representative(r.name, RepresentativeKind(r.kind), r.organisation, r.eoir_id),
                AppearanceForm(r.form),
                r.filed_at,
                r.withdrawn_at,
            )
            for r in rows
        ]

    def add_note(self, note: CaseNote) -> None:
        self._db.execute(
            insert(t.case_notes),
            {
                "id": note.id,
                "case_id": note.case_id,
                "owner_id": self._owner(),
                "written_at": note.written_at,
                "author": note.author,
                "text": note.text,
                "confidentiality": note.confidentiality,
            },
        )

    def notes_of(self, case_id: UUID) -> list[CaseNote]:
        rows = self._db.execute(
            select(t.case_notes)
            .where(t.case_notes.c.case_id == case_id)
            .order_by(t.case_notes.c.written_at, t.case_notes.c.id)
        )
        return [
            CaseNote(
                r.id, r.case_id, r.written_at, r.author, r.text, Confidentiality(r.confidentiality)
            )
            for r in rows
        ]

    def save_deadlines(self, case_id: UUID, deadlines: Sequence[Deadline]) -> None:
        self._db.execute(delete(t.case_deadlines).where(t.case_deadlines.c.case_id == case_id))
        if not deadlines:
            return
        caseworker: str = self._db.execute(
            select(t.cases.c.caseworker).where(t.cases.c.id == case_id)
        ).scalar_one()
        self._db.execute(
            insert(t.case_deadlines),
            [deadline_row(d, i, caseworker) for i, d in enumerate(deadlines)],
        )

    def deadlines_of(self, case_id: UUID) -> list[Deadline]:
        rows = self._db.execute(
            select(t.case_deadlines)
            .where(t.case_deadlines.c.case_id == case_id)
            .order_by(t.case_deadlines.c.due_at, t.case_deadlines.c.position)
        )
        return [deadline_of(r) for r in rows]

    def due_deadlines(
        self, caseworker: str, now: datetime, start: datetime, end: datetime, limit: int
    ) -> list[Deadline]:
        table = t.case_deadlines
        rows = self._db.execute(
            select(table)
            .where(
                table.c.caseworker == caseworker,
                table.c.due_at >= start,
                table.c.due_at < end,
                or_(table.c.closed_at.is_(None), table.c.closed_at > now),
            )
            .order_by(table.c.due_at, table.c.case_id, table.c.position)
            .limit(limit)
        )
        return [deadline_of(r) for r in rows]

    def hearings_between(
        self, caseworker: str, start: datetime, end: datetime, limit: int
    ) -> list[Hearing]:
        rows = self._db.execute(
            _hearings()
            .where(
                t.hearings.c.caseworker == caseworker,
                t.hearings.c.scheduled_at >= start,
                t.hearings.c.scheduled_at < end,
                t.hearings.c.outcome.is_(None),
            )
            .order_by(t.hearings.c.scheduled_at, t.hearings.c.id)
            .limit(limit)
        )
        return [hearing_of(r) for r in rows]
