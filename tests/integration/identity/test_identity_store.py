"""Identity storage on both engines: the database run, merge/unmerge round trips, and human
decisions that survive a re-run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from puente.identity.adapters.store.tables import identity_candidates, identity_event_records
from puente.identity.domain.history import HistoryError, Linked
from puente.identity.domain.review import Verdict
from puente.identity.services import reviewing
from puente.identity.services.reviewing import Actor
from puente.shared.db import utc_now
from tests.integration.identity.conftest import Held


def _actor(held: Held) -> Actor:
    return Actor("reviewer-1", held.holder.id)


def test_a_run_places_every_person_and_a_rerun_keeps_their_ids(held: Held) -> None:
    first = held.run()
    with held.uow() as uow:
        before = uow.identity.assignments()
        assert uow.identity.latest_run() is not None
    assert first.records == len(held.person_of) == len(before)
    assert first.moved == len(before)
    assert 0 < first.clusters < first.records
    second = held.run()
    with held.uow() as uow:
        assert uow.identity.assignments() == before
    assert second.moved == 0
    # Records of one true person share a cluster far more often than not.
    by_truth: dict[str, set[str]] = {}
    for record, person in held.person_of.items():
        by_truth.setdefault(held.truth[record], set()).add(before[person])
    assert sum(len(c) == 1 for c in by_truth.values()) / len(by_truth) > 0.8


def test_review_queue_holds_the_uncertain_band_with_evidence(held: Held) -> None:
    summary = held.run()
    with held.uow() as uow:
        queue = uow.identity.review_queue(500)
    assert queue and len(queue) <= summary.for_review
    probabilities = [p.pair.probability for p in queue]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.3 <= p < 0.8 for p in probabilities)
    evidence = queue[0].pair.explanation
    assert {"given_name", "surname", "birth_date"} <= set(evidence)
    assert all({"level", "weight"} <= set(part) for part in evidence.values())


def _two_clusters(held: Held) -> tuple[str, str]:
    with held.uow() as uow:
        assignments = uow.identity.assignments()
    clusters = sorted(set(assignments.values()))
    left = min(p for p, c in assignments.items() if c == clusters[0])
    right = min(p for p, c in assignments.items() if c == clusters[1])
    return left, right


def test_merge_then_unmerge_restores_exactly_what_was_there(held: Held) -> None:
    held.run()
    with held.uow() as uow:
        before = uow.identity.assignments()
    left, right = _two_clusters(held)
    merged = reviewing.merge_people(held.uow(), [left, right], _actor(held), utc_now(), "same")
    assert merged is not None
    moved = merged.moved[0][0]
    with held.uow() as uow:
        during = uow.identity.assignments()
        assert during[left] == during[right]
        events = uow.identity.history_of([moved]).history_of(moved)
    assert [type(e).__name__ for e in events] == ["Linked", "Merged"]
    reviewing.unmerge_event(held.uow(), merged.event_id, _actor(held), utc_now(), "mistake")
    with held.uow() as uow:
        assert uow.identity.assignments() == before
        kinds = [type(e).__name__ for e in uow.identity.history_of([moved]).history_of(moved)]
    assert kinds == ["Linked", "Merged", "Unmerged"]
    with pytest.raises(HistoryError):
        reviewing.unmerge_event(held.uow(), merged.event_id, _actor(held), utc_now(), "again")


def test_a_standing_merge_survives_a_rerun_and_an_undone_one_does_not(held: Held) -> None:
    held.run()
    left, right = _two_clusters(held)
    merged = reviewing.merge_people(held.uow(), [left, right], _actor(held), utc_now(), "same")
    assert merged is not None
    held.run()
    with held.uow() as uow:
        after = uow.identity.assignments()
    assert after[left] == after[right]
    with held.uow() as uow:
        # The rerun moved nothing, so the merge can still be undone.
        assert not any(
            isinstance(e, Linked) and e.at > merged.at
            for e in uow.identity.history_of([left]).events
        )


def test_a_human_different_survives_a_rerun_from_the_database(held: Held) -> None:
    held.run()
    with held.uow() as uow:
        assignments = uow.identity.assignments()
    with held.engine.connect() as connection:
        row = connection.execute(
            select(identity_candidates)
            .where(identity_candidates.c.joined)
            .order_by(identity_candidates.c.match_probability.desc())
        ).first()
    assert row is not None
    left, right = str(row.person_l), str(row.person_r)
    assert assignments[left] == assignments[right]
    decision, merged = reviewing.decide(
        held.uow(), row.id, Verdict.DIFFERENT, _actor(held), utc_now()
    )
    assert merged is None and decision.verdict is Verdict.DIFFERENT
    held.run()
    with held.uow() as uow:
        after = uow.identity.assignments()
    assert after[left] != after[right]
    # A later run still honours it, and the pair no longer waits for review.
    held.run()
    with held.uow() as uow:
        assert uow.identity.assignments()[left] != uow.identity.assignments()[right]
        assert all(
            {p.pair.left, p.pair.right} != {left, right} for p in uow.identity.review_queue(1000)
        )


def test_a_same_decision_merges_at_once_and_leaves_the_queue(held: Held) -> None:
    held.run()
    with held.uow() as uow:
        first = uow.identity.review_queue(1)[0]
    later = utc_now() + timedelta(seconds=1)
    _, merged = reviewing.decide(held.uow(), first.pair_id, Verdict.SAME, _actor(held), later)
    assert merged is not None
    with held.uow() as uow:
        assignments = uow.identity.assignments()
        assert assignments[first.pair.left] == assignments[first.pair.right]
        assert first.pair_id not in {p.pair_id for p in uow.identity.review_queue(1000)}
    with held.engine.connect() as connection:
        moves = connection.scalar(
            select(func.count())
            .select_from(identity_event_records)
            .where(identity_event_records.c.event_id == merged.event_id)
        )
    assert moves == len(merged.moved)
