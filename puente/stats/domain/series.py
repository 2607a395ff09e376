"""The published series Puente imports, their vocabularies, and like-with-like comparison rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from puente.stats.domain.fiscal import Period


class Series(StrEnum):
    """Each published series; figures of different series are never mixed silently."""

    CBP_ENCOUNTERS = "cbp-encounters"
    USBP_APPREHENSIONS = "usbp-apprehensions"
    USBP_APPREHENSIONS_JK = "usbp-apprehensions-jk"
    REFUGEE_ADMISSIONS = "refugee-admissions"
    REFUGEE_REGIONS = "refugee-regions"


SERIES_DESCRIPTIONS: dict[Series, str] = {
    Series.CBP_ENCOUNTERS: (
        "All CBP encounters (Border Patrol apprehensions plus Office of Field Operations "
        "inadmissibles), CBP nationwide encounters release, FY2020 onward"
    ),
    Series.USBP_APPREHENSIONS: (
        "Border Patrol apprehensions only, by sector, from CBP's FY2000–FY2020 monthly PDF"
    ),
    Series.USBP_APPREHENSIONS_JK: (
        "Border Patrol apprehensions only, by sector, FY2000–FY2019 compilation of CBP tables"
    ),
    Series.REFUGEE_ADMISSIONS: "Refugee ceiling and admissions by fiscal year (MPI / WRAPS)",
    Series.REFUGEE_REGIONS: "Refugee ceilings and admissions by region (State/PRM report)",
}

# The CBP file's land border regions; Border Patrol sectors are mapped onto the same names.
SOUTHWEST = "Southwest Land Border"
NORTHERN = "Northern Land Border"
COASTAL = "Coastal Border"
OTHER = "Other"
CBP_REGIONS = (SOUTHWEST, NORTHERN, OTHER)

SECTOR_REGIONS: dict[str, str] = {
    **dict.fromkeys(("livermore", "miami", "new_orleans", "ramey"), COASTAL),
    **dict.fromkeys(
        ("blaine", "buffalo", "detroit", "grand_forks", "havre", "houlton", "spokane", "swanton"),
        NORTHERN,
    ),
    **dict.fromkeys(
        (
            "big_bend",
            "del_rio",
            "el_centro",
            "el_paso",
            "laredo",
            "rio_grande_valley",
            "san_diego",
            "tucson",
            "yuma",
        ),
        SOUTHWEST,
    ),
}
# The PDF series repeats each region's total next to its sectors; used only as a check.
REGION_TOTAL_COLUMNS: dict[str, str] = {
    "coastal_border": COASTAL,
    "northern_border": NORTHERN,
    "southwest_border": SOUTHWEST,
}


class Demographic(StrEnum):
    SINGLE_ADULTS = "Single Adults"
    FAMILY_UNIT_MEMBERS = "FMUA"
    UNACCOMPANIED_CHILDREN = "UC / Single Minors"
    ACCOMPANIED_MINORS = "Accompanied Minors"


DEMOGRAPHIC_LABELS: dict[Demographic, str] = {
    Demographic.SINGLE_ADULTS: "Single adults",
    Demographic.FAMILY_UNIT_MEMBERS: "Family-unit members",
    Demographic.UNACCOMPANIED_CHILDREN: "Unaccompanied children",
    Demographic.ACCOMPANIED_MINORS: "Accompanied minors",
}

DEMOGRAPHIC_SLUGS: dict[str, Demographic] = {
    "single-adults": Demographic.SINGLE_ADULTS,
    "family-unit-members": Demographic.FAMILY_UNIT_MEMBERS,
    "unaccompanied-children": Demographic.UNACCOMPANIED_CHILDREN,
    "accompanied-minors": Demographic.ACCOMPANIED_MINORS,
}
REGION_SLUGS: dict[str, str] = {
    "southwest": SOUTHWEST,
    "northern": NORTHERN,
    "coastal": COASTAL,
    "other": OTHER,
}

TITLE_8 = "Title 8"
TITLE_42 = "Title 42"
AUTHORITIES = (TITLE_8, TITLE_42)

# Title 42 expulsions: CDC order of 20 Mar 2020 applied from 21 Mar 2020 until it ended on
# 11 May 2023 (domain.md point 6). Used for chart shading; the policy context owns the rule.
TITLE_42_PERIOD = Period(date(2020, 3, 21), date(2023, 5, 11))


@dataclass(frozen=True)
class MonthValue:
    month: date
    value: int


@dataclass(frozen=True)
class HighestSince:
    """How a month's figure ranks against an earlier history, naming both series."""

    month: date
    value: int
    series: Series
    compared_with: Series
    last_higher: MonthValue | None  # the latest earlier month with a higher figure, if any
    history_start: date
    months_compared: int

    @property
    def like_with_like(self) -> bool:
        return self.series is self.compared_with

    def reading(self) -> str:
        """The comparison as one sentence that names both series."""
        month = self.month.isoformat()[:7]
        subject = f"{month}, {self.value:,} ({self.series.value})"
        if self.last_higher is None:
            start = self.history_start.isoformat()[:7]
            return f"{subject}: highest in {self.compared_with.value} since it starts ({start})"
        since = self.last_higher.month.isoformat()[:7]
        return (
            f"{subject}: highest since {since} in {self.compared_with.value} "
            f"({self.last_higher.value:,} then)"
        )


def highest_since(
    month: date,
    value: int,
    series: Series,
    history: Sequence[MonthValue],
    compared_with: Series,
) -> HighestSince:
    """Find the last month before ``month`` whose figure exceeded ``value``.

    The history may come from another series (e.g. Border Patrol apprehensions before FY2020);
    the result names both so that nobody reads an all-CBP figure as a Border Patrol record.
    """
    earlier = sorted((point for point in history if point.month < month), key=lambda p: p.month)
    if not earlier:
        raise ValueError(f"no history before {month} to compare with")
    higher = [point for point in earlier if point.value > value]
    return HighestSince(
        month=month,
        value=value,
        series=series,
        compared_with=compared_with,
        last_higher=higher[-1] if higher else None,
        history_start=earlier[0].month,
        months_compared=len(earlier),
    )


def percent_change(previous: int | None, current: int) -> float | None:
    """Change from ``previous`` to ``current`` in percent; None when there is no base."""
    if previous is None or previous == 0:
        return None
    return (current - previous) / previous * 100.0


def relative_difference(a: int, b: int) -> float:
    """|a − b| relative to the larger figure, used for cross-series consistency checks."""
    largest = max(abs(a), abs(b))
    return 0.0 if largest == 0 else abs(a - b) / largest
