"""Objections, legal holds and the audit trail about a person on SQL, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, delete, insert, select

from puente.access.adapters.store.audit_store import event_from_payload, in_transaction
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.adapters.store.tables import (
    audit_entries,
    audit_pending,
    audit_subjects,
    legal_holds,
    objections,
    organisations,
)
from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.sharing import ConsentChannel, Purpose
from puente.access.domain.subject_rights import Objection
from puente.access.services.subject_rights import (
    AuditedUowFactory,
    SubjectRightsStore,
    SubjectUnitOfWork,
)
from puente.shared.db import refusing_repeats
from puente.shared.sql_unit_of_work import SqlUnitOfWork


class SqlSubjectStore(SubjectRightsStore):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_objection(self, objection: Objection) -> None:
        with refusing_repeats(objections, "id", objection.id):
            self.connection.execute(insert(objections), objection.__dict__)

    def objections_of(self, person_id: UUID) -> list[Objection]:
        rows = self.connection.execute(
            select(objections)
            .where(objections.c.person_id == person_id)
            .order_by(objections.c.at, objections.c.id)
        )
        return [_objection(r) for r in rows]

    def objection(self, objection_id: UUID) -> Objection | None:
        row = self.connection.execute(
            select(objections).where(objections.c.id == objection_id)
        ).first()
        return _objection(row) if row else None

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
        # By the index of named records. Pending events first: one the chainer links meanwhile
        # is then found twice (and kept once) rather than missed.
        ids = [str(i) for i in record_ids]
        if not ids:
            return []
        named = audit_subjects.c.record_id.in_(ids)
        pending = select(audit_pending.c.event).where(
            audit_pending.c.id.in_(select(audit_subjects.c.pending_id).where(named))
        )
        chained = select(audit_entries.c.event).where(
            audit_entries.c.sequence.in_(select(audit_subjects.c.sequence).where(named))
        )
        events = [
            event_from_payload(row.event)
            for query in (pending, chained)
            for row in self.connection.execute(query)
        ]
        return list(dict.fromkeys(events))

    def organisation_names(self, ids: Iterable[str]) -> dict[str, str]:
        uuids = [UUID(i) for i in ids]
        if not uuids:
            return {}
        rows = self.connection.execute(
            select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(uuids))
        )
        return {str(r.id): r.name for r in rows}


def _objection(row: Any) -> Objection:
    return Objection(
        row.id,
        row.person_id,
        Purpose(row.purpose) if row.purpose else None,
        row.reason,
        row.at,
        ConsentChannel(row.channel),
        row.recorded_by,
    )


class SqlSubjectUnitOfWork(SqlUnitOfWork, SubjectUnitOfWork):
    def _bind(self, connection: Connection) -> None:
        self.sharing = SqlSharingStore(connection)
        self.subjects = SqlSubjectStore(connection)


def audited_subject_uow(engine: Engine) -> AuditedUowFactory:
    """Units of work whose commit adds the authorised write's audit entry to the transaction."""
    return lambda audit: SqlSubjectUnitOfWork(engine, in_transaction(audit))
