"""Every case's state rebuilt from the event log in one ordered scan, each move checked.

The scan streams ``case_events`` in (case, sequence) order and folds each case's moves through
the transition table on their stored values, without building an object per event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Engine, select

from puente.cases.adapters.store import tables as t
from puente.cases.domain.states import INITIAL_STATE, TRANSITIONS, CaseState
from puente.shared.errors import IllegalTransition, InvalidInput

_ALLOWED = {s.value: frozenset(x.value for x in targets) for s, targets in TRANSITIONS.items()}
_STATES = {s.value: s for s in CaseState}


@dataclass(frozen=True, slots=True)
class ReplayedState:
    case_id: UUID
    state: CaseState
    events: int


def replay_states(engine: Engine, chunk: int = 20_000) -> Iterator[ReplayedState]:
    """Each case that has events, with the state its events lead to (cases ordered by id)."""
    events = t.case_events.c
    query = select(events.case_id, events.sequence, events.source, events.target).order_by(
        events.case_id, events.sequence
    )
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=chunk).execute(query)
        current: UUID | None = None
        state = INITIAL_STATE.value
        count = 0
        for case_id, sequence, source, target in result:
            if case_id != current:
                if current is not None:
                    yield ReplayedState(current, _STATES[state], count)
                current, state, count = case_id, INITIAL_STATE.value, 0
            count += 1
            if sequence != count:
                raise InvalidInput.single(
                    "events", f"case {case_id}: sequence {sequence} after {count - 1}"
                )
            if source != state or target not in _ALLOWED[state]:
                raise IllegalTransition("asylum case", state, target)
            state = target
        if current is not None:
            yield ReplayedState(current, _STATES[state], count)
