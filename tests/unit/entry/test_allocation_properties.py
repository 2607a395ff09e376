"""Properties of the daily allocation over random populations, capacities and policies."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.entry.domain.allocation import Allocation, Outcome, allocate
from puente.entry.domain.batch import RequestBatch
from puente.entry.domain.explanation_table import explanation_table
from puente.entry.domain.explanations import explain
from puente.entry.domain.lottery import draw_seed
from puente.entry.domain.messages import TEMPLATES
from puente.entry.domain.policy import AllocationPolicy, Rule, RuleKind
from tests.unit.entry.strategies import PORTS, batches, capacities, policies

DAY = date(2023, 6, 1)


def run(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy, revealed: str = "s"
) -> Allocation:
    return allocate(batch, PORTS, capacity, DAY, policy, draw_seed(revealed, DAY))


def routes(batch: RequestBatch, i: int) -> set[int]:
    named = {int(p) for p in batch.prefs[i] if p >= 0}
    return set(range(len(PORTS))) if batch.accepts_other[i] else named


@settings(max_examples=150, deadline=None)
@given(batches, capacities, policies)
def test_no_port_is_ever_over_capacity(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy
) -> None:
    allocation = run(batch, capacity, policy)
    assert (allocation.persons_by_port(batch.party_size) <= np.array(capacity)).all()


@settings(max_examples=150, deadline=None)
@given(batches, capacities, policies)
def test_a_party_goes_whole_to_a_port_it_accepts(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy
) -> None:
    allocation = run(batch, capacity, policy)
    for i in np.flatnonzero(allocation.allocated).tolist():
        port = int(allocation.port[i])
        assert port in routes(batch, i)
        named = [int(p) for p in batch.prefs[i] if p >= 0]
        assert allocation.choice[i] == (named.index(port) + 1 if port in named else 0)
    assert sorted(allocation.order.tolist()) == np.flatnonzero(allocation.allocated).tolist()


@settings(max_examples=150, deadline=None)
@given(batches, capacities, policies)
def test_no_lower_place_served_over_a_higher_one_with_the_same_preferences(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy
) -> None:
    """Within a rule, a request passed over was too large for what was left for it.

    So a later request with the same ports that was served must be strictly smaller.
    """
    allocation = run(batch, capacity, policy)
    for k in range(len(policy.rules)):
        considered = np.flatnonzero(allocation.positions[k] > 0)
        by_place = considered[np.argsort(allocation.positions[k, considered])].tolist()
        for a, hi in enumerate(by_place):
            if allocation.rule[hi] == k:
                continue
            for lo in by_place[a + 1 :]:
                same = routes(batch, hi) == routes(batch, lo)
                if same and allocation.rule[lo] == k:
                    assert batch.party_size[hi] > batch.party_size[lo]


@settings(max_examples=200, deadline=None)
@given(batches, capacities, policies)
def test_rules_take_no_more_than_their_share(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy
) -> None:
    allocation = run(batch, capacity, policy)
    for k, rule in enumerate(policy.rules[:-1]):
        placed = allocation.rule == k
        persons = np.bincount(
            allocation.port[placed], weights=batch.party_size[placed], minlength=len(PORTS)
        )
        assert (persons <= [rule.quota(c) for c in capacity]).all()


@settings(max_examples=200, deadline=None)
@given(batches, capacities, policies)
def test_every_request_is_explained_in_every_language(
    batch: RequestBatch, capacity: list[int], policy: AllocationPolicy
) -> None:
    allocation = run(batch, capacity, policy)
    table = explanation_table(batch, allocation)
    assert table["request_id"].tolist() == batch.request_ids.tolist()
    assert (table["position"] >= 1).all()  # the final rule considers every request
    for i in range(len(batch)):
        explanation = explain(batch, allocation, i)
        row = table.iloc[i]
        assert explanation.key == row["message_key"] in TEMPLATES
        assert explanation.position == row["position"]
        assert explanation.allocated == (allocation.outcome[i] == Outcome.ALLOCATED)
        for language in ("spa", "eng", "hat", "por", "fra"):
            rendered = explanation.render(language)
            assert rendered.language == language
            if explanation.key != "not_allocated.no_capacity":
                assert f" {explanation.position} " in rendered.text


@settings(max_examples=200, deadline=None)
@given(batches, capacities)
def test_not_allocated_reasons_are_true(batch: RequestBatch, capacity: list[int]) -> None:
    policy = AllocationPolicy("lottery", (Rule(RuleKind.LOTTERY),))
    allocation = run(batch, capacity, policy)
    left = np.array(capacity) - allocation.persons_by_port(batch.party_size)
    for i in np.flatnonzero(~allocation.allocated).tolist():
        ports = sorted(routes(batch, i))
        outcome = allocation.outcome[i]
        if outcome == Outcome.NO_CAPACITY:
            assert all(capacity[p] == 0 for p in ports)
        elif outcome == Outcome.PARTY_TOO_LARGE:
            assert 0 < max(left[p] for p in ports) < batch.party_size[i]
        else:
            assert all(left[p] == 0 for p in ports)


@settings(max_examples=100, deadline=None)
@given(batches.filter(lambda b: len(b) >= 10), capacities, st.text(min_size=1, max_size=20))
def test_the_draw_is_reproducible_from_the_secret_and_changes_with_it(
    batch: RequestBatch, capacity: list[int], secret: str
) -> None:
    policy = AllocationPolicy("lottery", (Rule(RuleKind.LOTTERY),))
    first, again = run(batch, capacity, policy, secret), run(batch, capacity, policy, secret)
    other = run(batch, capacity, policy, secret + "x")
    assert (first.positions == again.positions).all()
    assert (first.port == again.port).all()
    assert (first.positions != other.positions).any()
