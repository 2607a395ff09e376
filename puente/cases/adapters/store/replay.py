"""Every case's state rebuilt from the event log in one ordered scan, each move checked.

On PostgreSQL the server hands over each case's moves as one text (one row per case, through a
server-side cursor); elsewhere the events stream row by row. Either way the
moves are folded through the transition table on their stored values, without an object per event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine

from puente.cases.domain.states import INITIAL_STATE, TRANSITIONS, CaseState
from puente.shared.errors import IllegalTransition, InvalidInput

_ALLOWED = {s.value: frozenset(x.value for x in targets) for s, targets in TRANSITIONS.items()}
_STATES = {s.value: s for s in CaseState}

# One text per case, "1 registered eligibility_confirmed 2 …": the cheapest thing to send and to
# split. The moves come in the plan's order (in practice the primary key's); the order is checked,
# never assumed, so no sort inside the aggregate is needed.
_BY_CASE = """
SELECT case_id, string_agg(sequence || ' ' || source || ' ' || target, ' ')
FROM case_events GROUP BY case_id ORDER BY case_id
"""
_BY_EVENT = "SELECT case_id, sequence, source, target FROM case_events ORDER BY case_id, sequence"


@dataclass(frozen=True, slots=True)
class ReplayedState:
    case_id: UUID
    state: CaseState
    events: int


def _fold(case_id: Any, sources: Sequence[str], targets: Sequence[str]) -> ReplayedState:
    state = INITIAL_STATE.value
    for source, target in zip(sources, targets, strict=True):
        if source != state or target not in _ALLOWED[state]:
            raise IllegalTransition("asylum case", state, target)
        state = target
    return ReplayedState(UUID(str(case_id)), _STATES[state], len(targets))


def _aggregated(connection: Connection, chunk: int) -> Iterator[ReplayedState]:
    raw: Any = connection.connection.driver_connection
    with raw.cursor(name="replay_states", binary=True) as cursor:
        cursor.itersize = chunk
        cursor.execute(_BY_CASE)
        for case_id, moves in cursor:
            parts = moves.split(" ")
            yield _in_order(case_id, [int(x) for x in parts[0::3]], parts[1::3], parts[2::3])


def _in_order(
    case_id: Any, sequences: list[int], sources: list[str], targets: list[str]
) -> ReplayedState:
    """The case's moves in sequence order, which must run 1, 2, 3 … without gaps."""
    expected = list(range(1, len(sequences) + 1))
    if sequences != expected:
        moves = sorted(zip(sequences, sources, targets, strict=True))
        if [m[0] for m in moves] != expected:
            raise InvalidInput.single("events", f"case {case_id}: sequence has gaps")
        sources, targets = [m[1] for m in moves], [m[2] for m in moves]
    return _fold(case_id, sources, targets)


def _streamed(rows: Iterable[Any]) -> Iterator[ReplayedState]:
    for case_id, group in groupby(rows, key=itemgetter(0)):
        events = list(group)
        yield _in_order(
            case_id, [e[1] for e in events], [e[2] for e in events], [e[3] for e in events]
        )


def replay_states(engine: Engine, chunk: int = 20_000) -> Iterator[ReplayedState]:
    """Each case that has events, with the state its events lead to (cases ordered by id)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            yield from _aggregated(connection, chunk)
            return
        streaming = connection.execution_options(stream_results=True, yield_per=chunk)
        yield from _streamed(streaming.exec_driver_sql(_BY_EVENT))
