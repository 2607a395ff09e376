"""Hypothesis strategies: random open requests as a batch, capacities and policies."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from puente.entry.domain.batch import RequestBatch
from puente.entry.domain.policy import AllocationPolicy, Rule, RuleKind
from puente.entry.domain.requests import VulnerabilityLevel

PORTS = ("SYS", "ELP", "BRO", "NOG")


@dataclass(frozen=True)
class Row:
    size: int
    prefs: tuple[int, ...]
    accepts_other: bool
    level: int
    moved: bool
    group: int
    registered: int  # seconds after 2023-01-01
    ticket: int


rows = st.builds(
    Row,
    size=st.integers(1, 7),
    prefs=st.lists(st.integers(0, len(PORTS) - 1), min_size=0, max_size=3, unique=True).map(tuple),
    accepts_other=st.booleans(),
    level=st.integers(0, 3),
    moved=st.booleans(),
    group=st.integers(0, 1),
    registered=st.integers(0, 3_000_000),
    ticket=st.integers(0, 2**64 - 1),
).filter(lambda r: bool(r.prefs) or r.accepts_other)


def make_batch(drawn: list[Row]) -> RequestBatch:
    n = len(drawn)
    prefs = np.full((n, 3), -1, dtype=np.int16)
    for i, row in enumerate(drawn):
        prefs[i, : len(row.prefs)] = row.prefs
    base = np.datetime64("2023-01-01T00:00:00", "s")
    return RequestBatch(
        request_ids=np.array([f"req-{i}" for i in range(n)], dtype=object),
        tickets=np.array([r.ticket for r in drawn], dtype=np.uint64),
        party_size=np.array([r.size for r in drawn], dtype=np.int64),
        registered=base + np.array([r.registered for r in drawn], dtype="timedelta64[s]"),
        level=np.array([r.level for r in drawn], dtype=np.int64),
        moved=np.array([r.moved for r in drawn], dtype=bool),
        group=np.array([r.group for r in drawn], dtype=np.int64),
        group_labels=("", "matamoros_camp"),
        prefs=prefs,
        accepts_other=np.array([r.accepts_other for r in drawn], dtype=bool),
        nationality=np.array([r.size % 3 for r in drawn], dtype=np.int64),
        nationality_labels=("HN", "HT", "VE"),
        language=np.array([r.level % 2 for r in drawn], dtype=np.int64),
        language_labels=("hat", "spa"),
    )


batches = st.lists(rows, min_size=0, max_size=80).map(make_batch)
capacities = st.lists(st.integers(0, 40), min_size=len(PORTS), max_size=len(PORTS))

_reserved = st.builds(
    Rule,
    kind=st.sampled_from(
        [RuleKind.MOVED_BY_CLOSURE, RuleKind.VULNERABILITY, RuleKind.PRIORITY_GROUP]
    ),
    share=st.floats(0.0, 1.0),
    min_level=st.sampled_from(list(VulnerabilityLevel)),
    groups=st.just(("matamoros_camp",)),
)
_universal = st.builds(Rule, kind=st.sampled_from([RuleKind.LONGEST_WAITING, RuleKind.LOTTERY]))
policies = st.builds(
    lambda reserved, middle, last: AllocationPolicy("random", (*reserved, *middle, last)),
    st.lists(_reserved, max_size=3),
    st.lists(
        st.builds(Rule, kind=st.just(RuleKind.LONGEST_WAITING), share=st.floats(0, 1)), max_size=1
    ),
    _universal,
)
