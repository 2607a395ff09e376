"""The shelters' unit of work on a SQLAlchemy engine: one connection, one transaction."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.shared.db import utc_now
from puente.shared.sql_unit_of_work import AuditHook, SqlUnitOfWork
from puente.shelters.adapters.store.repository import (
    SqlShelterRepository,
    enqueue,
    overcrowding_payload,
)
from puente.shelters.domain.model import OvercrowdingAlert
from puente.shelters.services.unit_of_work import ShelterUnitOfWork


class SqlShelterUnitOfWork(SqlUnitOfWork, ShelterUnitOfWork):
    """``owner_id``: the organisation acting; it owns new shelters and scopes ``all()``."""

    shelters: SqlShelterRepository

    def __init__(
        self, engine: Engine, owner_id: UUID | None = None, audit: AuditHook | None = None
    ) -> None:
        super().__init__(engine, audit)
        self._owner_id = owner_id

    def _bind(self, connection: Connection) -> None:
        self.shelters = SqlShelterRepository(connection, self._owner_id)

    def emit(self, alert: OvercrowdingAlert) -> None:
        enqueue(self.connection, "overcrowding", overcrowding_payload(alert), utc_now())
