"""Bulk-loaded synthetic cases on both engines: the one-scan replay agrees with the case-by-case
replay and the stored state, and the stored deadlines are what the use cases compute."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, update

from puente.cases.adapters.store import tables as t
from puente.cases.adapters.store.bulk import bench_organisation, load_cases
from puente.cases.adapters.store.replay import replay_states
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork
from puente.cases.adapters.synthetic import synthetic_cases
from puente.cases.services.projection import deadlines_if_placed
from puente.shared.errors import IllegalTransition
from tests.support.keys import KEYRING


def test_the_scan_the_repository_and_the_stored_state_agree(engine: Engine) -> None:
    owner = bench_organisation(engine)
    assert load_cases(engine, synthetic_cases(120, 8, 3, seed=11), owner) == 120
    replayed = list(replay_states(engine))
    assert len(replayed) == 120 and all(r.events == 8 for r in replayed)
    with engine.connect() as connection:
        stored = {r.id: r.state for r in connection.execute(select(t.cases.c.id, t.cases.c.state))}
    with SqlCasesUnitOfWork(engine, KEYRING) as uow:
        for item in replayed:
            case = uow.cases.get(item.case_id)
            assert case is not None and case.state is item.state
            assert stored[item.case_id] == item.state.value
            deadlines = uow.cases.deadlines_of(item.case_id)
            assert sorted(deadlines, key=repr) == sorted(deadlines_if_placed(uow, case), key=repr)


def test_the_scan_refuses_a_move_the_table_does_not_allow(engine: Engine) -> None:
    owner = bench_organisation(engine)
    load_cases(engine, synthetic_cases(3, 4, 1, seed=5), owner)
    with engine.begin() as connection:
        connection.execute(
            update(t.case_events).where(t.case_events.c.sequence == 2).values(target="final")
        )
    with pytest.raises(IllegalTransition):
        list(replay_states(engine))
