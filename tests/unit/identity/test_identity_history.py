"""Merge and unmerge: records are never lost, and an unmerge restores exactly what was there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.identity.domain.history import (
    HistoryError,
    IdentityHistory,
    Linked,
    Merged,
    Unmerged,
    merge,
    register,
    relink,
    standing_merges,
    unmerge,
)

AT = datetime(2024, 3, 1, tzinfo=UTC)


def _history(assignments: dict[str, str]) -> IdentityHistory:
    history = IdentityHistory()
    for index, (record, cluster) in enumerate(sorted(assignments.items())):
        history = register(history, f"reg-{index}", record, cluster, "registrar", AT)
    return history


assignments = st.dictionaries(
    st.sampled_from([f"r{i}" for i in range(12)]),
    st.sampled_from(["P1", "P2", "P3", "P4"]),
    min_size=2,
)


@given(assignments, st.lists(st.sampled_from(["P1", "P2", "P3", "P4"]), min_size=2, max_size=3))
def test_merge_then_unmerge_restores_every_assignment(
    start: dict[str, str], clusters: list[str]
) -> None:
    history = _history(start)
    into = clusters[0]
    try:
        merged = merge(history, "m1", clusters, into, "reviewer", AT, "same person")
    except HistoryError:
        return  # nothing to move: those clusters are empty or already one
    assert set(merged.assignments) == set(start)
    assert all(merged.assignments[r] == into for r, c in start.items() if c in clusters)
    restored = unmerge(merged, "u1", "m1", "reviewer", AT, "not the same person")
    assert dict(restored.assignments) == start
    assert [type(e) for e in restored.events[-2:]] == [Merged, Unmerged]


@given(assignments)
def test_nested_merges_unwind_in_reverse_order(start: dict[str, str]) -> None:
    history = _history(start)
    steps = [(["P1", "P2"], "P1"), (["P1", "P3"], "P3"), (["P3", "P4"], "P9")]
    states = [dict(history.assignments)]
    done = []
    for index, (clusters, into) in enumerate(steps):
        try:
            history = merge(history, f"m{index}", clusters, into, "r", AT, "")
        except HistoryError:
            continue
        done.append(f"m{index}")
        states.append(dict(history.assignments))
    for event_id in reversed(done):
        states.pop()
        history = unmerge(history, f"u-{event_id}", event_id, "r", AT, "")
        assert dict(history.assignments) == states[-1]
    assert dict(history.assignments) == start


def test_unmerge_is_refused_while_a_later_merge_moved_the_same_records() -> None:
    history = _history({"a": "P1", "b": "P2", "c": "P3"})
    history = merge(history, "m1", ["P1", "P2"], "P1", "r", AT, "")
    history = merge(history, "m2", ["P1", "P3"], "P3", "r", AT, "")
    with pytest.raises(HistoryError, match="changed since"):
        unmerge(history, "u1", "m1", "r", AT, "")


def test_a_merge_cannot_be_undone_twice() -> None:
    history = merge(_history({"a": "P1", "b": "P2"}), "m1", ["P1", "P2"], "P1", "r", AT, "")
    history = unmerge(history, "u1", "m1", "r", AT, "")
    with pytest.raises(HistoryError, match="already undone"):
        unmerge(history, "u2", "m1", "r", AT, "")


def test_history_of_a_record_lists_what_moved_it() -> None:
    history = merge(_history({"a": "P1", "b": "P2"}), "m1", ["P1", "P2"], "P1", "r", AT, "")
    history = unmerge(history, "u1", "m1", "r", AT, "")
    assert [e.event_id for e in history.history_of("b")] == ["reg-1", "m1", "u1"]
    assert [e.event_id for e in history.history_of("a")] == ["reg-0"]
    assert history.members("P2") == {"b"}


def test_relink_logs_only_the_records_that_moved_or_are_new() -> None:
    history = _history({"r1": "P1", "r2": "P1", "r3": "P2"})
    placed = relink(history, "run-1", {"r1": "P1", "r2": "P2", "r3": "P2", "r4": "P9"}, "run", AT)
    event = placed.events[-1]
    assert isinstance(event, Linked)
    assert event.moved == (("r2", "P1", "P2"), ("r4", None, "P9"))
    assert placed.assignments["r4"] == "P9"
    assert relink(placed, "run-2", dict(placed.assignments), "run", AT) is placed


def test_a_later_run_that_moved_merged_records_blocks_their_unmerge() -> None:
    merged = merge(_history({"r1": "P1", "r2": "P2"}), "m1", ["P1", "P2"], "P1", "x", AT, "same")
    relinked = relink(merged, "run-1", {"r2": "P7"}, "run", AT)
    with pytest.raises(HistoryError):
        unmerge(relinked, "u1", "m1", "x", AT, "undo")


@given(assignments, st.sampled_from(["P1", "P2", "P3", "P4"]))
def test_a_merge_anchor_is_a_record_of_the_person_merged_into(
    start: dict[str, str], into: str
) -> None:
    history = _history(start)
    try:
        merged = merge(history, "m1", ["P1", "P2", "P3", "P4"], into, "x", AT, "same")
    except HistoryError:
        return
    event = merged.events[-1]
    assert isinstance(event, Merged)
    assert merged.assignments[event.anchor] == into
    staying = sorted(r for r, c in start.items() if c == into)
    assert event.anchor == (staying[0] if staying else event.moved[0][0])


def test_standing_merges_leave_out_the_undone() -> None:
    history = _history({"r1": "P1", "r2": "P2", "r3": "P3"})
    history = merge(history, "m1", ["P1", "P2"], "P1", "x", AT, "same")
    history = merge(history, "m2", ["P1", "P3"], "P1", "x", AT, "same")
    history = unmerge(history, "u2", "m2", "x", AT, "no")
    assert [m.event_id for m in standing_merges(history.events)] == ["m1"]
