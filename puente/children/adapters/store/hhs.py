"""DuckDB store for the HHS daily series: one row per source and day, every problem by line,
and a combined series that takes each figure from the newest import that has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from puente.children.adapters.hhs import VALUE_COLUMNS, ParsedFile
from puente.settings import Settings

_SCHEMA = """
create sequence if not exists hhs_import_id;
create table if not exists hhs_import (
    import_id bigint primary key, source_name varchar not null, sha256 varchar not null,
    imported_at timestamptz not null, rows_read integer not null, rows_loaded integer not null,
    rows_held_out integer not null, problems integer not null
);
create table if not exists hhs_problem (
    import_id bigint not null, line_number integer not null, kind varchar not null,
    column_name varchar, detail varchar not null
);
create table if not exists hhs_daily (
    import_id bigint not null, source_name varchar not null, day date not null,
    line_number integer not null, apprehended integer, in_cbp integer,
    transferred_out integer, in_hhs integer, discharged integer,
    primary key (source_name, day)
);
"""
# Built once from the fixed column names above, never from input.
_CASTS = ", ".join(f"cast({c} as integer)" for c in VALUE_COLUMNS)
_INSERT_DAILY = (
    f"insert into hhs_daily select import_id, source_name, day, line_number, {_CASTS} from incoming"  # noqa: S608
)
_PICKS = ", ".join(
    f"arg_max({c}, import_id) filter (where {c} is not null) as {c}" for c in VALUE_COLUMNS
)
_SERIES = f"select day, {_PICKS} from hhs_daily group by day order by day"  # noqa: S608
_CHECKS = " or ".join(f"a.{c} <> b.{c}" for c in VALUE_COLUMNS)
_DISAGREEMENTS = (
    "select a.day, a.source_name as source_a, a.line_number as line_a, "  # noqa: S608
    "b.source_name as source_b, b.line_number as line_b from hhs_daily a "
    "join hhs_daily b on a.day = b.day and a.source_name < b.source_name "
    f"where {_CHECKS} order by a.day"
)


@dataclass(frozen=True)
class ImportSummary:
    import_id: int
    source_name: str
    rows_read: int
    rows_loaded: int
    rows_held_out: int
    problems: int


def children_analytics_path(settings: Settings) -> Path:
    """A sibling of the stats store, so the two contexts never hold each other's file lock."""
    return settings.analytics_path.with_name("children.duckdb")


class HhsStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = duckdb.connect(str(self.path))
        try:
            connection.execute(_SCHEMA)
            yield connection
        finally:
            connection.close()

    def load(self, parsed: ParsedFile) -> ImportSummary:
        """Replace this source's rows with the parsed file's kept rows, in one transaction."""
        with self.connect() as db:
            db.execute("begin")
            (next_id,) = db.execute("select nextval('hhs_import_id')").fetchall()[0]
            import_id = int(next_id)
            db.execute("delete from hhs_daily where source_name = ?", [parsed.source_name])
            rows = pd.DataFrame(
                [
                    {
                        "import_id": import_id,
                        "source_name": parsed.source_name,
                        "day": r.day,
                        "line_number": r.line,
                        **r.values,
                    }
                    for r in parsed.rows
                ],
                columns=["import_id", "source_name", "day", "line_number", *VALUE_COLUMNS],
            )
            db.register("incoming", rows)
            db.execute(_INSERT_DAILY)
            db.unregister("incoming")
            db.executemany(
                "insert into hhs_problem values (?, ?, ?, ?, ?)",
                [[import_id, p.line, p.kind.value, p.column, p.detail] for p in parsed.problems],
            )
            summary = ImportSummary(
                import_id,
                parsed.source_name,
                parsed.rows_read,
                len(parsed.rows),
                len(parsed.held_out),
                len(parsed.problems),
            )
            db.execute(
                "insert into hhs_import values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    import_id,
                    parsed.source_name,
                    parsed.sha256,
                    datetime.now(UTC),
                    summary.rows_read,
                    summary.rows_loaded,
                    summary.rows_held_out,
                    summary.problems,
                ],
            )
            db.execute("commit")
        return summary

    def series(self) -> pd.DataFrame:
        """One row per day; each figure from the newest import that reported it."""
        with self.connect() as db:
            frame: pd.DataFrame = db.execute(_SERIES).df()
        frame["day"] = pd.to_datetime(frame["day"])
        return frame.set_index("day")

    def disagreements(self) -> pd.DataFrame:
        """Days on which two sources give different non-blank figures for the same column."""
        with self.connect() as db:
            frame: pd.DataFrame = db.execute(_DISAGREEMENTS).df()
        return frame

    def problems(self, source_name: str) -> pd.DataFrame:
        with self.connect() as db:
            frame: pd.DataFrame = db.execute(
                "select line_number, kind, column_name, detail from hhs_problem where "
                "import_id = (select max(import_id) from hhs_import where source_name = ?) "
                "order by line_number, kind",
                [source_name],
            ).df()
        return frame
