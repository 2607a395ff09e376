"""The policy table as data: loading, validation, adding and ending policies without code."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from puente.policy.adapters.table_file import (
    DEFAULT_TABLE,
    FileTableSource,
    dump_table,
    load_table,
    parse_table,
    save_table,
)
from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import Verdict, explain
from puente.policy.domain.table import Citation, Policy, PolicyKind
from puente.shared.errors import InvalidInput, NotFound

EASTERN = ZoneInfo("America/New_York")


def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DEFAULT_TABLE.read_text(encoding="utf-8"))
    return loaded


def test_the_shipped_table_round_trips_through_its_file_format(tmp_path: Path) -> None:
    table = load_table()
    assert parse_table(dump_table(table)) == table
    save_table(table, tmp_path / "copy.json")
    assert FileTableSource(tmp_path / "copy.json").load() == table


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["policies"][0].update(effective_from="2020-03-21T00:00:00"), "effective_from"),
        (lambda d: d["policies"][2].update(target="no-such-policy"), "policies.2.target"),
        (lambda d: d["policies"][2].update(conditions=[{"shoe_size": [True]}]), "shoe_size"),
        (
            lambda d: d["policies"][2].update(conditions=[{"unaccompanied_child": ["maybe"]}]),
            "unaccompanied_child",
        ),
        (lambda d: d["policies"][1].update(citations=[]), "policies.1.citations"),
        (lambda d: d["policies"][1].update(effective_until="2019-01-01T00:00:00-05:00"), "until"),
        (lambda d: d["policies"][-1]["figures"].update(africa=1), "figures"),
        (lambda d: d["policies"].append(dict(d["policies"][0])), "used twice"),
        (lambda d: d.update(format="something-else"), "format"),
        (lambda d: d["policies"][0].update(kind="decree"), "kind"),
    ],
)
def test_a_bad_table_is_refused_with_the_place_of_each_problem(change: Any, field: str) -> None:
    doc = document()
    change(doc)
    with pytest.raises(InvalidInput, match=field):
        parse_table(doc)


def test_a_policy_added_as_data_is_applied_with_no_code_change() -> None:
    # A hypothetical exception, over facts the rules already know.
    table = load_table().adding(
        Policy(
            id="title42-families-exception",
            name="Families with young children excepted (hypothetical)",
            kind=PolicyKind.EXCEPTION,
            effective_from=datetime(2021, 3, 1, tzinfo=EASTERN),
            effective_until=None,
            citations=(Citation("hypothetical, for the test", verified=False),),
            conditions=({"family_unit": frozenset({True})},),
            target="title42",
        ),
        version="test.2",
    )
    at = datetime(2021, 4, 15, 12, tzinfo=EASTERN)
    found = explain(table, Facts.of(family_unit=True), at)
    assert found.outcome.authority == "title_8"
    assert found.table_version == "test.2"
    assert explain(table, Facts.of(), at).outcome.authority == "title_42"


def test_ending_a_policy_makes_a_new_table_and_leaves_the_old_one() -> None:
    table = load_table()
    ended = table.ending("title42", datetime(2021, 6, 1, tzinfo=EASTERN), "early-end")
    at = datetime(2021, 7, 1, 12, tzinfo=EASTERN)
    assert explain(table, Facts.of(), at).outcome.authority == "title_42"
    assert explain(ended, Facts.of(), at).outcome.authority == "title_8"
    title42 = next(f for f in explain(ended, Facts.of(), at).findings if f.policy_id == "title8")
    assert title42.verdict is Verdict.APPLIES
    with pytest.raises(NotFound):
        table.ending("title99", at, "x")


def test_facts_are_checked_by_name_and_value() -> None:
    with pytest.raises(InvalidInput, match="shoe_size"):
        Facts.of(shoe_size="42")
    with pytest.raises(InvalidInput, match="mpp_court_status"):
        Facts.of(mpp_court_status="lost")
    assert Facts.of({"unaccompanied_child": "yes"})["unaccompanied_child"] is True
    assert Facts.of()["encounter_kind"] == "between_ports"


def test_the_rules_refuse_a_naive_instant() -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        explain(load_table(), Facts.of(), datetime(2021, 4, 15, 12))
