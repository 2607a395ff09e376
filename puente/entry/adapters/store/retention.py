"""Entry's part of the retention run: a person's latest request or appointment change, and
forgetting them. A request for nobody else goes with its appointments, explanations and
messages; a family's request stays for the others without the person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, delete, exists, func, select

from puente.access.domain.retention import RetentionAction
from puente.access.services.retention_run import PersonRecords
from puente.entry.adapters.store import tables as t
from puente.shared.db import latest_of


class SqlEntryRecords(PersonRecords):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def last_activity(self, person_ids: Sequence[UUID]) -> dict[UUID, datetime]:
        m, a, events = t.entry_request_members, t.entry_appointments, t.entry_appointment_events
        mine = m.c.person_id.in_(person_ids)
        return latest_of(
            self.connection,
            (
                select(m.c.person_id, func.max(t.entry_requests.c.requested_at))
                .join(t.entry_requests, t.entry_requests.c.id == m.c.request_id)
                .where(mine)
                .group_by(m.c.person_id),
                select(m.c.person_id, func.max(events.c.at))
                .join(a, a.c.request_id == m.c.request_id)
                .join(events, events.c.appointment_id == a.c.id)
                .where(mine)
                .group_by(m.c.person_id),
            ),
        )

    def forget(self, person_ids: Sequence[UUID], action: RetentionAction) -> None:
        """The same for both actions: an anonymised person keeps no request either."""
        m, requests, a = t.entry_request_members, t.entry_requests, t.entry_appointments
        theirs = m.c.person_id.in_(list(person_ids))
        request_ids = list(self.connection.scalars(select(m.c.request_id).where(theirs)))
        self.connection.execute(delete(m).where(theirs))
        emptied = list(
            self.connection.scalars(
                select(requests.c.id).where(
                    requests.c.id.in_(request_ids),
                    ~exists().where(m.c.request_id == requests.c.id),
                )
            )
        )
        appointments = select(a.c.id).where(a.c.request_id.in_(emptied))
        events = t.entry_appointment_events
        self.connection.execute(delete(events).where(events.c.appointment_id.in_(appointments)))
        for table in (a, t.entry_explanations, t.entry_outbox):
            self.connection.execute(delete(table).where(table.c.request_id.in_(emptied)))
        self.connection.execute(delete(requests).where(requests.c.id.in_(emptied)))
