"""Average time in custody estimated from daily flows with Little's law.

Average stay ≈ average census ÷ average daily outflow over the same window. For border custody
the census is "Children in CBP custody" and the outflow "Children transferred out of CBP
custody"; for HHS care, "Children in HHS Care" and "Children discharged from HHS Care".
"""

from __future__ import annotations

import pandas as pd

FLOWS = {
    "cbp": ("in_cbp", "transferred_out"),
    "hhs": ("in_hhs", "discharged"),
}


def average_stay_days(series: pd.DataFrame, system: str, window: str = "28D") -> pd.Series:
    """Rolling Little's-law stay in days; the window is in calendar time because HHS reports
    some days and not others (weekends, holidays)."""
    census_column, outflow_column = FLOWS[system]
    both = series[[census_column, outflow_column]].dropna()
    rolled = both.rolling(window).mean()
    stay: pd.Series = rolled[census_column] / rolled[outflow_column].where(
        rolled[outflow_column] > 0
    )
    return stay.dropna()


def period_average_stay_days(series: pd.DataFrame, system: str, start: str, end: str) -> float:
    """One Little's-law figure for a whole period (both ends included)."""
    census_column, outflow_column = FLOWS[system]
    both = series.loc[start:end, [census_column, outflow_column]].dropna()
    if both.empty or both[outflow_column].mean() <= 0:
        return float("nan")
    return float(both[census_column].mean() / both[outflow_column].mean())
