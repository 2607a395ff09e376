"""The real public files reproduce the figures CBP and the State Department published."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from puente.stats.adapters.store import DuckStore, open_store
from puente.stats.domain.series import DEMOGRAPHIC_LABELS, SOUTHWEST, Demographic
from puente.stats.services.comparisons import border_patrol_consistency, refugee_ceilings
from puente.stats.services.reports import (
    Dimension,
    Filters,
    encounters,
    highest_since_report,
    top_citizenships,
)

SOUTHWEST_FY2021 = Filters(region=SOUTHWEST, fiscal_year=2021)


@pytest.fixture
def store(imported_store: Path) -> Iterator[DuckStore]:
    with open_store(imported_store, read_only=True) as opened:
        yield opened


def test_southwest_march_2021(store: DuckStore) -> None:
    table = encounters(store, [Dimension.MONTH], SOUTHWEST_FY2021)
    assert (
        dict(zip(table.column("month"), table.column("encounters"), strict=True))["2021-03"]
        == 173_277
    )


def test_southwest_fy2021_total_and_by_authority(store: DuckStore) -> None:
    total = encounters(store, [Dimension.FISCAL_YEAR], Filters(region=SOUTHWEST))
    assert (
        dict(zip(total.column("fiscal_year"), total.column("encounters"), strict=True))[2021]
        == 1_734_686
    )
    by_authority = encounters(store, [Dimension.AUTHORITY], SOUTHWEST_FY2021)
    assert dict(
        zip(by_authority.column("authority"), by_authority.column("encounters"), strict=True)
    ) == {
        "Title 42": 1_063_526,
        "Title 8": 671_160,
    }


def test_southwest_fy2021_by_demographic(store: DuckStore) -> None:
    table = encounters(store, [Dimension.DEMOGRAPHIC], SOUTHWEST_FY2021)
    figures = dict(zip(table.column("demographic"), table.column("encounters"), strict=True))
    assert figures == {
        DEMOGRAPHIC_LABELS[Demographic.SINGLE_ADULTS]: 1_105_925,
        DEMOGRAPHIC_LABELS[Demographic.FAMILY_UNIT_MEMBERS]: 479_728,
        DEMOGRAPHIC_LABELS[Demographic.UNACCOMPANIED_CHILDREN]: 146_925,
        DEMOGRAPHIC_LABELS[Demographic.ACCOMPANIED_MINORS]: 2_108,
    }


def test_march_2021_highest_since_spring_2000_naming_both_series(store: DuckStore) -> None:
    table = highest_since_report(store, date(2021, 3, 1), SOUTHWEST)
    own, border_patrol = table.records()
    # Within all CBP encounters (from October 2019) nothing earlier was higher.
    assert own["compared_with"] == "cbp-encounters"
    assert own["like_with_like"] == "yes"
    assert own["last_higher_month"] is None
    # Against Border Patrol's FY2000–FY2020 history, the last higher month is April 2000.
    assert border_patrol["compared_with"] == "usbp-apprehensions"
    assert border_patrol["like_with_like"] == "no"
    assert border_patrol["last_higher_month"] == "2000-04"
    assert border_patrol["last_higher_value"] == 180_050
    assert any("Office of Field Operations" in note for note in table.notes)


def test_top_citizenships_fy2021(store: DuckStore) -> None:
    table = top_citizenships(store, 2021, 3, Filters(region=SOUTHWEST))
    assert table.column("citizenship") == ["MEXICO", "HONDURAS", "GUATEMALA"]
    assert table.column("encounters")[0] == 655_594


def test_border_patrol_series_agree(store: DuckStore) -> None:
    """The issue expected the two Border Patrol series to differ by ~4.7% in FY2000 and agree
    within 0.2% from FY2002. These copies of the files agree exactly in every common year,
    nationwide and at the southwest border, so the test pins what the files really say."""
    for region in (None, SOUTHWEST):
        rows = border_patrol_consistency(store, region).records()
        common = [row for row in rows if row["difference_pct"] is not None]
        assert [row["fiscal_year"] for row in common] == list(range(2000, 2020))
        differences = [float(str(row["difference_pct"])) for row in common]
        assert all(difference <= 0.2 for difference in differences)
        assert max(differences) == 0.0
    fy2000 = border_patrol_consistency(store, SOUTHWEST).records()[0]
    assert fy2000["usbp"] == fy2000["usbp_jk"] == 1_643_679


def test_refugee_ceilings_fy2021(store: DuckStore) -> None:
    yearly = {row["fiscal_year"]: row for row in refugee_ceilings(store).records()}
    assert yearly[2021]["ceiling"] == 62_500
    assert yearly[2021]["admissions"] == 11_411
    assert yearly[2022]["ceiling"] == 125_000
    regional = [
        r for r in refugee_ceilings(store, by_region=True).records() if r["fiscal_year"] == 2021
    ]
    ceilings = {row["region"]: row["ceiling"] for row in regional}
    assert ceilings == {
        "Africa": 22_000,
        "East Asia": 6_000,
        "Europe and Central Asia": 4_000,
        "Latin America/Caribbean": 5_000,
        "Near East/South Asia": 13_000,
        "Unallocated Reserve": 12_500,
        "All regions": 62_500,
    }
    assert sum(int(str(v)) for k, v in ceilings.items() if k != "All regions") == 62_500
