"""The event log numbers events one at a time, even when two writers append at once."""

from __future__ import annotations

import threading
from uuid import uuid4

import pytest
from sqlalchemy import Engine, select, text

from puente.identity.adapters.store.tables import identity_events
from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
from puente.identity.domain.history import Linked
from puente.shared.db import utc_now


def _event() -> Linked:
    return Linked(uuid4().hex, (), "tests", utc_now())


def _waiting_transactions(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")) or 0)


def test_two_writers_appending_at_once_both_commit_in_turn(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: appends cannot overlap")
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with SqlIdentityUnitOfWork(engine) as uow:
                uow.identity.append_event(_event(), None)
                uow.commit()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    with SqlIdentityUnitOfWork(engine) as first:
        first.identity.append_event(_event(), None)
        writer = threading.Thread(target=second_writer)
        writer.start()
        # Commit only once the second writer waits on the first: both read the log's end before
        # either committed, which is when numbering by max(seq) + 1 collided.
        while _waiting_transactions(engine) == 0 and writer.is_alive():
            threading.Event().wait(0.01)
        first.commit()
    writer.join()
    assert errors == []
    with engine.connect() as connection:
        assert list(connection.scalars(select(identity_events.c.seq).order_by("seq"))) == [1, 2]
