"""Report queries over 10 M synthetic encounter rows in DuckDB, beside the same sums in pandas.

Run: ``.venv/bin/python bench/stats_report.py [--rows 10000000]``. Rows are generated inside
DuckDB with the CBP file's dimensions (48 months, 3 regions, 48 states, 4 demographics,
22 citizenships, 2 authorities); each query is timed as the median of three runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from puente.stats.adapters.store import DuckStore, open_store  # noqa: E402
from puente.stats.domain.series import CBP_REGIONS, SOUTHWEST, Demographic  # noqa: E402
from puente.stats.services import reports  # noqa: E402

STATES = [f"S{n:02d}" for n in range(48)]
CITIZENSHIPS = [f"COUNTRY {n:02d}" for n in range(22)]


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def generate(store: DuckStore, rows: int) -> float:
    started = time.perf_counter()
    store.connection.execute(
        f"""
        insert into encounter
        select 'cbp-encounters', m, case when month(m) >= 10 then year(m) + 1 else year(m) end,
            {_list(list(CBP_REGIONS))}[1 + (hash(i, 1) % 3)::bigint],
            {_list(STATES)}[1 + (hash(i, 2) % 48)::bigint],
            {_list([d.value for d in Demographic])}[1 + (hash(i, 3) % 4)::bigint],
            {_list(CITIZENSHIPS)}[1 + (hash(i, 4) % 22)::bigint],
            ['Title 8', 'Title 42'][1 + (hash(i, 5) % 2)::bigint],
            (hash(i, 6) % 500)::integer, 0
        from (select i, date '2019-10-01' + to_months((i % 48)::integer) as m
              from range({rows}) t(i))
        """  # noqa: S608
    )
    return time.perf_counter() - started


def timed(work: Callable[[], object]) -> float:
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    arguments = parser.parse_args()
    southwest = reports.Filters(region=SOUTHWEST)
    with tempfile.TemporaryDirectory() as name, open_store(Path(name) / "bench.duckdb") as store:
        print(f"generated {arguments.rows:,} rows in {generate(store, arguments.rows):.1f} s")
        ours = {
            "by month, southwest": lambda: reports.encounters(
                store, [reports.Dimension.MONTH], southwest
            ),
            "by fiscal year × demographic": lambda: reports.encounters(
                store, [reports.Dimension.FISCAL_YEAR, reports.Dimension.DEMOGRAPHIC]
            ),
            "top 10 citizenships FY2021": lambda: reports.top_citizenships(store, 2021, 10),
            "year-on-year by demographic": lambda: reports.year_on_year(
                store, reports.Dimension.DEMOGRAPHIC, southwest
            ),
        }
        started = time.perf_counter()
        frame = (
            store.connection.sql(
                "select month, fiscal_year, region, demographic, citizenship, encounters "
                "from encounter"
            )
            .to_arrow_table()
            .to_pandas(strings_to_categorical=True)
        )
        print(
            f"baseline: loaded into pandas (categoricals) in {time.perf_counter() - started:.1f} s"
        )
        baseline: dict[str, Callable[[], object]] = {
            "by month, southwest": lambda: (
                frame[frame.region == SOUTHWEST].groupby("month", observed=True).encounters.sum()
            ),
            "by fiscal year × demographic": lambda: frame.groupby(
                ["fiscal_year", "demographic"], observed=True
            ).encounters.sum(),
            "top 10 citizenships FY2021": lambda: (
                frame[frame.fiscal_year.isin([2020, 2021])]
                .groupby(["fiscal_year", "citizenship"], observed=True)
                .encounters.sum()
                .nlargest(10)
            ),
            "year-on-year by demographic": lambda: (
                frame[frame.region == SOUTHWEST]
                .groupby(["demographic", "fiscal_year"], observed=True)
                .encounters.sum()
                .pct_change()
            ),
        }
        print(f"{'report':32} {'puente (DuckDB)':>16} {'pandas baseline':>16} {'ratio':>7}")
        for label, work in ours.items():
            mine, theirs = timed(work), timed(baseline[label])
            print(f"{label:32} {mine:>14.3f} s {theirs:>14.3f} s {mine / theirs:>7.2f}")


if __name__ == "__main__":
    main()
