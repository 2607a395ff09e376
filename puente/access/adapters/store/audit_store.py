"""The audit log on SQL: pending events, and the chain linked under an exclusive lock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update

from puente.access.adapters.store.tables import audit_entries, audit_pending, audit_subjects
from puente.access.domain.audit_chain import AuditEntry, AuditEvent
from puente.access.services.audit import AuditStore, ChainLinker
from puente.access.services.guard import WriteAudit
from puente.shared.db import AppendLock, lock_for_appending
from puente.shared.sql_unit_of_work import AuditHook


def event_from_payload(payload: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        at=datetime.fromisoformat(payload["at"]),
        actor=payload["actor"],
        organisation=payload["organisation"],
        purpose=payload["purpose"],
        action=payload["action"],
        record_type=payload["record_type"],
        record_ids=tuple(payload["record_ids"]),
        outcome=payload["outcome"],
        source=payload["source"],
    )


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        row.sequence, event_from_payload(row.event), row.previous_hash, row.entry_hash
    )


def add_event(connection: Connection, event: AuditEvent) -> None:
    """Queue the event for chaining and index the records it names."""
    pending_id = connection.execute(
        insert(audit_pending).returning(audit_pending.c.id), {"event": event.payload()}
    ).scalar_one()
    if event.record_ids:
        connection.execute(
            insert(audit_subjects),
            [{"record_id": r, "pending_id": pending_id} for r in dict.fromkeys(event.record_ids)],
        )


class SqlAuditStore(AuditStore):
    def __init__(self, engine: Engine, connection: Connection | None = None) -> None:
        self.engine = engine
        # A caller's open transaction, so that an audited write and its audit entry commit together.
        self.connection = connection

    def add_pending(self, event: AuditEvent) -> None:
        if self.connection is not None:
            add_event(self.connection, event)
            return
        with self.engine.begin() as connection:
            add_event(connection, event)

    def chain_pending(self, link: ChainLinker, limit: int) -> int:
        with self.engine.begin() as connection:
            lock_for_appending(connection, AppendLock.AUDIT_CHAIN, audit_entries)
            last_row = connection.execute(
                select(audit_entries).order_by(audit_entries.c.sequence.desc()).limit(1)
            ).first()
            pending = connection.execute(
                select(audit_pending).order_by(audit_pending.c.id).limit(limit)
            ).all()
            if not pending:
                return 0
            linked = link.link(
                _entry(last_row) if last_row else None,
                [event_from_payload(row.event) for row in pending],
            )
            connection.execute(
                insert(audit_entries),
                [
                    {
                        "sequence": e.sequence,
                        "event": e.event.payload(),
                        "previous_hash": e.previous_hash,
                        "entry_hash": e.entry_hash,
                    }
                    for e in linked
                ],
            )
            connection.execute(
                update(audit_subjects)
                .where(audit_subjects.c.pending_id == bindparam("b_pending"))
                .values(sequence=bindparam("b_sequence"), pending_id=None),
                [
                    {"b_pending": row.id, "b_sequence": e.sequence}
                    for row, e in zip(pending, linked, strict=True)
                ],
            )
            connection.execute(
                delete(audit_pending).where(audit_pending.c.id.in_([row.id for row in pending]))
            )
            return len(linked)

    def entries(self) -> Iterator[AuditEntry]:
        with self.engine.connect() as connection:
            rows = connection.execution_options(yield_per=2000).execute(
                select(audit_entries).order_by(audit_entries.c.sequence)
            )
            for row in rows:
                yield _entry(row)

    def pending_count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(audit_pending)) or 0)


def in_transaction(audit: WriteAudit) -> AuditHook:
    """The hook a ``SqlUnitOfWork`` runs before it commits: ``audit`` joins its transaction."""

    def add(connection: Connection, written: Sequence[UUID]) -> None:
        audit(SqlAuditStore(connection.engine, connection), written)

    return add
