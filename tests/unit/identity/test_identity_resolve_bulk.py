"""The bulk path of resolution (records no joinable pair touches skip the clustering and get their
ids as a plain list) gives exactly what the clustering rules give applied to every record."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from puente.identity.domain.clustering import (
    HardFields,
    ScoredPair,
    assign_cluster_ids,
    cluster_pairs,
)
from puente.identity.domain.dates import parse_birth_date
from puente.identity.domain.names import name_keys
from puente.identity.domain.review import ReviewDecision, Verdict, binding_decisions
from puente.identity.services.resolve import ResolutionPolicy, resolve

RECORDS = [f"r{i:02d}" for i in range(16)]
POLICY = ResolutionPolicy.with_threshold(0.8, 0.3)
# A few people's fields, some of them in conflict (sex, date, given name), so refusals happen.
PROFILES = [
    HardFields(name_keys("Ana", "Cruz", ""), parse_birth_date("1990-01-02", "exact"), "female"),
    HardFields(name_keys("Ana", "Cruz", ""), parse_birth_date("1990-01-02", "exact"), "male"),
    HardFields(name_keys("Ana", "Cruz", ""), parse_birth_date("1971-06-30", "exact"), "female"),
    HardFields(name_keys("Rosa", "Cruz", ""), None, None),
]

records = st.sampled_from(RECORDS)
pairs = st.lists(
    st.builds(
        ScoredPair,
        records,
        records,
        st.sampled_from([0.2, 0.3, 0.5, 0.8, 0.85, 0.9, 0.99]),
    ).filter(lambda p: p.left != p.right),
    max_size=30,
)
decisions = st.lists(
    st.builds(
        ReviewDecision,
        records,
        records,
        st.sampled_from(list(Verdict)),
        st.just("reviewer"),
        st.integers(0, 5).map(lambda hour: datetime(2024, 3, 1, hour, tzinfo=UTC)),
    ).filter(lambda d: d.left != d.right),
    max_size=4,
)


@settings(max_examples=200)
@given(
    pairs,
    decisions,
    st.lists(st.sampled_from(PROFILES), min_size=len(RECORDS), max_size=len(RECORDS)),
    st.dictionaries(records, st.sampled_from(["P1", "P2", "P3", "P4"]), max_size=10),
)
def test_resolution_agrees_with_the_rules_applied_to_every_record(
    scored: list[ScoredPair],
    made: list[ReviewDecision],
    profiles: list[HardFields],
    previous: dict[str, str],
) -> None:
    fields = dict(zip(RECORDS, profiles, strict=True))
    constraints = binding_decisions(made)
    everyone = cluster_pairs(
        RECORDS,
        scored,
        POLICY.threshold,
        same=constraints.same,
        different=constraints.different,
        compatible=lambda a, b: fields[a].compatible_with(fields[b]),
    )
    expected = assign_cluster_ids(everyone.members, previous)

    resolution = resolve(
        RECORDS, scored, lambda _: fields, POLICY, previous=previous, decisions=made
    )

    assert resolution.cluster_ids == expected
    assert resolution.joining_pairs == everyone.joining_pairs
