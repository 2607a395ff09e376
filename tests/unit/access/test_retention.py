"""Retention rules find what is past its purpose, spare records on hold, and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from puente.access.domain.retention import (
    RecordActivity,
    RetentionAction,
    RetentionRule,
    review,
)

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
