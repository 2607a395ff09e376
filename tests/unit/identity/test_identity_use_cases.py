"""The database run and the review use cases on an in-memory store: decisions and standing merges
bind the run, people keep their ids, a "same" merges at once, every merge can be undone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pandas as pd

from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.history import Linked
from puente.identity.domain.review import ReviewDecision, Verdict, binding_decisions
from puente.identity.services import reviewing
from puente.identity.services.database_run import LinkResult, run_on_database
from puente.identity.services.ports import CandidatePair
from puente.identity.services.resolve import ResolutionPolicy
from tests.unit.identity.fake_store import FakeIdentityRepository, FakeIdentityUnitOfWork

AT = datetime(2025, 1, 6, 9, tzinfo=UTC)
POLICY = ResolutionPolicy.with_threshold(0.8, 0.3)
ACTOR = reviewing.Actor("reviewer", uuid4())


class ScriptedLinker:
    """Links a and b (0.95) unless a binding "different" says otherwise; b–c waits for review."""

    def __init__(self) -> None:
        self.seen: list[ReviewDecision] = []

    def __call__(
        self,
        records: pd.DataFrame,
        policy: ResolutionPolicy,
        previous: Mapping[RecordId, ClusterId],
        decisions: Iterable[ReviewDecision],
        progress: Callable[[str], None],
    ) -> LinkResult:
        self.seen = list(decisions)
        constraints = binding_decisions(self.seen)
        together = ("a", "b") not in constraints.different
        clusters = {"a": "P-a", "b": "P-a" if together else "P-b", "c": "P-c"}
        clusters = {r: previous.get(r, c) if together else c for r, c in clusters.items()}
        for left, right in constraints.same:
            clusters[right] = clusters[left]
        pairs = [
            CandidatePair("a", "b", 0.95, 4.0, {}, together, False),
            CandidatePair("b", "c", 0.5, 0.1, {}, False, True),
        ]
        return LinkResult(clusters, {"a": 0.95, "b": 0.95}, pairs, {"model": 1})


def _store() -> tuple[FakeIdentityRepository, Callable[[], FakeIdentityUnitOfWork]]:
    repository = FakeIdentityRepository(pd.DataFrame({"record_id": ["a", "b", "c"]}))
    return repository, lambda: FakeIdentityUnitOfWork(repository)


def _run(factory: Callable[[], FakeIdentityUnitOfWork], linker: ScriptedLinker) -> int:
    return run_on_database(factory, linker, POLICY, "run", lambda: AT).moved


def test_first_run_places_everyone_and_a_rerun_moves_no_one() -> None:
    repository, factory = _store()
    linker = ScriptedLinker()
    assert _run(factory, linker) == 3
    assert repository.clusters == {"a": "P-a", "b": "P-a", "c": "P-c"}
    assert _run(factory, linker) == 0
    assert len([e for e in repository.events if isinstance(e, Linked)]) == 1
    assert [s.pair.left for s in repository.review_queue(10)] == ["b"]


def test_a_stored_different_reaches_the_run_and_splits_the_pair() -> None:
    repository, factory = _store()
    linker = ScriptedLinker()
    _run(factory, linker)
    pair_id = next(i for i, p in repository.pairs.items() if p.left == "a")
    reviewing.decide(factory(), pair_id, Verdict.DIFFERENT, ACTOR, AT + timedelta(hours=1))
    _run(factory, linker)
    assert repository.clusters["a"] != repository.clusters["b"]
    assert [d.verdict for d in linker.seen] == [Verdict.DIFFERENT]


def test_a_same_merges_at_once_and_binds_later_runs_until_undone() -> None:
    repository, factory = _store()
    linker = ScriptedLinker()
    _run(factory, linker)
    pair_id = next(i for i, p in repository.pairs.items() if p.left == "b")
    _, merged = reviewing.decide(factory(), pair_id, Verdict.SAME, ACTOR, AT)
    assert merged is not None
    assert repository.clusters["c"] == repository.clusters["b"] == "P-a"
    _run(factory, linker)
    assert repository.clusters["c"] == "P-a"
    # The merge reached the run as a "same" between each moved record and the anchor.
    assert {(d.left, d.right, d.verdict) for d in linker.seen} >= {("c", "a", Verdict.SAME)}
    reviewing.unmerge_event(factory(), merged.event_id, ACTOR, AT, "not the same")
    assert repository.clusters["c"] == "P-c"
