"""The AsylumCase aggregate: every move is a dated event with actor and reason, replayable.

The state at any past instant is rebuilt from the events up to that instant.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from puente.cases.domain.states import INITIAL_STATE, CaseState, check_transition
from puente.shared.errors import IllegalTransition, InvalidInput

# Moves that must name the dated policy under which they happened (see puente.policy).
REQUIRES_POLICY = frozenset({CaseState.EXPELLED_TITLE_42})


def require_aware(value: datetime, field: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput.single(field, "must include a time zone")


def utc(value: datetime) -> datetime:
    """The instant on the UTC clock, for ordering.

    Two times in the same zone compare by wall clock alone, so 01:50 CDT would sort after
    01:10 CST on the night clocks go back; on the UTC clock they sort as they happened.
    """
    return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One move of one case; ``sequence`` counts from 1 in the order the moves were made."""

    case_id: UUID
    sequence: int
    source: CaseState
    target: CaseState
    occurred_at: datetime
    actor: str
    reason: str
    policy_id: str | None = None


def _validate_move(
    current: CaseState,
    target: CaseState,
    at: datetime,
    actor: str,
    reason: str,
    policy_id: str | None,
    not_before: datetime,
) -> None:
    check_transition(current, target)
    require_aware(at, "occurred_at")
    if utc(at) < utc(not_before):
        raise InvalidInput.single("occurred_at", f"is before the case's last event ({not_before})")
    if not actor.strip():
        raise InvalidInput.single("actor", "is required")
    if not reason.strip():
        raise InvalidInput.single("reason", "is required")
    if target in REQUIRES_POLICY and not policy_id:
        raise InvalidInput.single("policy_id", f"a move to {target.value} names the policy applied")


def walk(events: Iterable[CaseEvent]) -> Iterator[tuple[CaseEvent, CaseState]]:
    """Each event with the state it leads to, checking every move against the table."""
    state = INITIAL_STATE
    for event in events:
        if event.source is not state:
            raise IllegalTransition("asylum case", state.value, event.target.value)
        check_transition(state, event.target)
        state = event.target
        yield event, state


def fold(events: Iterable[CaseEvent]) -> CaseState:
    """The state after ``events``."""
    tail = deque((state for _, state in walk(events)), maxlen=1)
    return tail[0] if tail else INITIAL_STATE


def replay_until(events: Iterable[CaseEvent], when: datetime) -> CaseState:
    """The state at ``when``: a full validating replay of the events dated up to then."""
    until = utc(when)
    return fold(e for e in events if utc(e.occurred_at) <= until)


@dataclass
class AsylumCase:
    """A person's (or family's) asylum case; change it only through ``move``."""

    id: UUID
    person_ids: tuple[UUID, ...]
    opened_at: datetime
    caseworker: str
    events: tuple[CaseEvent, ...] = ()
    state: CaseState = INITIAL_STATE

    def __post_init__(self) -> None:
        require_aware(self.opened_at, "opened_at")
        if not self.person_ids:
            raise InvalidInput.single("person_ids", "a case concerns at least one person")

    def move(
        self,
        target: CaseState,
        at: datetime,
        actor: str,
        reason: str,
        policy_id: str | None = None,
    ) -> CaseEvent:
        last = self.events[-1].occurred_at if self.events else self.opened_at
        _validate_move(self.state, target, at, actor, reason, policy_id, last)
        event = CaseEvent(
            self.id,
            len(self.events) + 1,
            self.state,
            target,
            at,
            actor.strip(),
            reason.strip(),
            policy_id,
        )
        self.events = (*self.events, event)
        self.state = target
        return event

    @classmethod
    def rebuild(
        cls,
        case_id: UUID,
        person_ids: tuple[UUID, ...],
        opened_at: datetime,
        caseworker: str,
        events: Sequence[CaseEvent],
    ) -> AsylumCase:
        """The case as its stored events leave it; an event out of order or illegal raises."""
        ordered = sorted(events, key=lambda e: e.sequence)
        if [e.sequence for e in ordered] != list(range(1, len(ordered) + 1)):
            raise InvalidInput.single("events", "sequence numbers must run 1, 2, 3 … without gaps")
        return cls(case_id, person_ids, opened_at, caseworker, tuple(ordered), fold(ordered))

    def state_at(self, when: datetime) -> CaseState | None:
        """The state at ``when``; ``None`` before the case was opened."""
        require_aware(when, "when")
        if utc(when) < utc(self.opened_at):
            return None
        return replay_until(self.events, when)


class CaseTimeline:
    """A case's events folded once, so each state-at-date query is a binary search.

    Built from a validated fold; answers exactly what ``replay_until`` would.
    """

    __slots__ = ("_states", "_times")

    def __init__(self, events: Sequence[CaseEvent]) -> None:
        self._times: list[datetime] = []
        self._states: list[CaseState] = [INITIAL_STATE]
        for event, state in walk(events):
            self._times.append(utc(event.occurred_at))
            self._states.append(state)

    @property
    def state(self) -> CaseState:
        return self._states[-1]

    def state_at(self, when: datetime) -> CaseState:
        return self._states[bisect_right(self._times, utc(when))]
