"""The children's part of the retention run: a child's latest custody activity, and forgetting
them. A custody record is kept (the law requires a record of every child held), without the
link to the person and without the relatives it names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, delete, func, select, update

from puente.access.domain.retention import RetentionAction
from puente.access.services.retention_run import PersonRecords
from puente.children.adapters.store.tables import custody_events, custody_records, custody_relatives
from puente.shared.db import latest_of


class SqlCustodyRecords(PersonRecords):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def last_activity(self, person_ids: Sequence[UUID]) -> dict[UUID, datetime]:
        r = custody_records
        theirs = r.c.person_id.in_(person_ids)
        return latest_of(
            self.connection,
            (
                select(r.c.person_id, func.max(r.c.encountered_at))
                .where(theirs)
                .group_by(r.c.person_id),
                select(r.c.person_id, func.max(r.c.left_custody_at))
                .where(theirs)
                .group_by(r.c.person_id),
                select(r.c.person_id, func.max(custody_events.c.at))
                .join(custody_events, custody_events.c.record_id == r.c.id)
                .where(theirs)
                .group_by(r.c.person_id),
            ),
        )

    def forget(self, person_ids: Sequence[UUID], action: RetentionAction) -> None:
        """The same for both actions: the record stays, about nobody."""
        r = custody_records
        records = select(r.c.id).where(r.c.person_id.in_(list(person_ids)))
        relatives = custody_relatives.c
        self.connection.execute(delete(custody_relatives).where(relatives.record_id.in_(records)))
        # A sibling's record keeps the link that keeps siblings placed together, not the name.
        self.connection.execute(
            update(custody_relatives).where(relatives.child_id.in_(records)).values(name="")
        )
        self.connection.execute(
            update(r).where(r.c.person_id.in_(list(person_ids))).values(person_id=None)
        )
