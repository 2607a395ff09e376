"""``puente synth generate`` writes the same files the Python API produces."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from puente.synth import generate_population, read_population
from puente.synth.cli import app

runner = CliRunner()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_generate_people_writes_records_truth_and_noise(tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(
        app,
        ["generate", "--people", "300", "--seed", "7", "--out-dir", str(tmp_path), "--format", fmt],
    )
    assert result.exit_code == 0, result.output
    back = read_population(
        tmp_path / f"records.{fmt}", tmp_path / f"truth.{fmt}", tmp_path / f"noise.{fmt}"
    )
    expected = generate_population(300, seed=7)
    assert back.records.equals(expected.records)
    assert back.truth.equals(expected.truth)
    assert back.noise.equals(expected.noise)


def test_generate_records_sizes_the_population(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--records", "2000", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = read_population(tmp_path / "records.csv", tmp_path / "truth.csv").records
    assert abs(len(records) - 2000) < 100


def test_people_and_records_are_mutually_exclusive(tmp_path: Path) -> None:
    both = ["generate", "--people", "5", "--records", "5", "--out-dir", str(tmp_path)]
    assert runner.invoke(app, both).exit_code != 0
    assert runner.invoke(app, ["generate", "--out-dir", str(tmp_path)]).exit_code != 0
