"""Clustering that refuses weak chains, and cluster ids that stay put across re-runs."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from puente.identity.domain.clustering import (
    HardFields,
    ScoredPair,
    assign_cluster_ids,
    cluster_pairs,
    fresh_cluster_id,
)
from puente.identity.domain.dates import parse_birth_date
from puente.identity.domain.names import name_keys

RECORDS = ["a", "b", "c", "d", "e"]
PAIRS = [
    ScoredPair("a", "b", 0.999),
    ScoredPair("b", "c", 0.995),
    ScoredPair("d", "e", 0.7),
]


def test_pairs_below_the_threshold_do_not_join() -> None:
    clustering = cluster_pairs(RECORDS, PAIRS, threshold=0.99)
    assert clustering.members == (("a", "b", "c"), ("d",), ("e",))


def test_a_different_decision_blocks_the_chain_through_a_third_record() -> None:
    clustering = cluster_pairs(RECORDS, PAIRS, threshold=0.99, different=[("a", "c")])
    assert ("a", "b") in clustering.members
    assert ("c",) in clustering.members


def test_a_same_decision_joins_below_the_threshold() -> None:
    clustering = cluster_pairs(RECORDS, PAIRS, threshold=0.99, same=[("e", "d")])
    assert ("d", "e") in clustering.members


def test_hard_field_conflict_refuses_the_join() -> None:
    fields = {
        "a": HardFields(
            name_keys("Ana", "Cruz", ""), parse_birth_date("1990-01-02", "exact"), "female"
        ),
        "b": HardFields(name_keys("Ana", "Cruz", ""), None, None),
        "c": HardFields(
            name_keys("Ana", "Cruz", ""), parse_birth_date("1990-01-02", "exact"), "male"
        ),
    }
    clustering = cluster_pairs(
        ["a", "b", "c"],
        [ScoredPair("a", "b", 0.999), ScoredPair("b", "c", 0.998)],
        threshold=0.99,
        compatible=lambda x, y: fields[x].compatible_with(fields[y]),
    )
    assert clustering.members == (("a", "b"), ("c",))


def test_clustering_ignores_the_order_records_and_pairs_arrive_in() -> None:
    expected = cluster_pairs(RECORDS, PAIRS, threshold=0.5, different=[("a", "e")])
    shuffled_records, shuffled_pairs = list(RECORDS), list(PAIRS)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled_records)
        random.Random(seed).shuffle(shuffled_pairs)
        again = cluster_pairs(
            shuffled_records, shuffled_pairs, threshold=0.5, different=[("e", "a")]
        )
        assert again.members == expected.members


def test_ids_are_the_same_on_a_re_run_without_history() -> None:
    clusters = [("a", "b", "c"), ("d",), ("e",)]
    assert assign_cluster_ids(clusters) == assign_cluster_ids(list(reversed(clusters)))


def test_a_person_keeps_their_id_when_a_new_record_joins() -> None:
    before = assign_cluster_ids([("b", "c"), ("d",)])
    after = assign_cluster_ids([("a", "b", "c"), ("d",)], previous=before)
    assert after["a"] == after["b"] == before["b"]
    assert after["d"] == before["d"]


def test_on_a_split_the_larger_part_keeps_the_id_and_the_other_gets_a_new_one() -> None:
    before = assign_cluster_ids([("a", "b", "c")])
    after = assign_cluster_ids([("a",), ("b", "c")], previous=before)
    assert after["b"] == before["b"]
    assert after["a"] != before["a"]


def test_merged_people_keep_the_id_of_the_larger() -> None:
    before = assign_cluster_ids([("a",), ("b", "c")])
    after = assign_cluster_ids([("a", "b", "c")], previous=before)
    assert after["a"] == before["b"]


TEN = list("abcdefghij")
drawn_groups = st.lists(st.lists(st.sampled_from(TEN), min_size=1, max_size=4), max_size=6)


def _partition(groups: list[list[str]]) -> tuple[list[tuple[str, ...]], list[str]]:
    """Disjoint clusters from the drawn groups (a record keeps its first group), and the records
    of the ten that no group took."""
    seen: set[str] = set()
    clusters = []
    for group in groups:
        fresh = [r for r in dict.fromkeys(group) if r not in seen]
        if fresh:
            clusters.append(tuple(fresh))
            seen.update(fresh)
    return clusters, [r for r in TEN if r not in seen]


@given(drawn_groups, st.permutations(TEN))
def test_ids_are_unique_per_cluster_and_stable_under_reordering(
    groups: list[list[str]], order: list[str]
) -> None:
    clusters, rest = _partition(groups)
    clusters += [(r,) for r in order if r in rest]
    ids = assign_cluster_ids(clusters)
    assert len({ids[c[0]] for c in clusters}) == len(clusters)
    reordered = [tuple(sorted(c, key=order.index)) for c in reversed(clusters)]
    assert assign_cluster_ids(reordered) == ids
    assert assign_cluster_ids(reordered, previous=ids) == ids


def test_fresh_ids_depend_only_on_members() -> None:
    assert fresh_cluster_id(["b", "a"]) == fresh_cluster_id(["a", "b"])
    assert fresh_cluster_id(["a"]) != fresh_cluster_id(["a"], salt=1)


@given(drawn_groups, st.dictionaries(st.sampled_from(TEN), st.sampled_from(["P1", "P2", "P3"])))
def test_records_alone_get_the_ids_one_record_clusters_would(
    groups: list[list[str]], previous: dict[str, str]
) -> None:
    clusters, alone = _partition(groups)
    as_clusters = assign_cluster_ids([*clusters, *((r,) for r in alone)], previous)
    assert assign_cluster_ids(clusters, previous, alone=alone) == as_clusters
    assert assign_cluster_ids(clusters, previous, alone=reversed(alone)) == as_clusters


def _by_the_rules(
    pairs: list[ScoredPair],
    threshold: float,
    same: list[tuple[str, str]],
    different: list[tuple[str, str]],
    incompatible: set[frozenset[str]],
) -> tuple[tuple[tuple[str, ...], ...], tuple[ScoredPair, ...]]:
    """The clustering rules done the slow, obvious way: clusters as sets, every crossing checked."""
    cluster_of = {record: frozenset([record]) for record in RECORDS}
    apart = {frozenset(pair) for pair in different}
    human = [(ScoredPair(a, b, 1.0), False) for a, b in sorted({(min(p), max(p)) for p in same})]
    automatic = sorted(
        (p for p in pairs if p.probability >= threshold),
        key=lambda p: (-p.probability, min(p.left, p.right), max(p.left, p.right)),
    )
    joining = []
    for pair, check_fields in [*human, *((p, True) for p in automatic)]:
        if pair.left not in cluster_of or pair.right not in cluster_of:
            continue
        left, right = cluster_of[pair.left], cluster_of[pair.right]
        crossing = {frozenset((a, b)) for a in left for b in right}
        if left == right or crossing & apart or (check_fields and crossing & incompatible):
            continue
        merged = left | right
        cluster_of.update(dict.fromkeys(merged, merged))
        joining.append(pair)
    members = tuple(sorted({tuple(sorted(c)) for c in cluster_of.values()}))
    return members, tuple(joining)


# "z" is in no list of records: pairs with it are ignored.
some_records = st.sampled_from([*RECORDS, "z"])
record_pairs = st.tuples(st.sampled_from(RECORDS), st.sampled_from(RECORDS)).filter(
    lambda p: p[0] != p[1]
)


@given(
    st.lists(
        st.builds(ScoredPair, some_records, some_records, st.sampled_from([0.5, 0.9, 0.95, 1.0])),
        max_size=20,
    ),
    st.lists(record_pairs, max_size=3),
    st.lists(record_pairs, max_size=3),
    st.sets(record_pairs.map(frozenset), max_size=4),
)
def test_clustering_equals_the_rules_done_the_obvious_way(
    pairs: list[ScoredPair],
    same: list[tuple[str, str]],
    different: list[tuple[str, str]],
    incompatible: set[frozenset[str]],
) -> None:
    clustering = cluster_pairs(
        RECORDS,
        pairs,
        threshold=0.9,
        same=same,
        different=different,
        compatible=lambda a, b: frozenset((a, b)) not in incompatible,
    )
    members, joining = _by_the_rules(pairs, 0.9, same, different, incompatible)
    assert clustering.members == members
    assert clustering.joining_pairs == joining
