"""The cases' part of the retention run: a person's latest case or encounter, and forgetting them.

A case about nobody else is deleted with everything in it (events, hearings, notices, filings,
representation, notes, deadlines); a family's case stays for the others without the person (a
notice sent to them stays, naming no one, so the deadline it met stays met). An
encounter is an agency's record of an event at the border and is kept, without the person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, delete, exists, func, select, update

from puente.access.domain.retention import RetentionAction
from puente.access.services.retention_run import PersonRecords
from puente.cases.adapters.store import tables as t
from puente.registry.adapters.store.tables import family_members
from puente.shared.db import latest_of

# Rows of a case, children before the case itself.
_CASE_TABLES = (
    t.hearing_notices,
    t.hearings,
    t.case_filings,
    t.representations,
    t.case_notes,
    t.case_deadlines,
    t.case_events,
    t.case_persons,
)


class SqlCaseRecords(PersonRecords):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def last_activity(self, person_ids: Sequence[UUID]) -> dict[UUID, datetime]:
        cp, ep = t.case_persons, t.encounter_persons
        # Per case table: the column saying when, and the column naming the case. Court dates
        # and deadlines count though no case event records them: a hearing next month is
        # activity in the future, so its person is never due.
        moments = (
            (t.cases.c.opened_at, t.cases.c.id),
            (t.case_events.c.occurred_at, t.case_events.c.case_id),
            (t.case_notes.c.written_at, t.case_notes.c.case_id),
            (t.hearings.c.scheduled_at, t.hearings.c.case_id),
            (t.hearing_notices.c.sent_at, t.hearing_notices.c.case_id),
            (t.case_filings.c.filed_at, t.case_filings.c.case_id),
            (t.case_deadlines.c.due_at, t.case_deadlines.c.case_id),
        )
        return latest_of(
            self.connection,
            (
                *(
                    select(cp.c.person_id, func.max(at))
                    .join(case.table, case == cp.c.case_id)
                    .where(cp.c.person_id.in_(person_ids))
                    .group_by(cp.c.person_id)
                    for at, case in moments
                ),
                select(ep.c.person_id, func.max(t.encounters.c.occurred_at))
                .join(t.encounters, t.encounters.c.id == ep.c.encounter_id)
                .where(ep.c.person_id.in_(person_ids))
                .group_by(ep.c.person_id),
            ),
        )

    def forget(self, person_ids: Sequence[UUID], action: RetentionAction) -> None:
        """The same for both actions: an anonymised person keeps no case either."""
        ids = list(person_ids)
        cp, ep, encounters = t.case_persons, t.encounter_persons, t.encounters
        theirs = cp.c.person_id.in_(ids)
        case_ids = list(self.connection.scalars(select(cp.c.case_id).where(theirs)))
        # A notice sent to the person stays in a case kept for their family, as the fact that
        # met its deadline, naming no one: what it said of addresses goes (it was sealed with
        # the person's data key, which retention shreds anyway).
        notices = t.hearing_notices
        self.connection.execute(
            update(notices).where(notices.c.person_id.in_(ids)).values(person_id=None, sealed=b"")
        )
        self.connection.execute(delete(cp).where(theirs))
        orphans = list(
            self.connection.scalars(
                select(t.cases.c.id).where(
                    t.cases.c.id.in_(case_ids), ~exists().where(cp.c.case_id == t.cases.c.id)
                )
            )
        )
        for table in _CASE_TABLES:
            self.connection.execute(delete(table).where(table.c.case_id.in_(orphans)))
        self.connection.execute(delete(t.cases).where(t.cases.c.id.in_(orphans)))
        their_encounters = select(ep.c.encounter_id).where(ep.c.person_id.in_(ids))
        # The family link goes when no one else in the family is left to name it.
        others = exists().where(
            family_members.c.family_id == encounters.c.family_id,
            family_members.c.person_id.not_in(ids),
        )
        self.connection.execute(
            update(encounters)
            .where(
                encounters.c.id.in_(their_encounters), encounters.c.family_id.is_not(None), ~others
            )
            .values(family_id=None)
        )
        self.connection.execute(delete(ep).where(ep.c.person_id.in_(ids)))
