"""The statistics commands, driven through Typer's test runner against a temporary store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from puente.cli_groups import export_app, import_app
from puente.stats.adapters import cli as stats_cli

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rich fixes a console's width when it is made; give the tables room whatever the terminal.
    from puente.stats.adapters import cli as stats_cli

    monkeypatch.setattr(stats_cli, "console", Console(soft_wrap=True, width=200))


def _root() -> typer.Typer:
    root = typer.Typer()
    root.add_typer(import_app, name="import")
    root.add_typer(export_app, name="export")
    root.add_typer(stats_cli.app, name="stats")
    return root


def test_import_twice_then_report(tmp_path: Path, shared_data: Path) -> None:
    store = tmp_path / "cli.duckdb"
    source = shared_data / "cbp/cbp-nationwide-encounters-fy20-fy23-state.csv"
    first = runner.invoke(_root(), ["import", "cbp", str(source), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "42532 rows read" in first.output
    again = runner.invoke(_root(), ["import", "cbp", str(source), "--store", str(store)])
    assert "already imported" in again.output

    shown = runner.invoke(
        _root(),
        ["stats", "report", "encounters", "--by", "authority", "--region", "southwest",
         "--fiscal-year", "2021", "--store", str(store)],
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert "1,063,526" in shown.output
    assert "671,160" in shown.output

    output = tmp_path / "months.csv"
    written = runner.invoke(
        _root(),
        ["stats", "report", "encounters", "--by", "month", "--region", "southwest",
         "--store", str(store), "--output", str(output)],
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    rows = list(csv.reader(output.open()))
    assert rows[1] == ["#date+month", "#indicator+encounters+num"]
    assert ["2021-03", "173277"] in rows


def test_highest_since_chart_and_imports(imported_store: Path, tmp_path: Path) -> None:
    highest = runner.invoke(
        _root(),
        ["stats", "report", "highest-since", "--month", "2021-03", "--region", "southwest",
         "--store", str(imported_store)],
    )  # fmt: skip
    assert highest.exit_code == 0, highest.output
    assert "2000-04" in highest.output
    assert "usbp-apprehensions" in highest.output

    image = tmp_path / "monthly.svg"
    drawn = runner.invoke(
        _root(),
        ["stats", "chart", "monthly", "--region", "southwest", "--output", str(image),
         "--store", str(imported_store)],
    )  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    assert image.read_text().lstrip().startswith("<?xml")

    listed = runner.invoke(_root(), ["stats", "report", "imports", "--store", str(imported_store)])
    assert "usbp-apprehensions-jk" in listed.output
    rejected = runner.invoke(
        _root(), ["stats", "report", "rejected", "3", "--store", str(imported_store)]
    )
    assert "1615 rejected rows" in rejected.output
    assert "line 14: not loaded: yearly total row" in rejected.output


def test_bad_options_are_explained(imported_store: Path) -> None:
    result = runner.invoke(
        _root(),
        ["stats", "report", "encounters", "--by", "planet", "--store", str(imported_store)],
    )
    assert result.exit_code != 0
    assert "--by takes" in result.output
    missing = runner.invoke(
        _root(),
        ["stats", "report", "top-citizenships", "--fiscal-year", "1990",
         "--store", str(imported_store)],
    )  # fmt: skip
    assert missing.exit_code == 1
    assert "not found" in missing.output
