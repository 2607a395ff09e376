"""Rows inserted in bulk on both engines read back as they were written, past one statement's
rows, and a key stored twice still fails as a unique violation; a keyed engine uses indexes and
keeps the options its URL gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    create_engine,
    select,
)
from sqlalchemy.exc import IntegrityError

from puente.shared.db import UTCDateTime, insert_rows, keyed_engine, value_enum


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


bulk = Table(
    "test_bulk_rows",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("name", String(20)),
    Column("owner", Uuid),
    Column("at", UTCDateTime),
    Column("colour", value_enum(Colour, "test_bulk_colour")),
    Column("history", JSON),
    Column("note", JSON(none_as_null=True)),
    Column("token", Uuid, default=uuid4),
)


@pytest.fixture
def table(engine: Engine) -> Iterator[Table]:
    bulk.create(engine)
    yield bulk
    bulk.drop(engine)


def _rows(count: int) -> list[dict[str, Any]]:
    at = datetime(2026, 11, 24, 1, 30, tzinfo=timezone(timedelta(hours=-7)))
    return [
        {
            "id": i,
            "name": None if i % 2 else f"row {i}",
            "owner": None if i % 3 else uuid4(),
            "at": at + timedelta(minutes=i),
            "colour": Colour.RED if i % 2 else Colour.GREEN,
            "history": [[f"2026-11-{i + 1:02d}", "open"], {"note": None, "n": i}],
            "note": None if i % 2 else {"n": i},
            "token": uuid4(),
        }
        for i in range(count)
    ]


def test_rows_inserted_in_bulk_read_back_as_written_past_one_statement(
    engine: Engine, table: Table
) -> None:
    rows = _rows(7)
    with engine.begin() as connection:
        insert_rows(connection, table, rows, per_statement=3)
    with engine.connect() as connection:
        stored = [row._asdict() for row in connection.execute(select(table).order_by(table.c.id))]
    assert stored == [{**row, "at": row["at"].astimezone(UTC)} for row in rows]


def test_a_key_inserted_twice_in_bulk_is_a_unique_violation(engine: Engine, table: Table) -> None:
    with engine.begin() as connection:
        insert_rows(connection, table, _rows(2), per_statement=10)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        insert_rows(connection, table, _rows(3), per_statement=10)


def test_a_keyed_engine_looks_rows_up_by_index_while_the_table_seems_small(
    engine: Engine, table: Table
) -> None:
    keyed = keyed_engine(engine, pool_size=1)
    if engine.dialect.name != "postgresql":
        assert keyed is engine
        return
    with engine.begin() as connection:  # analysed empty, as before a first rush, then filled
        connection.exec_driver_sql("ANALYZE test_bulk_rows")
        insert_rows(connection, table, _rows(5), per_statement=10)
    lookup = "EXPLAIN SELECT name FROM test_bulk_rows WHERE id = 3"
    try:
        with engine.connect() as connection:
            assert "Seq Scan" in " ".join(connection.exec_driver_sql(lookup).scalars())
        with keyed.connect() as connection:
            assert "Index Scan" in " ".join(connection.exec_driver_sql(lookup).scalars())
    finally:
        keyed.dispose()


def test_a_column_defaulted_in_python_must_be_given(engine: Engine, table: Table) -> None:
    # One INSERT … SELECT would compute the default once, giving every row the same token.
    rows = [{k: v for k, v in row.items() if k != "token"} for row in _rows(2)]
    with pytest.raises(ValueError, match="token"), engine.begin() as connection:
        insert_rows(connection, table, rows, per_statement=10)


def test_a_keyed_engine_keeps_the_options_of_its_url(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return
    url = engine.url.update_query_dict({"options": "-c work_mem=7MB"})
    configured = create_engine(url)
    keyed = keyed_engine(configured, pool_size=1)
    try:
        with keyed.connect() as connection:
            shown = [
                connection.exec_driver_sql(f"SHOW {s}").scalar()
                for s in ("work_mem", "enable_seqscan")
            ]
        assert shown == ["7MB", "off"]
    finally:
        keyed.dispose()
        configured.dispose()
