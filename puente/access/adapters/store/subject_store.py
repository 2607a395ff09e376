"""Objections, legal holds and the audit trail about a person on SQL, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, String, cast, delete, insert, or_, select

from puente.access.adapters.store.audit_store import event_from_payload
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.adapters.store.tables import (
    audit_entries,
    audit_pending,
    legal_holds,
    objections,
    organisations,
)
from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.sharing import ConsentChannel, Purpose
from puente.access.domain.subject_rights import Objection
from puente.access.services.subject_rights import SubjectRightsStore, SubjectUnitOfWork
from puente.shared.sql_unit_of_work import SqlUnitOfWork


class SqlSubjectStore(SubjectRightsStore):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_objection(self, objection: Objection) -> None:
        self.connection.execute(insert(objections), objection.__dict__)

    def objections_of(self, person_id: UUID) -> list[Objection]:
        rows = self.connection.execute(
            select(objections)
            .where(objections.c.person_id == person_id)
            .order_by(objections.c.at, objections.c.id)
        )
        return [
            Objection(
                r.id,
                r.person_id,
                Purpose(r.purpose) if r.purpose else None,
                r.reason,
                r.at,
                ConsentChannel(r.channel),
                r.recorded_by,
            )
            for r in rows
        ]

    def place_hold(self, person_id: UUID, reason: str, at: datetime, placed_by: str) -> bool:
        held = self.connection.scalar(
            select(legal_holds.c.person_id).where(legal_holds.c.person_id == person_id)
        )
        if held is not None:
            return False
        self.connection.execute(
            insert(legal_holds),
            {"person_id": person_id, "reason": reason, "placed_at": at, "placed_by": placed_by},
        )
        return True

    def lift_hold(self, person_id: UUID) -> bool:
        result = self.connection.execute(
            delete(legal_holds).where(legal_holds.c.person_id == person_id)
        )
        return result.rowcount == 1

    def audit_events_about(self, record_ids: Iterable[UUID]) -> list[AuditEvent]:
        # Events hold ids only; a text match narrows the scan, the exact test is done after.
        ids = [str(i) for i in record_ids]
        if not ids:
            return []
        events: list[AuditEvent] = []
        for table in (audit_entries, audit_pending):
            text = cast(table.c.event, String)
            rows = self.connection.execute(
                select(table.c.event).where(or_(*(text.contains(i) for i in ids)))
            )
            events.extend(event_from_payload(row.event) for row in rows)
        wanted = set(ids)
        return [e for e in events if wanted & set(e.record_ids)]

    def organisation_names(self, ids: Iterable[str]) -> dict[str, str]:
        uuids = [UUID(i) for i in ids]
        if not uuids:
            return {}
        rows = self.connection.execute(
            select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(uuids))
        )
        return {str(r.id): r.name for r in rows}


class SqlSubjectUnitOfWork(SqlUnitOfWork, SubjectUnitOfWork):
    def _bind(self, connection: Connection) -> None:
        self.sharing = SqlSharingStore(connection)
        self.subjects = SqlSubjectStore(connection)
