"""The HHS daily files as published: the dirty one's problems by line, clean rows imported."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from puente.children.adapters.chart_types import ChartFormat, ChartKind
from puente.children.adapters.charts import chart
from puente.children.adapters.hhs import ProblemKind, parse
from puente.children.adapters.store.hhs import HhsStore
from puente.children.services.flows import period_average_stay_days
from puente.settings import load_settings

HHS = load_settings().shared_data_dir / "hhs"
CLEAN = HHS / "mihirg42_HHS_Unaccompanied_Alien_Children_Program.csv"
DIRTY = HHS / "srinandhini1110_HHS_Unaccompanied_Alien_Children_Program.csv"


def test_dirty_file_reports_each_kind_of_problem_with_its_line() -> None:
    parsed = parse(DIRTY)
    kinds = Counter(p.kind for p in parsed.problems)
    assert kinds[ProblemKind.HEADER_VARIANT] == 1  # "…placed in CBP custody*"
    assert kinds[ProblemKind.CONFLICTING_DUPLICATE] == 20  # 10 dates, both copies each
    assert kinds[ProblemKind.OUT_OF_ORDER] == 14
    assert kinds[ProblemKind.BLANK_CELLS] == 701  # CBP columns blank before 31 Jan 2024
    assert kinds[ProblemKind.SUSPECT_JUMP] == 1  # 19,920 in care on 15 Jul 2021, kept
    lines = {(p.line, p.kind) for p in parsed.problems}
    assert (192, ProblemKind.CONFLICTING_DUPLICATE) in lines  # 2 Jan 2022, also line 439
    assert (439, ProblemKind.OUT_OF_ORDER) in lines  # "January 02 2022" after 29 Dec 2022
    assert (199, ProblemKind.OUT_OF_ORDER) in lines  # "January 11 2021" among 2022 rows
    assert (80, ProblemKind.SUSPECT_JUMP) in lines
    assert len(parsed.held_out) == 24
    assert len(parsed.rows) == 1_314 - 24
    days = [r.day for r in parsed.rows]
    assert days == sorted(days) and len(set(days)) == len(days)
    held = {r.line for r in parsed.held_out}
    assert {192, 199, 439} <= held


def test_clean_file_has_only_trailing_blank_rows() -> None:
    parsed = parse(CLEAN)
    assert parsed.kinds() == {ProblemKind.BLANK_ROW}
    assert all(p.detail == "trailing blank row" for p in parsed.problems)
    assert len(parsed.problems) == 450 and len(parsed.rows) == 720


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> HhsStore:
    store = HhsStore(tmp_path_factory.mktemp("children") / "children.duckdb")
    for path in (CLEAN, DIRTY):
        store.load(parse(path))
    return store


def test_both_files_import_agree_and_reproduce_published_figures(store: HhsStore) -> None:
    series = store.series()
    assert store.disagreements().empty
    assert series.loc["2021-04-11", "in_hhs"] == 18_027  # domain.md 13
    # CBP figures for 2023 come from the clean file where the dirty one is blank.
    assert series.loc["2023-06-01":"2023-06-30", "in_cbp"].notna().all()
    assert series["in_cbp"].isna()[pd.Timestamp("2021-04-11")]
    problems = store.problems(DIRTY.name)
    assert set(problems["kind"]) >= {
        k.value
        for k in (
            ProblemKind.OUT_OF_ORDER,
            ProblemKind.CONFLICTING_DUPLICATE,
            ProblemKind.BLANK_CELLS,
        )
    }
    again = store.load(parse(DIRTY))  # re-import replaces the source's rows
    assert again.rows_loaded == 1_290 and len(store.series()) == len(series)


def test_littles_law_and_charts(store: HhsStore, tmp_path: Path) -> None:
    series = store.series()
    hhs_days = period_average_stay_days(series, "hhs", "2021-03-23", "2021-05-31")
    assert 30 < hhs_days < 60  # a growing census overstates the stay; domain.md 13 says 34
    cbp_hours = period_average_stay_days(series, "cbp", "2024-02-01", "2024-12-31") * 24
    assert 20 < cbp_hours < 72
    png = chart(series, ChartKind.CUSTODY, ChartFormat.PNG)
    assert png.startswith(b"\x89PNG")
    assert b"<svg" in chart(series, ChartKind.STAY, ChartFormat.SVG)[:500]
