"""The audit log on SQL: pending events, and the chain linked under an exclusive lock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from puente.access.adapters.store.tables import audit_entries, audit_pending
from puente.access.domain.audit_chain import AuditEntry, AuditEvent
from puente.access.services.audit import AuditStore, ChainLinker

# Any constant shared by every chainer: PostgreSQL serialises them on this advisory lock.
CHAIN_LOCK_ID = 7_210_492_331


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


class SqlAuditStore(AuditStore):
    def __init__(self, engine: Engine, connection: Connection | None = None) -> None:
        self.engine = engine
        # A caller's open transaction, so that an audited write and its audit entry commit together.
        self.connection = connection

    def add_pending(self, event: AuditEvent) -> None:
        if self.connection is not None:
            self.connection.execute(insert(audit_pending), {"event": event.payload()})
            return
        with self.engine.begin() as connection:
            connection.execute(insert(audit_pending), {"event": event.payload()})

    def chain_pending(self, link: ChainLinker, limit: int) -> int:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": CHAIN_LOCK_ID})
            else:
                # SQLite: take the write lock before reading the chain's end.
                connection.execute(delete(audit_pending).where(audit_pending.c.id < 0))
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
