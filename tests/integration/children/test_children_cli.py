"""``puente children`` commands through Typer's CliRunner against the children app itself."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from puente.children.adapters.cli import app
from puente.settings import load_settings

runner = CliRunner()
HHS = load_settings().shared_data_dir / "hhs"
DIRTY = HHS / "srinandhini1110_HHS_Unaccompanied_Alien_Children_Program.csv"


def test_import_report_and_charts(tmp_path: Path) -> None:
    db = tmp_path / "children.duckdb"
    problems = tmp_path / "problems.csv"
    result = runner.invoke(
        app, ["import-hhs", str(DIRTY), "--db", str(db), "--problems-out", str(problems)]
    )
    assert result.exit_code == 0, result.output
    assert "conflicting_duplicate" in result.output and "out_of_order" in result.output
    assert "192" in result.output
    assert len(problems.read_text().splitlines()) == 1 + 737
    for kind, fmt in (("custody", "svg"), ("stay", "png")):
        out = tmp_path / f"{kind}.{fmt}"
        result = runner.invoke(
            app, ["chart", "--kind", kind, "--format", fmt, "--out", str(out), "--db", str(db)]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1_000


def _files(tmp_path: Path) -> tuple[Path, Path]:
    queue = tmp_path / "queue.csv"
    queue.write_text(
        "id,sex,age,encountered_at,facility,latitude,longitude,sibling_group,special_needs,bases\n"
        "a,F,14,2021-03-28T01:30:00-06:00,El Paso,31.76,-106.49,g1,,\n"
        "b,F,15,2021-03-28T01:30:00-06:00,El Paso,31.76,-106.49,g1,,\n"
        "c,M,8,2021-03-27T10:00:00-05:00,Donna,26.17,-98.05,,medical,\n"
    )
    providers = tmp_path / "providers.json"
    providers.write_text(
        json.dumps(
            [
                {
                    "id": "foster",
                    "name": "Foster SA",
                    "kind": "transitional_foster_care",
                    "licence": "licensed",
                    "latitude": 29.4,
                    "longitude": -98.5,
                    "free": {"F 13-15": 1},
                },
                {
                    "id": "shelter",
                    "name": "Shelter EP",
                    "kind": "shelter",
                    "licence": "licensed",
                    "latitude": 31.8,
                    "longitude": -106.4,
                    "free": {"F 13-15": 2, "M 6-12": 1},
                },
            ]
        )
    )
    return queue, providers


def test_place_explains_and_reports_the_shortfall(tmp_path: Path) -> None:
    queue, providers = _files(tmp_path)
    out = tmp_path / "explanations.csv"
    result = runner.invoke(
        app,
        [
            "place",
            "--queue",
            str(queue),
            "--providers",
            str(providers),
            "--now",
            "2021-03-29T12:00:00+00:00",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "placed 2 of 3" in result.output
    assert "1 placed together" in result.output
    lines = out.read_text().splitlines()
    assert any(line.startswith("a,shelter,") and "sibling" in line for line in lines)
    assert any(line.startswith("c,,") and "needs not served: medical" in line for line in lines)
    assert "M 6–12" in result.output or "boys 6–12" in result.output


def test_place_reports_bad_rows_by_line(tmp_path: Path) -> None:
    queue, providers = _files(tmp_path)
    queue.write_text(queue.read_text().replace("2021-03-27T10:00:00-05:00", "2021-03-27 10:00"))
    result = runner.invoke(app, ["place", "--queue", str(queue), "--providers", str(providers)])
    assert result.exit_code == 2
    assert "line 4" in result.output and "time zone" in result.output


def test_scenario_runs_with_and_without_extra_beds() -> None:
    result = runner.invoke(app, ["scenario-march-2021", "--extra-beds", "2000", "--days", "1"])
    assert result.exit_code == 0, result.output
    assert "2,000" in result.output and "> 72 h" in result.output
