"""Retention across contexts, wired in the composition root: a retention run's unit of work
bound to every context's records of people (access itself knows only their port)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from sqlalchemy import Connection, Engine

from puente.access.adapters.store.retention_store import SqlRetentionUnitOfWork
from puente.access.services.retention_run import PersonRecords, UowFactory
from puente.cases.adapters.store.retention import SqlCaseRecords
from puente.children.adapters.store.retention import SqlCustodyRecords
from puente.entry.adapters.store.retention import SqlEntryRecords
from puente.identity.adapters.store.retention import SqlIdentityRecords
from puente.registry.adapters.store.retention import SqlRegistryRecords


def every_context_records(connection: Connection) -> Sequence[PersonRecords]:
    # The registry last: it removes the person rows the others point at.
    return (
        SqlCaseRecords(connection),
        SqlIdentityRecords(connection),
        SqlCustodyRecords(connection),
        SqlEntryRecords(connection),
        SqlRegistryRecords(connection),
    )


def retention_uow(engine: Engine) -> UowFactory:
    """Units of work of a retention run over everything Puente holds about people."""
    return partial(SqlRetentionUnitOfWork, engine, every_context_records)
