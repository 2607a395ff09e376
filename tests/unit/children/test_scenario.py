"""The March 2021 scenario on a small synthetic history: extra beds shorten custody."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from puente.children.services.scenario import ScenarioConfig, run_scenario
from puente.shared.errors import InvalidInput

HISTORY = pd.DataFrame(
    {"in_hhs": [2_000, 2_050, 2_100, 2_100], "discharged": [40, 40, 40, 40]},
    index=pd.to_datetime(["2021-03-23", "2021-03-24", "2021-03-26", "2021-03-27"]),
)
SMALL = ScenarioConfig(
    days=3, initial_in_custody=600, arrivals_per_day=100, licensed_beds=1_500, runs_per_day=2
)


def test_extra_beds_cut_hours_in_custody_and_runs_repeat() -> None:
    base = run_scenario(HISTORY, SMALL)
    extra = run_scenario(HISTORY, replace(SMALL, extra_beds=400))
    assert base.in_custody_at_end > extra.in_custody_at_end >= 0
    assert extra.transferred > base.transferred
    assert extra.mean_hours < base.mean_hours
    assert len(base.daily_in_custody) == 3
    assert 0 <= base.share_over_72h <= 1 and base.p90_hours >= base.mean_hours
    again = run_scenario(HISTORY, SMALL)  # same seed, same figures
    assert replace(again, seconds_placing=0.0) == replace(base, seconds_placing=0.0)
    with pytest.raises(InvalidInput):
        run_scenario(HISTORY, replace(SMALL, extra_beds=10, extra_tender_share=1.5))


def test_history_must_cover_the_scenario() -> None:
    with pytest.raises(InvalidInput, match="must cover"):
        run_scenario(HISTORY, ScenarioConfig(days=10))
