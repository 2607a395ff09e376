"""``puente policy`` through Typer's test runner: explain, end, what-if, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from puente.policy.adapters.cli import app
from puente.policy.adapters.situations_csv import read_situations
from puente.shared.errors import InvalidInput

runner = CliRunner()

ENCOUNTERS = """id,at,timezone,unaccompanied_child,family_unit,encounter_kind
e1,2020-06-01T12:00,America/Tijuana,no,no,between_ports
e2,2021-07-01T12:00,America/Tijuana,no,yes,between_ports
e3,2021-07-01T12:00,America/Tijuana,yes,no,between_ports
e4,2022-12-01T09:00:00-06:00,,no,no,port_presentation
e5,2023-05-12T09:00,America/Denver,no,no,between_ports
"""


def test_explain_an_adult_and_a_child_on_15_april_2021() -> None:
    adult = runner.invoke(app, ["explain", "--date", "2021-04-15", "--json"])
    child = runner.invoke(app, ["explain", "--date", "2021-04-15", "--unaccompanied", "--json"])
    assert adult.exit_code == 0 and child.exit_code == 0, adult.output + child.output
    assert json.loads(adult.output)["authority"] == "title_42"
    found = json.loads(child.output)
    assert found["authority"] == "title_8"
    title42 = next(f for f in found["findings"] if f["policy"] == "title42")
    assert title42["verdict"] == "excepted"
    assert title42["because_of"] == ["title42-uac-practice"]


def test_explain_prints_findings_with_citations_marked_when_unverified() -> None:
    result = runner.invoke(
        app,
        [
            "explain",
            "--date",
            "2023-05-12",
            "--tz",
            "America/Denver",
            "--fact",
            "parole_process=yes",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "lawful-pathways" in result.output and "excepted" in result.output
    assert "(unverified)" in result.output


def test_explain_names_a_bad_fact_or_zone() -> None:
    bad_fact = runner.invoke(app, ["explain", "--date", "2021-04-15", "--fact", "shoe_size=42"])
    assert bad_fact.exit_code == 2 and "shoe_size" in bad_fact.output
    bad_zone = runner.invoke(app, ["explain", "--date", "2021-04-15", "--tz", "Mars/Olympus"])
    assert bad_zone.exit_code == 2 and "Mars/Olympus" in bad_zone.output
    listed = runner.invoke(app, ["explain", "--date", "2021-04-15", "--list-facts"])
    assert "scheduling_obstacle" in listed.output


def test_what_if_title_42_had_ended_on_1_june_2021(tmp_path: Path) -> None:
    other = tmp_path / "title42-early.json"
    ended = runner.invoke(
        app, ["end", "--id", "title42", "--at", "2021-06-01T00:00-04:00", "--out", str(other)]
    )
    assert ended.exit_code == 0, ended.output
    encounters = tmp_path / "encounters.csv"
    encounters.write_text(ENCOUNTERS, encoding="utf-8")
    result = runner.invoke(
        app, ["what-if", "--table", str(other), "--encounters", str(encounters), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["replayed"] == 5
    assert [c["id"] for c in report["changes"]] == ["e2", "e4"]
    assert report["authority_moves"] == [{"from": "title_42", "to": "title_8", "count": 2}]
    text = runner.invoke(app, ["what-if", "--table", str(other), "--encounters", str(encounters)])
    assert "2 would have been treated differently" in text.output


def test_end_refuses_an_unknown_policy_or_a_naive_time(tmp_path: Path) -> None:
    out = str(tmp_path / "x.json")
    unknown = runner.invoke(
        app, ["end", "--id", "nope", "--at", "2021-06-01T00:00-04:00", "--out", out]
    )
    assert unknown.exit_code == 2 and "nope" in unknown.output
    naive = runner.invoke(app, ["end", "--id", "title42", "--at", "2021-06-01T00:00", "--out", out])
    assert naive.exit_code == 2 and "offset" in naive.output


def test_list_shows_every_policy() -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "lawful-pathways" in result.output and "refugee-ceiling-fy2022" in result.output


def test_bad_encounter_rows_are_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,at,timezone,unaccompanied_child\n"
        "a,2021-07-01T12:00,,no\n"
        "b,yesterday,America/Tijuana,no\n"
        "c,2021-07-01T12:00,America/Tijuana,perhaps\n",
        encoding="utf-8",
    )
    try:
        read_situations(path)
    except InvalidInput as error:
        fields = [p.field for p in error.problems]
    else:
        raise AssertionError("bad rows were accepted")
    assert fields == ["line 2.at", "line 3.at", "line 4.unaccompanied_child"]
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("id,at,shoe_size\n", encoding="utf-8")
    result = runner.invoke(app, ["what-if", "--table", str(path), "--encounters", str(unknown)])
    assert result.exit_code == 2 and "shoe_size" in result.output
