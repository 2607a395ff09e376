"""Review band, binding decisions, and a human "different" surviving every automatic re-run."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

import pytest

from puente.identity.domain.clustering import HardFields, ScoredPair
from puente.identity.domain.names import name_keys
from puente.identity.domain.review import (
    ReviewBand,
    ReviewDecision,
    Verdict,
    binding_decisions,
    pairs_for_review,
)
from puente.identity.services.resolve import ResolutionPolicy, resolve


def _at(hour: int) -> datetime:
    return datetime(2024, 3, 1, hour, tzinfo=UTC)


def _decision(left: str, right: str, verdict: Verdict, hour: int) -> ReviewDecision:
    return ReviewDecision(left, right, verdict, "reviewer", _at(hour))


def test_band_includes_lower_and_excludes_upper() -> None:
    band = ReviewBand(0.5, 0.99)
    assert band.contains(0.5)
    assert band.contains(0.98)
    assert not band.contains(0.99)


def test_band_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="review band"):
        ReviewBand(0.9, 0.5)


def test_latest_firm_decision_binds_and_unsure_does_not_withdraw_it() -> None:
    constraints = binding_decisions(
        [
            _decision("a", "b", Verdict.SAME, 1),
            _decision("b", "a", Verdict.DIFFERENT, 2),
            _decision("a", "b", Verdict.UNSURE, 3),
        ]
    )
    assert constraints.different == {("a", "b")}
    assert constraints.same == frozenset()


def test_only_undecided_pairs_in_the_band_go_to_review() -> None:
    pairs = [ScoredPair("a", "b", 0.9), ScoredPair("c", "d", 0.8), ScoredPair("e", "f", 0.999)]
    waiting = pairs_for_review(pairs, ReviewBand(0.5, 0.99), [_decision("a", "b", Verdict.SAME, 1)])
    assert waiting == [ScoredPair("c", "d", 0.8)]


def test_a_different_decision_survives_a_re_run_with_any_score() -> None:
    ana = HardFields(name_keys("Ana", "Cruz", ""), None, "female")
    fields = {"a": ana, "b": ana, "c": ana}
    policy = ResolutionPolicy.with_threshold(0.99, 0.5)
    pairs = [
        ScoredPair("a", "b", 0.9999999),
        ScoredPair("b", "c", 0.9999),
        ScoredPair("a", "c", 0.9999),
    ]
    decisions = [_decision("a", "b", Verdict.DIFFERENT, 1)]

    first = resolve(["a", "b", "c"], pairs, lambda _: fields, policy, decisions=decisions)
    assert first.cluster_ids["a"] != first.cluster_ids["b"]

    stronger = [ScoredPair(p.left, p.right, 1.0) for p in pairs]
    rerun = resolve(
        ["c", "b", "a"],
        stronger,
        lambda _: fields,
        policy,
        previous=first.cluster_ids,
        decisions=decisions,
    )
    assert rerun.cluster_ids["a"] != rerun.cluster_ids["b"]
    assert rerun.cluster_ids == first.cluster_ids


def test_a_record_joined_only_by_a_same_decision_keeps_its_hard_fields() -> None:
    # a (sex unknown) is confirmed the same as b (female); a strong automatic pair a–c (male)
    # must not put c with b: a's cluster already holds a woman.
    fields = {
        "a": HardFields(name_keys("Alex", "Cruz", ""), None, None),
        "b": HardFields(name_keys("Alex", "Cruz", ""), None, "female"),
        "c": HardFields(name_keys("Alex", "Cruz", ""), None, "male"),
    }
    asked: list[set[str]] = []

    def fields_of(wanted: Collection[str]) -> dict[str, HardFields]:
        asked.append(set(wanted))
        return {record: fields[record] for record in wanted}

    resolution = resolve(
        ["a", "b", "c"],
        [ScoredPair("a", "c", 0.95)],
        fields_of,
        ResolutionPolicy.with_threshold(0.9, 0.5),
        decisions=[_decision("a", "b", Verdict.SAME, 1)],
    )

    assert asked == [{"a", "b", "c"}]
    assert resolution.cluster_ids["a"] == resolution.cluster_ids["b"]
    assert resolution.cluster_ids["c"] != resolution.cluster_ids["b"]
