"""The analytic store: one DuckDB file holding every imported release, its rejects and revisions.

Figures live in fact tables keyed by series and period (month or fiscal year). Loading a release
replaces the periods it covers and records, cell by cell, which published figures changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from puente.shared.errors import NotFound
from puente.stats.adapters.queries import ReportQueries
from puente.stats.services.ports import (
    FactTable,
    ImportRecord,
    PeriodRevision,
    RejectedRow,
    RevisedCell,
    StagedRelease,
)

if TYPE_CHECKING:
    import duckdb

ENCOUNTERS = FactTable(
    name="encounter",
    period_column="month",
    key_columns=("region", "state", "demographic", "citizenship", "authority"),
    value_column="encounters",
    extra_columns=("fiscal_year",),
)
APPREHENSIONS = FactTable(
    name="apprehension",
    period_column="month",
    key_columns=("region", "sector"),
    value_column="apprehensions",
    extra_columns=("fiscal_year",),
)
REFUGEE_ADMISSIONS = FactTable(
    name="refugee_admission",
    period_column="fiscal_year",
    key_columns=("region", "measure"),
    value_column="people",
    extra_columns=("ceiling_high",),
)

_SCHEMA = """
create sequence if not exists stats_import_id;
create table if not exists stats_import (
    import_id bigint primary key,
    series varchar not null,
    source_name varchar not null,
    sha256 varchar not null,
    imported_at timestamptz not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    periods_replaced integer not null,
    cells_revised integer not null
);
create table if not exists stats_rejected_row (
    import_id bigint not null, line_number bigint not null, reason varchar not null,
    raw varchar not null
);
create table if not exists stats_revision (
    import_id bigint not null, period varchar not null, cell varchar not null,
    old_value bigint, new_value bigint
);
create table if not exists encounter (
    series varchar not null, month date not null, fiscal_year smallint not null,
    region varchar not null, state varchar not null, demographic varchar not null,
    citizenship varchar not null, authority varchar not null, encounters integer not null,
    import_id bigint not null
);
create table if not exists apprehension (
    series varchar not null, month date not null, fiscal_year smallint not null,
    region varchar not null, sector varchar not null, apprehensions integer not null,
    import_id bigint not null
);
create table if not exists refugee_admission (
    series varchar not null, fiscal_year smallint not null, region varchar not null,
    measure varchar not null, people integer not null, ceiling_high integer,
    import_id bigint not null
);
"""


@dataclass
class DuckStore(ReportQueries):
    """A connection to the analytic store; the schema is created on first write."""

    connection: duckdb.DuckDBPyConnection

    def sql(self, query: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(query, list(parameters)).fetchall()

    def find_import(self, series: str, sha256: str) -> ImportRecord | None:
        rows = self.sql(
            f"select {_IMPORT_COLUMNS} from stats_import where series = ? and sha256 = ? "  # noqa: S608
            "order by import_id limit 1",
            (series, sha256),
        )
        return _record(rows[0]) if rows else None

    def imports(self) -> list[ImportRecord]:
        rows = self.sql(f"select {_IMPORT_COLUMNS} from stats_import order by import_id")  # noqa: S608
        return [_record(row) for row in rows]

    def rejected_rows(self, import_id: int) -> list[RejectedRow]:
        rows = self.sql(
            "select line_number, reason, raw from stats_rejected_row where import_id = ? "
            "order by line_number",
            (import_id,),
        )
        return [RejectedRow(int(n), str(reason), str(raw)) for n, reason, raw in rows]

    def load_release(
        self,
        table: FactTable,
        staged: StagedRelease,
        imported_at: datetime,
    ) -> tuple[ImportRecord, list[PeriodRevision], list[RevisedCell]]:
        """Replace the periods the staged release covers, in one transaction.

        ``staged.relation`` names a temporary table with the fact table's columns (without
        ``series`` and ``import_id``); ``staged.rejected`` the rows that failed validation.
        """
        connection = self.connection
        connection.execute("begin transaction")
        try:
            import_id = int(self.sql("select nextval('stats_import_id')")[0][0])
            cells = self._revised_cells(table, staged)
            periods = self._period_revisions(table, staged)
            connection.execute(
                f"delete from {table.name} where series = ? and {table.period_column} in "  # noqa: S608
                f"(select distinct {table.period_column} from {staged.relation})",
                [staged.series],
            )
            columns = ", ".join(table.columns)
            connection.execute(
                f"insert into {table.name} (series, {columns}, import_id) "  # noqa: S608
                f"select ?, {columns}, ? from {staged.relation}",
                [staged.series, import_id],
            )
            loaded = int(self.sql(f"select count(*) from {staged.relation}")[0][0])  # noqa: S608
            self._insert_many(
                "stats_rejected_row",
                [(import_id, r.line_number, r.reason, r.raw) for r in staged.rejected],
            )
            self._insert_many(
                "stats_revision",
                [(import_id, c.period, c.cell, c.old_value, c.new_value) for c in cells],
            )
            record = ImportRecord(
                import_id=import_id,
                series=staged.series,
                source_name=staged.source_name,
                sha256=staged.sha256,
                imported_at=imported_at,
                rows_read=staged.rows_read,
                rows_loaded=loaded,
                rows_rejected=len(staged.rejected),
                periods_replaced=len(periods),
                cells_revised=len(cells),
            )
            connection.execute(
                "insert into stats_import values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    record.import_id,
                    record.series,
                    record.source_name,
                    record.sha256,
                    record.imported_at,
                    record.rows_read,
                    record.rows_loaded,
                    record.rows_rejected,
                    record.periods_replaced,
                    record.cells_revised,
                ],
            )
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
        return record, [p for p in periods if p.old_total != p.new_total], cells

    def _insert_many(self, table: str, rows: list[tuple[object, ...]]) -> None:
        if rows:
            placeholders = ", ".join("?" * len(rows[0]))
            self.connection.executemany(
                f"insert into {table} values ({placeholders})",  # noqa: S608
                rows,
            )

    def _revised_cells(self, table: FactTable, staged: StagedRelease) -> list[RevisedCell]:
        """Cells of the overlapping periods whose figure differs between the two releases."""
        period = table.period_column
        keys = " || ' | ' || ".join(f"coalesce(n.{k}, o.{k})::varchar" for k in table.key_columns)
        join = " and ".join(f"o.{k} = n.{k}" for k in (period, *table.key_columns))
        rows = self.sql(
            f"""
            with overlap as (
                select distinct {period} from {table.name} where series = ?
                intersect select distinct {period} from {staged.relation}
            ), old as (
                select * from {table.name} where series = ? and {period} in (from overlap)
            ), new as (
                select * from {staged.relation} where {period} in (from overlap)
            )
            select coalesce(n.{period}, o.{period})::varchar, {keys},
                   o.{table.value_column}, n.{table.value_column}
            from old o full outer join new n on {join}
            where o.{table.value_column} is distinct from n.{table.value_column}
            order by 1, 2
            """,  # noqa: S608
            (staged.series, staged.series),
        )
        return [
            RevisedCell(str(p), str(cell), _int_or_none(old), _int_or_none(new))
            for p, cell, old, new in rows
        ]

    def _period_revisions(self, table: FactTable, staged: StagedRelease) -> list[PeriodRevision]:
        period = table.period_column
        rows = self.sql(
            f"""
            with new as (
                select {period} p, sum({table.value_column}) total
                from {staged.relation} group by 1
            ), old as (
                select {period} p, sum({table.value_column}) total from {table.name}
                where series = ? group by 1
            )
            select new.p::varchar, old.total, new.total from new join old using (p) order by 1
            """,  # noqa: S608
            (staged.series,),
        )
        return [PeriodRevision(str(p), int(old), int(new)) for p, old, new in rows]


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(str(value))


# DuckDB hands back timestamptz values through pytz, which Puente does not depend on, so the
# instant travels as epoch microseconds and becomes an aware UTC datetime here.
_IMPORT_COLUMNS = (
    "import_id, series, source_name, sha256, epoch_us(imported_at), rows_read, rows_loaded, "
    "rows_rejected, periods_replaced, cells_revised"
)


def _record(row: tuple[Any, ...]) -> ImportRecord:
    values = list(row)
    values[4] = datetime.fromtimestamp(values[4] / 1_000_000, UTC)
    return ImportRecord(*values)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    import duckdb  # with the first statistics request, not with every worker's start-up

    if read_only and not path.exists():
        raise NotFound("analytic store", str(path))
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        connection.execute(_SCHEMA)
    return connection


@contextmanager
def open_store(path: Path, read_only: bool = False) -> Iterator[DuckStore]:
    connection = connect(path, read_only=read_only)
    try:
        yield DuckStore(connection)
    finally:
        connection.close()
