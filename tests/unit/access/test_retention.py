"""Retention rules find what is past its purpose, spare records on hold, and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from puente.access.domain.retention import (
    RecordActivity,
    RetentionAction,
    RetentionRule,
    review,
    rules_from,
)
from puente.shared.errors import InvalidInput

NOW = datetime(2026, 11, 23, tzinfo=UTC)
RULES = [
    RetentionRule(
        "registration",
        timedelta(days=5 * 365),
        RetentionAction.ANONYMISE,
        "registration purpose ends five years after the last contact",
    ),
    RetentionRule(
        "outage_report",
        timedelta(days=2 * 365),
        RetentionAction.DELETE,
        "evidence kept two years after the lawful-pathways rule ended",
    ),
]


def test_due_records_are_listed_oldest_first_and_held_ones_spared() -> None:
    old, older, recent, held = uuid4(), uuid4(), uuid4(), uuid4()
    report = review(
        [
            RecordActivity(old, "registration", NOW - timedelta(days=6 * 365)),
            RecordActivity(older, "registration", NOW - timedelta(days=8 * 365)),
            RecordActivity(recent, "registration", NOW - timedelta(days=30)),
            RecordActivity(held, "registration", NOW - timedelta(days=9 * 365), on_hold=True),
            RecordActivity(uuid4(), "unknown_kind", NOW - timedelta(days=9 * 365)),
        ],
        RULES,
        NOW,
    )
    assert [d.record_id for d in report.due] == [older, old]
    assert report.held == 1
    assert report.counts() == {("registration", RetentionAction.ANONYMISE): 2}


def test_a_record_becomes_due_exactly_when_its_time_is_up() -> None:
    record = RecordActivity(uuid4(), "outage_report", NOW - timedelta(days=2 * 365))
    assert len(review([record], RULES, NOW).due) == 1
    assert review([record], RULES, NOW - timedelta(seconds=1)).due == ()


def test_rules_come_from_data_and_bad_rules_name_the_entry() -> None:
    rules = rules_from(
        {
            "rules": [
                {"record_type": "person", "keep_for_days": 30, "action": "delete", "reason": "r"}
            ]
        }
    )
    assert rules == [RetentionRule("person", timedelta(days=30), RetentionAction.DELETE, "r")]
    bad = [
        ({"record_type": "person", "action": "delete", "reason": "r"}, "rules.0.keep_for_days"),
        ({"record_type": "p", "keep_for_days": "x", "action": "delete", "reason": "r"}, "rules.0"),
        ({"record_type": "p", "keep_for_days": 1, "action": "burn", "reason": "r"}, "rules.0"),
        ({"record_type": "p", "keep_for_days": -1, "action": "delete", "reason": "r"}, "rules.0"),
        ({"record_type": "p", "keep_for_days": 1, "action": "delete", "reason": " "}, "rules.0"),
    ]
    for entry, field in bad:
        with pytest.raises(InvalidInput) as error:
            rules_from({"rules": [entry]})
        assert error.value.problems[0].field == field
    twice = {"record_type": "p", "keep_for_days": 1, "action": "delete", "reason": "r"}
    with pytest.raises(InvalidInput):
        rules_from({"rules": [twice, twice]})


def test_one_action_per_record_and_deletion_wins() -> None:
    person = uuid4()
    rules = [
        RetentionRule("person", timedelta(days=1), RetentionAction.ANONYMISE, "idle"),
        RetentionRule("objection", timedelta(days=1), RetentionAction.DELETE, "objected"),
    ]
    old = NOW - timedelta(days=10)
    report = review(
        [RecordActivity(person, "person", old), RecordActivity(person, "objection", old)],
        rules,
        NOW,
    )
    assert len(report.due) == 2
    assert report.actions() == {person: RetentionAction.DELETE}
