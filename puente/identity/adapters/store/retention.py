"""Identity's part of the retention run: a person's latest review decision, merge or unmerge,
and forgetting them (their cluster, scored pairs, decisions and place in the history go)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, delete, func, or_, select, union_all, update

from puente.access.domain.retention import RetentionAction
from puente.access.services.retention_run import PersonRecords
from puente.identity.adapters.store import tables as t
from puente.identity.domain.history import EventKind
from puente.shared.db import latest_of

# A person's own activity: a reviewer's decision or a merge about them; batch runs place
# everyone each night and say nothing about the person.
_CHOSEN = (EventKind.MERGED, EventKind.UNMERGED)


class SqlIdentityRecords(PersonRecords):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def last_activity(self, person_ids: Sequence[UUID]) -> dict[UUID, datetime]:
        d, er, e = t.identity_decisions, t.identity_event_records, t.identity_events
        sides = union_all(
            select(d.c.person_l.label("person_id"), d.c.decided_at.label("at")),
            select(d.c.person_r, d.c.decided_at),
        ).subquery()
        return latest_of(
            self.connection,
            (
                select(sides.c.person_id, func.max(sides.c.at))
                .where(sides.c.person_id.in_(person_ids))
                .group_by(sides.c.person_id),
                select(er.c.person_id, func.max(e.c.at))
                .join(e, e.c.id == er.c.event_id)
                .where(er.c.person_id.in_(person_ids), e.c.kind.in_(_CHOSEN))
                .group_by(er.c.person_id),
            ),
        )

    def forget(self, person_ids: Sequence[UUID], action: RetentionAction) -> None:
        """The same for both actions: identity copies no personal data, only links between
        records, and an anonymised record has nothing left to match."""
        ids = list(person_ids)
        for table in (t.identity_candidates, t.identity_decisions):
            self.connection.execute(
                delete(table).where(or_(table.c.person_l.in_(ids), table.c.person_r.in_(ids)))
            )
        for table in (t.identity_event_records, t.identity_clusters):
            self.connection.execute(delete(table).where(table.c.person_id.in_(ids)))
        events = t.identity_events
        self.connection.execute(update(events).where(events.c.anchor.in_(ids)).values(anchor=None))
