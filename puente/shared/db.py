"""Database engines and column types shared by every context's tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Enum,
    MetaData,
    Table,
    Text,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement, Executable
from sqlalchemy.types import TypeDecorator

from puente.shared.chunks import chunks
from puente.shared.unit_of_work import DuplicateRequestId

# One naming convention so that Alembic's autogenerate produces stable constraint names.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant: stored in UTC, returned aware; naive values are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a timezone-aware one is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL is durable against a killed process in WAL mode; only power loss can undo a commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, pool_size: int = 10) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before each use (a round trip per request): a connection the server dropped fails
    # one request, which the web layer answers 503 (retry), and the pool then reconnects.
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


def keyed_engine(engine: Engine, pool_size: int) -> Engine:
    """Connections of their own for transactions of lookups by key, small range reads and
    inserts (a rush's writers). A rush fills tables faster than autovacuum analyses them, and a
    plan made while a table was small stays cached in its connection: the foreign-key check of
    each inserted row then scanned the whole referenced table (10 ms for a batch's members at
    4,000 requests, growing with the rush) where an index finds the row. With sequential scans
    disabled on these connections the planner takes an index whatever the statistics say (a
    query with no usable index still scans). PostgreSQL only; elsewhere ``engine`` itself."""
    if engine.dialect.name != "postgresql":
        return engine
    keyed = make_engine(engine.url.render_as_string(hide_password=False), pool_size)
    # A SET after connecting keeps whatever options the URL or PGOPTIONS already give.
    event.listen(keyed, "connect", _without_sequential_scans)
    return keyed


def _without_sequential_scans(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SET enable_seqscan = off")
    cursor.close()
    connection.commit()


class AppendLock(IntEnum):
    """Every PostgreSQL advisory lock the application takes, in one place so none collide."""

    AUDIT_CHAIN = 7_210_492_331
    IDENTITY_EVENTS = 7_210_492_337


def lock_for_appending(connection: Connection, lock: AppendLock, table: Table) -> None:
    """Make the transaction the only one appending to ``table`` until it ends, so a number it
    reads from the table (the next in a sequence) is still free when it writes.

    PostgreSQL: a transaction advisory lock on ``lock`` (every appender of the table uses the
    same one); each later statement sees what the previous holder committed. SQLite has one writer
    at a time: a write that changes nothing takes the write lock before the read.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": int(lock)})
    else:
        connection.execute(table.delete().where(text("1 = 0")))


UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def is_duplicate_value(error: IntegrityError, table: Table, column: str) -> bool:
    """Whether ``error`` is the unique constraint of ``table.column`` alone refusing a value
    another row holds (a concurrent transaction's, once it committed), not any other constraint.
    """
    driver_error = error.orig
    diagnostics = getattr(driver_error, "diag", None)
    if diagnostics is not None:  # psycopg names the table and the key in its diagnostics
        return (
            getattr(driver_error, "sqlstate", None) == UNIQUE_VIOLATION
            and diagnostics.table_name == table.name
            and (diagnostics.message_detail or "").startswith(f"Key ({column})=")
        )
    return str(driver_error) == f"UNIQUE constraint failed: {table.name}.{column}"


@contextmanager
def refusing_repeats(table: Table, column: str, request_id: object) -> Iterator[None]:
    """Writes inside raise ``DuplicateRequestId`` when ``table.column``'s unique constraint
    refuses ``request_id`` (another transaction stored it first); other errors pass through."""
    try:
        yield
    except IntegrityError as error:
        if is_duplicate_value(error, table, column):
            raise DuplicateRequestId(str(request_id)) from error
        raise


def utc_now() -> datetime:
    return datetime.now(UTC)


def value_enum(enum: type[StrEnum], name: str) -> Enum:
    """A VARCHAR with a CHECK constraint holding the enum's values, not its member names."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def latest_of(connection: Connection, queries: Iterable[Executable]) -> dict[UUID, datetime]:
    """The latest moment per id over queries answering (id, moment) rows."""
    latest: dict[UUID, datetime] = {}
    for query in queries:
        for key, at in connection.execute(query):
            if at is not None and (key not in latest or at > latest[key]):
                latest[key] = at
    return latest


def insert_rows(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], per_statement: int
) -> None:
    """``rows`` (each with the same keys) inserted ``per_statement`` at a time. On PostgreSQL one
    statement unnests an array per column: psycopg's executemany pipelines one execution per
    row, and each costs the server an executor run and the client a trip through the pipeline
    (measured in docs/entry.md); a multi-row VALUES costs SQLAlchemy a new compilation per
    batch size. Elsewhere an executemany.

    Every column with a Python-side default must be given: an INSERT … SELECT would compute
    that default once for all rows."""
    if rows and (missing := [c.name for c in table.columns if c.default and c.name not in rows[0]]):
        raise ValueError(f"insert_rows into {table.name} must be given {missing}")
    for piece in chunks(rows, per_statement):
        if connection.dialect.name != "postgresql":
            connection.execute(insert(table), piece)
            continue
        names = list(piece[0])
        arrays = [_unnested(table.c[name], [row[name] for row in piece]) for name in names]
        connection.execute(insert(table).from_select(names, select(*arrays)))


def _unnested(column: Column[Any], values: list[Any]) -> ColumnElement[Any]:
    kind = column.type
    if isinstance(kind, TypeDecorator) and isinstance(kind.impl_instance, JSON):
        raise TypeError(f"insert_rows cannot unnest {column.name}, a JSON behind a decorator")
    if isinstance(kind, JSON):  # an array of JSON would be read as nested arrays
        # None is SQL NULL where the column says so, the JSON null otherwise (as executemany).
        documents = [None if v is None and kind.none_as_null else json.dumps(v) for v in values]
        array = bindparam(f"{column.name}_all", documents, ARRAY(Text))
        return cast(func.unnest(array), kind)
    return func.unnest(bindparam(f"{column.name}_all", values, ARRAY(kind)))
