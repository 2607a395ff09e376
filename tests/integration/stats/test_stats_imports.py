"""Imports: hashes and counts reported, re-import changes nothing, a newer release revises."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from puente.shared.errors import InvalidInput
from puente.stats.adapters.importers import CbpEncountersParser, UsbpPdfParser
from puente.stats.adapters.store import DuckStore, open_store
from puente.stats.services.imports import file_sha256, import_release

CBP = "cbp/cbp-nationwide-encounters-fy20-fy23-state.csv"


def _southwest_month(store: DuckStore, month: str) -> int:
    return int(
        store.sql(
            "select sum(encounters) from encounter where region = 'Southwest Land Border' "
            "and month = ?::date",
            (month,),
        )[0][0]
    )


def test_import_reports_hash_counts_and_is_idempotent(tmp_path: Path, shared_data: Path) -> None:
    source = shared_data / CBP
    with open_store(tmp_path / "a.duckdb") as store:
        first = import_release(store, CbpEncountersParser(store.connection), source)
        assert not first.unchanged
        assert first.record.sha256 == file_sha256(source)
        assert first.record.rows_read == first.record.rows_loaded == 42_532
        assert first.record.rows_rejected == 0
        assert first.record.imported_at.tzinfo is not None
        again = import_release(store, CbpEncountersParser(store.connection), source)
        assert again.unchanged
        assert again.record == first.record
        assert len(store.imports()) == 1
        assert store.sql("select count(*), sum(encounters) from encounter")[0] == (
            42_532,
            sum(int(r[-1]) for r in csv.reader(source.open()) if r[-1].isdigit()),
        )


def test_newer_release_replaces_overlapping_months_and_lists_revisions(
    tmp_path: Path, shared_data: Path
) -> None:
    source = shared_data / CBP
    with source.open(newline="") as original:
        rows = list(csv.reader(original))
    header, body = rows[0], rows[1:]
    # The "newer release" covers FY2021 only: one figure revised, one cell withdrawn, one bad row.
    fy2021 = [row for row in body if row[0] == "2021"]
    revised_index = next(
        i
        for i, row in enumerate(fy2021)
        if row[2] == "MAR" and row[3] == "Southwest Land Border" and int(row[8]) > 1000
    )
    old_value = int(fy2021[revised_index][8])
    fy2021[revised_index] = [*fy2021[revised_index][:8], str(old_value + 100)]
    withdrawn = fy2021.pop()
    bad = [
        "2021",
        "FYTD",
        "MAR",
        "Southwest Land Border",
        "TX",
        "Single Adults",
        "MEXICO",
        "Title 8",
        "lots",
    ]
    newer = tmp_path / "cbp-newer.csv"
    with newer.open("w", newline="") as out:
        csv.writer(out).writerows([header, *fy2021, bad])

    with open_store(tmp_path / "b.duckdb") as store:
        import_release(store, CbpEncountersParser(store.connection), source)
        march_before = _southwest_month(store, "2021-03-01")
        april_2022 = _southwest_month(store, "2022-04-01")
        outcome = import_release(store, CbpEncountersParser(store.connection), newer)

        assert outcome.record.periods_replaced == 12
        assert outcome.record.rows_rejected == 1
        assert outcome.staged is not None
        assert outcome.staged.rejected[0].reason == "encounter count is not a whole number"
        assert outcome.staged.rejected[0].line_number == len(fy2021) + 2
        revised = {(c.period, c.old_value, c.new_value) for c in outcome.revised_cells}
        assert ("2021-03-01", old_value, old_value + 100) in revised
        assert len(outcome.revised_cells) == 2  # the revised figure and the withdrawn cell
        assert any(
            c.new_value is None and c.old_value == int(withdrawn[8]) for c in outcome.revised_cells
        )
        assert any(
            p.period == "2021-03-01" and p.new_total - p.old_total == 100
            for p in outcome.revised_periods
        )
        assert _southwest_month(store, "2021-03-01") == march_before + 100
        assert _southwest_month(store, "2022-04-01") == april_2022  # months outside untouched
        logged = store.sql(
            "select count(*) from stats_revision where import_id = ?", (outcome.record.import_id,)
        )
        assert logged == [(2,)]
        assert [r.reason for r in store.rejected_rows(outcome.record.import_id)] == [
            "encounter count is not a whole number"
        ]


def test_border_patrol_row_whose_region_total_disagrees_is_rejected(
    tmp_path: Path, shared_data: Path
) -> None:
    import gzip

    source = shared_data / "usbp/usbp_monthly_encounters_fy2000-fy2020.csv.gz"
    with gzip.open(source, "rt") as compressed:
        lines = compressed.read().splitlines()
    fields = lines[1].split("|")
    fields[1] = str(int(fields[1]) + 1)  # livermore changes, coastal_border does not
    broken = tmp_path / "usbp.csv"
    broken.write_text("\n".join([lines[0], "|".join(fields), *lines[2:]]) + "\n")
    with open_store(tmp_path / "c.duckdb") as store:
        outcome = import_release(store, UsbpPdfParser(store.connection), broken)
    assert outcome.staged is not None
    assert [(r.line_number, r.reason) for r in outcome.staged.rejected] == [
        (2, "coastal_border does not equal the sum of its sectors")
    ]
    assert outcome.record.rows_loaded == 251 * 21


def test_wrong_file_is_refused(tmp_path: Path, shared_data: Path) -> None:
    with open_store(tmp_path / "d.duckdb") as store, pytest.raises(InvalidInput):
        import_release(
            store,
            CbpEncountersParser(store.connection),
            shared_data / "usbp/nationwide_total_apprehensions_1925_2019.csv",
        )


def test_rejected_rows_of_the_compilation_are_reported(imported_store: Path) -> None:
    with open_store(imported_store, read_only=True) as store:
        record = next(r for r in store.imports() if r.series == "usbp-apprehensions-jk")
        reasons = {r.reason for r in store.rejected_rows(record.import_id)}
    assert record.rows_read == 6_487
    assert record.rows_loaded + record.rows_rejected == record.rows_read
    assert reasons == {
        "not loaded: yearly total row",
        "not loaded: region or nationwide total row",
        "no figure published (NA)",
    }


def test_sql_month_rule_matches_the_domain_rule() -> None:
    import duckdb

    from puente.stats.adapters.importers import month_start_sql
    from puente.stats.domain.fiscal import month_start

    cases = [(fiscal_year, month) for fiscal_year in (2000, 2021) for month in range(1, 13)]
    connection = duckdb.connect()
    for fiscal_year, month in cases:
        (value,) = connection.execute(
            f"select {month_start_sql(str(fiscal_year), str(month))}"
        ).fetchone() or (None,)
        assert value == month_start(fiscal_year, month)


def test_malformed_lines_are_rejected_one_by_one(tmp_path: Path, shared_data: Path) -> None:
    source = shared_data / CBP
    with source.open(newline="") as original:
        header, first, second = original.readline(), original.readline(), original.readline()
    broken = tmp_path / "broken.csv"
    broken.write_text(
        header
        + first
        + "2021,FYTD,MAR,Southwest Land Border,TX,Single Adults,MEXICO,Title 8,5,extra\n"
        + "2021,FYTD,MAR,Southwest Land Border,TX\n"
        + second
    )
    with open_store(tmp_path / "e.duckdb") as store:
        outcome = import_release(store, CbpEncountersParser(store.connection), broken)
    assert outcome.staged is not None
    assert [(r.line_number, r.reason) for r in outcome.staged.rejected] == [
        (3, "10 fields where the header has 9"),
        (4, "5 fields where the header has 9"),
    ]
    assert outcome.record.rows_read == 4
    assert outcome.record.rows_loaded == 2
