"""The outage log on SQL: unavailability windows and failed requests, kept as evidence."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Row, and_, func, insert, or_, select, update

from puente.entry.adapters.store import tables as t
from puente.entry.domain.outages import FailedRequest, Outage, OutageKind
from puente.entry.services.unit_of_work import OutageRepository


class SqlOutageRepository(OutageRepository):
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def save_outage(self, outage: Outage) -> None:
        row = {
            "component": outage.component,
            "kind": outage.kind,
            "started_at": outage.started_at,
            "ended_at": outage.ended_at,
            "description": outage.description,
        }
        o = t.entry_outages.c
        if self._connection.scalar(select(func.count()).where(o.id == outage.id)):
            self._connection.execute(update(t.entry_outages).where(o.id == outage.id).values(row))
        else:
            self._connection.execute(insert(t.entry_outages).values(id=outage.id, **row))

    @staticmethod
    def _outage(row: Row[Any]) -> Outage:
        return Outage(
            row.id, row.component, OutageKind(row.kind), row.started_at, row.description,
            row.ended_at,
        )  # fmt: skip

    def get_outage(self, outage_id: UUID) -> Outage | None:
        row = self._connection.execute(
            select(t.entry_outages).where(t.entry_outages.c.id == outage_id)
        ).first()
        return self._outage(row) if row else None

    def outages_between(self, start: datetime, end: datetime) -> list[Outage]:
        o = t.entry_outages.c
        rows = self._connection.execute(
            select(t.entry_outages)
            .where(and_(o.started_at < end, or_(o.ended_at.is_(None), o.ended_at > start)))
            .order_by(o.started_at)
        )
        return [self._outage(row) for row in rows]

    def add_failure(self, failure: FailedRequest) -> None:
        self._connection.execute(insert(t.entry_failed_requests).values(**failure.__dict__))

    def failures_of(self, reference: str) -> list[FailedRequest]:
        f = t.entry_failed_requests.c
        rows = self._connection.execute(
            select(t.entry_failed_requests).where(f.reference == reference).order_by(f.at)
        )
        return [FailedRequest(**row._asdict()) for row in rows]
