"""The entry CLI on files (through Typer's runner) and the MPP wind-down simulation."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from puente.entry.adapters.cli import app
from puente.entry.domain.lottery import requests_digest
from puente.entry.domain.policy import AllocationPolicy
from puente.entry.services.simulation import MppScenario, simulate_mpp

runner = CliRunner()


def test_make_requests_then_allocate_writes_every_output(tmp_path: Path) -> None:
    files, out = tmp_path / "files", tmp_path / "run"
    made = runner.invoke(
        app, ["make-requests", "--count", "3000", "--date", "2023-06-01", "--out", str(files)]
    )
    assert made.exit_code == 0, made.output
    published = hashlib.sha256(b"reveal-me").hexdigest()
    args = [
        "allocate-files",
        "--requests",
        str(files / "requests.parquet"),
        "--capacity",
        str(files / "capacity.csv"),
        "--commitment",
        "reveal-me",
        "--expect-commitment",
        published,
        "--date",
        "2023-06-01",
        "--out",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    run = json.loads((out / "run.json").read_text())
    assert run["commitment"] == published and run["requests"] == 3000
    ids = pd.read_parquet(files / "requests.parquet")["request_id"]
    assert run["requests_digest"] == requests_digest(ids)
    appointments = pd.read_parquet(out / "appointments.parquet")
    explanations = pd.read_parquet(out / "explanations.parquet")
    assert len(explanations) == 3000 and explanations["request_id"].is_unique
    assert appointments.groupby("port")["party_size"].sum().max() <= 160
    by_port = pd.read_csv(out / "fairness_by_port.csv")
    assert (by_port["persons"] <= by_port["capacity"]).all()
    again = runner.invoke(app, [*args[:-1], str(tmp_path / "again")])
    assert again.exit_code == 0
    rerun = pd.read_parquet(tmp_path / "again" / "appointments.parquet")
    pd.testing.assert_frame_equal(rerun, appointments)  # anyone re-running gets the same draw


def test_allocate_refuses_a_secret_that_does_not_match_the_commitment(tmp_path: Path) -> None:
    runner.invoke(
        app, ["make-requests", "--count", "50", "--date", "2023-06-01", "--out", str(tmp_path)]
    )
    result = runner.invoke(
        app,
        [
            "allocate-files",
            "--requests",
            str(tmp_path / "requests.parquet"),
            "--capacity",
            str(tmp_path / "capacity.csv"),
            "--commitment",
            "changed-my-mind",
            "--expect-commitment",
            hashlib.sha256(b"reveal-me").hexdigest(),
            "--date",
            "2023-06-01",
        ],
    )
    assert result.exit_code == 2
    assert "does not match" in result.output


def test_policy_command_prints_a_policy_that_reads_back() -> None:
    result = runner.invoke(app, ["policy", "--mpp"])
    assert result.exit_code == 0
    assert AllocationPolicy.from_dict(json.loads(result.output)).name == "mpp-wind-down"


def test_simulate_mpp_command_reports_the_wind_down(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate-mpp", "--people", "3000", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "backlog cleared on" in result.output
    assert (tmp_path / "daily.csv").exists() and (tmp_path / "order.csv").exists()


def test_the_simulation_serves_everyone_camp_and_most_vulnerable_first() -> None:
    result = simulate_mpp(MppScenario(people=4000, camp_people=300, early_signups=2000))
    daily = result.daily
    assert (daily["placed"] <= daily["capacity"]).all()
    assert result.cleared_on is not None
    assert int(daily["entered"].sum()) >= 4000
    median_day = dict(zip(result.order["class"], result.order["median_day"], strict=True))
    assert median_day["1 Matamoros camp"] < median_day["3 others returned in 2019"]
    vulnerability = result.waits[result.waits["dimension"] == "vulnerability"]
    wait = dict(zip(vulnerability["group"], vulnerability["wait_median_days"], strict=True))
    assert wait["urgent_medical"] < wait["none"]
    assert result.scenario.start == date(2021, 2, 19)


def test_keygen_passes_from_allocate_and_offline_verification(tmp_path: Path) -> None:
    keys, files, out = tmp_path / "keys", tmp_path / "files", tmp_path / "run"
    assert runner.invoke(app, ["keygen", "--out", str(keys)]).exit_code == 0
    assert runner.invoke(app, ["keygen", "--out", str(keys)]).exit_code == 2  # never overwritten
    runner.invoke(
        app, ["make-requests", "--count", "400", "--date", "2023-06-01", "--out", str(files)]
    )
    result = runner.invoke(
        app,
        [
            "allocate-files",
            "--requests",
            str(files / "requests.parquet"),
            "--capacity",
            str(files / "capacity.csv"),
            "--commitment",
            "x",
            "--date",
            "2023-06-01",
            "--out",
            str(out),
            "--signing-key",
            str(keys / "pass-signing-key.pem"),
        ],
    )
    assert result.exit_code == 0, result.output
    passes = pd.read_parquet(out / "passes.parquet")
    appointments = pd.read_parquet(out / "appointments.parquet")
    assert passes["request_id"].tolist() == appointments["request_id"].tolist()
    public = str(keys / "pass-public-keys.txt")
    token = passes["pass"].iloc[0]
    ok = runner.invoke(app, ["verify-pass", token, "--public-keys", public, "--at", "2023-06-01"])
    assert ok.exit_code == 0 and "valid" in ok.output
    late = runner.invoke(app, ["verify-pass", token, "--public-keys", public, "--at", "2023-06-03"])
    assert late.exit_code == 2 and "expired" in late.output
