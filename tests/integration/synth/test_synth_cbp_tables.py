"""The generator's FY2021 tables match CBP's published encounters file, and so does its output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from puente.settings import load_settings
from puente.synth import generate_population
from puente.synth.demography import (
    CBP_FY2021_SOUTHWEST,
    CBP_FY2021_SOUTHWEST_MONTHLY,
    CBP_FY2021_SOUTHWEST_STATES,
    CBP_LABEL_TO_ALPHA2,
)

CBP_FILE = Path("cbp") / "cbp-nationwide-encounters-fy20-fy23-state.csv"
MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
        start=1,
    )
}
DEMOGRAPHICS = ["Single Adults", "FMUA", "UC / Single Minors", "Accompanied Minors"]


@pytest.fixture(scope="module")
def fy2021() -> pd.DataFrame:
    data = pd.read_csv(load_settings().shared_data_dir / CBP_FILE)
    # The file's Fiscal Year column already runs October–September.
    return data[
        (data["Fiscal Year"] == 2021) & (data["Land Border Region"] == "Southwest Land Border")
    ]


def test_fy2021_total_is_the_published_figure(fy2021: pd.DataFrame) -> None:
    assert fy2021["Encounter Count"].sum() == 1_734_686
    table_total = sum(sum(row[1:]) for row in CBP_FY2021_SOUTHWEST)
    assert table_total == 1_734_686


def test_citizenship_by_demographic_table_matches_the_file(fy2021: pd.DataFrame) -> None:
    sums = fy2021.groupby(["Citizenship", "Demographic"], as_index=False)["Encounter Count"].sum()
    from_file = {
        (str(c), str(d)): int(n)
        for c, d, n in sums[["Citizenship", "Demographic", "Encounter Count"]].to_numpy().tolist()
    }
    table = {row[0]: list(row[1:]) for row in CBP_FY2021_SOUTHWEST}
    assert set(table) == set(fy2021["Citizenship"])
    for label, counts in table.items():
        assert counts == [from_file.get((label, d), 0) for d in DEMOGRAPHICS], label


def test_nationality_weights_match_within_rounding(fy2021: pd.DataFrame) -> None:
    by_country = fy2021.groupby("Citizenship")["Encounter Count"].sum()
    shares = by_country / by_country.sum()
    total = sum(sum(row[1:]) for row in CBP_FY2021_SOUTHWEST)
    for label, *counts in CBP_FY2021_SOUTHWEST:
        assert sum(counts) / total == pytest.approx(shares[label], abs=5e-5), label


def test_monthly_and_state_tables_match_the_file(fy2021: pd.DataFrame) -> None:
    monthly = fy2021.groupby("Month (abbv)")["Encounter Count"].sum()
    for year, month, count in CBP_FY2021_SOUTHWEST_MONTHLY:
        abbv = next(k for k, v in MONTHS.items() if v == month)
        assert monthly[abbv] == count
        assert year == (2020 if month >= 10 else 2021)
    assert monthly["MAR"] == 173_277
    states = fy2021.groupby("State")["Encounter Count"].sum()
    assert states.to_dict() == CBP_FY2021_SOUTHWEST_STATES


def test_generated_nationality_mix_follows_the_file(fy2021: pd.DataFrame) -> None:
    pop = generate_population(60_000, seed=2021, duplicate_rate=0.0)
    generated = pop.records["nationality"].value_counts(normalize=True)
    by_country = fy2021.groupby("Citizenship")["Encounter Count"].sum()
    shares = by_country / by_country.sum()
    for label, alpha2 in CBP_LABEL_TO_ALPHA2.items():
        assert generated.get(alpha2, 0.0) == pytest.approx(shares[label], abs=0.006), label
    single = (pop.records["family_id"] == "") & ~pop.records["unaccompanied_child"]
    demographic = fy2021.groupby("Demographic")["Encounter Count"].sum() / shares.size
    expected_single = demographic["Single Adults"] / demographic.sum()
    assert single.mean() == pytest.approx(expected_single, abs=0.01)
