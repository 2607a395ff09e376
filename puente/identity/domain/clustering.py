"""Turning scored record pairs into identity clusters that never chain two different people.

Pairs are joined strongest first; a join is refused when it would put a human "different" pair,
or records that disagree on hard facts (sex, date of birth, name), into one cluster.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from puente.identity.domain.dates import BirthDate, dates_compatible
from puente.identity.domain.names import NameKeys, names_compatible

RecordId = str
ClusterId = str

_SEXES = frozenset({"female", "male"})


@dataclass(frozen=True, slots=True)
class ScoredPair:
    left: RecordId
    right: RecordId
    probability: float


# Whether two records could belong to one person at all (hard fields); symmetric.
Compatibility = Callable[[RecordId, RecordId], bool]


def _always_compatible(left: RecordId, right: RecordId) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class HardFields:
    """What two records of one person cannot disagree on, beyond the slips the model allows."""

    names: NameKeys
    birth_date: BirthDate | None
    sex: str | None
    # One family registration lists each of its members once: two records in it are two people.
    family_registration: str | None = None

    def compatible_with(self, other: HardFields) -> bool:
        if self.sex != other.sex and self.sex in _SEXES and other.sex in _SEXES:
            return False
        if self.family_registration and self.family_registration == other.family_registration:
            return False
        # Most pairs repeat one spelling, often as the very same keys object: equal names need no
        # look at their parts (or hashing).
        names, other_names = self.names, other.names
        return dates_compatible(self.birth_date, other.birth_date) and (
            names is other_names or names == other_names or names_compatible(names, other_names)
        )


@dataclass(frozen=True, slots=True)
class Clustering:
    """Records grouped into people: each record's cluster, and the pairs that joined them."""

    members: tuple[tuple[RecordId, ...], ...]
    joining_pairs: tuple[ScoredPair, ...]


def cluster_pairs(
    records: Iterable[RecordId],
    pairs: Iterable[ScoredPair],
    threshold: float,
    *,
    same: Iterable[tuple[RecordId, RecordId]] = (),
    different: Iterable[tuple[RecordId, RecordId]] = (),
    compatible: Compatibility = _always_compatible,
) -> Clustering:
    """Cluster records from pairs at or above ``threshold``, strongest pair first.

    ``same`` pairs (human decisions) join first and ignore the hard-field check, since a person
    looked at them; ``different`` pairs are never joined, directly or through other records,
    whatever any later score says. Ties are broken by record ids, so the result does not depend
    on the order the records or pairs arrive in.
    """
    known = set(records)
    # Only records some pair touches get a group; at a million records most stay alone.
    parent: dict[RecordId, RecordId] = {}
    groups: dict[RecordId, list[RecordId]] = {}
    forbidden: dict[RecordId, set[RecordId]] = {}
    for left, right in different:
        forbidden.setdefault(left, set()).add(right)
        forbidden.setdefault(right, set()).add(left)

    def root(record: RecordId) -> RecordId:
        up = parent.get(record)
        if up is None:
            parent[record] = record
            groups[record] = [record]
            return record
        while up != record:
            # Path halving: each record on the way points to its grandparent.
            grand = parent[up]
            parent[record] = grand
            record, up = grand, parent[grand]
        return record

    def joined(root_a: RecordId, root_b: RecordId, check_fields: bool) -> bool:
        """Join two groups unless a "different" pair or a hard-field conflict keeps them apart."""
        group_a, group_b = groups[root_a], groups[root_b]
        if forbidden:
            for record in group_a:
                kept_apart = forbidden.get(record)
                if kept_apart is not None and not kept_apart.isdisjoint(group_b):
                    return False
        if check_fields:
            # Plain loops: most joins are of two single records, where a generator costs more
            # than the one check.
            for a in group_a:
                for b in group_b:
                    if not compatible(a, b):
                        return False
        # The smaller group moves into the larger one, keeping the root stable and cheap.
        if len(group_a) < len(group_b) or (len(group_a) == len(group_b) and root_b < root_a):
            root_a, root_b, group_a, group_b = root_b, root_a, group_b, group_a
        parent[root_b] = root_a
        group_a.extend(group_b)
        del groups[root_b]
        return True

    human = sorted({(min(a, b), max(a, b)) for a, b in same})
    automatic = sorted(
        (pair for pair in pairs if pair.probability >= threshold),
        key=lambda pair: (
            -pair.probability,
            min(pair.left, pair.right),
            max(pair.left, pair.right),
        ),
    )
    steps = [(ScoredPair(a, b, 1.0), False) for a, b in human]
    steps += [(pair, True) for pair in automatic]
    joining: list[ScoredPair] = []
    for pair, check_fields in steps:
        left, right = pair.left, pair.right
        if left in known and right in known:
            root_a, root_b = root(left), root(right)
            if root_a != root_b and joined(root_a, root_b, check_fields):
                joining.append(pair)
    alone = ((record,) for record in known if record not in parent)
    members = tuple(sorted([*(tuple(sorted(group)) for group in groups.values()), *alone]))
    return Clustering(members=members, joining_pairs=tuple(joining))


def fresh_cluster_id(members: Iterable[RecordId], salt: int = 0) -> ClusterId:
    """An id that depends only on who is in the cluster, so an unchanged person keeps theirs."""
    return _anchored_id(min(members), salt)


def _anchored_id(anchor: RecordId, salt: int) -> ClusterId:
    return f"I-{hashlib.sha256(f'{anchor}#{salt}'.encode()).hexdigest()[:16]}"


def assign_cluster_ids(
    clusters: Iterable[Iterable[RecordId]],
    previous: Mapping[RecordId, ClusterId] | None = None,
    *,
    alone: Iterable[RecordId] = (),
) -> dict[RecordId, ClusterId]:
    """Give each cluster an id, keeping ids from the previous run wherever people persist.

    A cluster inherits the previous id most of its records carried; when a person's records are
    split, the larger part keeps the id. Each previous id goes to at most one cluster; the rest get
    ids derived from their members, so a run with no history is reproducible as well. ``alone``
    are records in a cluster of their own, the same as passing each as a one-record cluster (at a
    million records most are, and a plain list of them is far cheaper than a million groups).
    """
    previous = previous or {}
    larger: list[tuple[RecordId, ...]] = []
    single = list(alone)
    for cluster in clusters:
        group = tuple(sorted(cluster))
        if len(group) > 1:
            larger.append(group)
        else:
            single.extend(group)
    # Larger clusters first, then by members: a one-record cluster sorts by its record alone.
    larger.sort(key=lambda g: (-len(g), g))
    single.sort()
    anchors = [group[0] for group in larger] + single
    # (-records carrying the id, id, cluster index): sorted as they are, the strongest claim
    # comes first, ties broken by id and then by cluster.
    claims: list[tuple[int, ClusterId, int]] = []
    if previous:
        for index, group in enumerate(larger):
            carried: dict[ClusterId, int] = {}
            for record in group:
                if record in previous:
                    cluster_id = previous[record]
                    carried[cluster_id] = carried.get(cluster_id, 0) + 1
            claims += [(-count, cluster_id, index) for cluster_id, count in carried.items()]
        offset = len(larger)
        claims += [
            (-1, previous[record], offset + index)
            for index, record in enumerate(single)
            if record in previous
        ]
    claims.sort()
    chosen: dict[int, ClusterId] = {}
    taken: set[ClusterId] = set()
    for _, cluster_id, index in claims:
        if index not in chosen and cluster_id not in taken:
            chosen[index] = cluster_id
            taken.add(cluster_id)
    reserved = taken | set(previous.values())
    ids: list[ClusterId] = []
    for index, anchor in enumerate(anchors):
        if index in chosen:
            cluster_id = chosen[index]
        else:
            salt = 0
            cluster_id = _anchored_id(anchor, salt)
            while cluster_id in reserved:
                salt += 1
                cluster_id = _anchored_id(anchor, salt)
        reserved.add(cluster_id)
        ids.append(cluster_id)
    assignment = {
        record: cluster_id
        for group, cluster_id in zip(larger, ids, strict=False)
        for record in group
    }
    assignment.update(zip(single, ids[len(larger) :], strict=True))
    return assignment
