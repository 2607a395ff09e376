"""The case state machine: random command sequences, replay, and state at any past date."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.cases.domain.case import AsylumCase, CaseEvent, CaseTimeline, replay_until
from puente.cases.domain.states import INITIAL_STATE, TRANSITIONS, CaseState
from puente.shared.errors import IllegalTransition, InvalidInput

OPENED = datetime(2021, 2, 19, 9, 0, tzinfo=ZoneInfo("America/Tijuana"))
ZONES = [ZoneInfo(z) for z in ("America/Tijuana", "America/Chicago", "America/Monterrey")]


def new_case() -> AsylumCase:
    return AsylumCase(uuid4(), (uuid4(),), OPENED, "caseworker-1")


commands = st.lists(
    st.tuples(
        st.sampled_from(list(CaseState)),
        st.integers(min_value=0, max_value=90 * 24 * 60),
        st.sampled_from(ZONES),
    ),
    max_size=40,
)


def apply(case: AsylumCase, target: CaseState, minutes: int, zone: ZoneInfo) -> bool:
    """Try the move; True when it was made. Illegal moves must raise and change nothing."""
    last = case.events[-1].occurred_at if case.events else case.opened_at
    at = (last + timedelta(minutes=minutes)).astimezone(zone)
    before = (case.state, case.events)
    if target in TRANSITIONS[case.state]:
        case.move(target, at, "officer", "step", policy_id="title42")
        return True
    with pytest.raises(IllegalTransition) as raised:
        case.move(target, at, "officer", "step", policy_id="title42")
    assert raised.value.current == case.state.value
    assert raised.value.target == target.value
    assert case.state.value in str(raised.value) and target.value in str(raised.value)
    assert (case.state, case.events) == before
    return False


@settings(max_examples=300)
@given(commands)
def test_random_commands_never_leave_the_table(
    steps: list[tuple[CaseState, int, ZoneInfo]],
) -> None:
    case = new_case()
    for target, minutes, zone in steps:
        previous = case.state
        if apply(case, target, minutes, zone):
            assert case.state in TRANSITIONS[previous]
        assert case.state in TRANSITIONS
    for event in case.events:
        assert event.target in TRANSITIONS[event.source]


def walked_case(steps: list[tuple[int, int, ZoneInfo]]) -> AsylumCase:
    """A case pushed along legal moves only, choosing among the allowed targets."""
    case = new_case()
    for choice, minutes, zone in steps:
        allowed = sorted(TRANSITIONS[case.state])
        if not allowed:
            break
        apply(case, allowed[choice % len(allowed)], minutes, zone)
    return case


legal_walks = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10),
        st.integers(min_value=0, max_value=60 * 24 * 45),
        st.sampled_from(ZONES),
    ),
    max_size=30,
)


@settings(max_examples=300)
@given(legal_walks)
def test_replaying_the_events_rebuilds_the_same_case(
    steps: list[tuple[int, int, ZoneInfo]],
) -> None:
    case = walked_case(steps)
    rebuilt = AsylumCase.rebuild(
        case.id, case.person_ids, case.opened_at, case.caseworker, list(reversed(case.events))
    )
    assert rebuilt == case
    assert CaseTimeline(case.events).state is case.state


@settings(max_examples=300)
@given(legal_walks, st.integers(min_value=-2 * 24 * 60, max_value=400 * 24 * 60))
def test_state_at_a_date_is_the_replay_up_to_that_date(
    steps: list[tuple[int, int, ZoneInfo]], offset_minutes: int
) -> None:
    case = walked_case(steps)
    when = (OPENED + timedelta(minutes=offset_minutes)).astimezone(UTC)
    expected = None if when < OPENED else replay_until(case.events, when)
    assert case.state_at(when) == expected
    if expected is not None:
        assert CaseTimeline(case.events).state_at(when) is expected
    for event in case.events:
        assert case.state_at(event.occurred_at) == replay_until(case.events, event.occurred_at)


def test_every_state_is_reachable_and_final_is_terminal() -> None:
    seen = {INITIAL_STATE}
    queue = deque([INITIAL_STATE])
    while queue:
        for target in TRANSITIONS[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert seen == set(CaseState)
    assert TRANSITIONS[CaseState.FINAL] == frozenset()
    assert all(CaseState.FINAL in _reachable(s) or s is CaseState.FINAL for s in CaseState)


def _reachable(start: CaseState) -> set[CaseState]:
    found: set[CaseState] = set()
    stack = [start]
    while stack:
        for target in TRANSITIONS[stack.pop()]:
            if target not in found:
                found.add(target)
                stack.append(target)
    return found


def test_the_real_pathway_through_a_negative_fear_finding() -> None:
    case = new_case()
    path = [
        CaseState.ELIGIBILITY_CONFIRMED,
        CaseState.WAITING_IN_MEXICO,
        CaseState.PRESENTED_AT_PORT,
        CaseState.EXPEDITED_REMOVAL,
        CaseState.CREDIBLE_FEAR_INTERVIEW,
        CaseState.FEAR_NEGATIVE,
        CaseState.IJ_FEAR_REVIEW,
        CaseState.NTA_ISSUED,
        CaseState.IN_COURT,
        CaseState.MASTER_CALENDAR,
        CaseState.MERITS_HEARING,
        CaseState.DENIED,
        CaseState.APPEAL_TO_BIA,
        CaseState.FINAL,
    ]
    for day, target in enumerate(path, start=1):
        case.move(target, OPENED + timedelta(days=day), "officer", f"day {day}")
    assert case.state is CaseState.FINAL
    assert [e.sequence for e in case.events] == list(range(1, len(path) + 1))
    assert case.state_at(OPENED + timedelta(days=6, hours=1)) is CaseState.FEAR_NEGATIVE


def test_an_illegal_move_names_both_states() -> None:
    case = new_case()
    with pytest.raises(IllegalTransition, match="'registered' to 'merits_hearing'"):
        case.move(CaseState.MERITS_HEARING, OPENED, "officer", "skip ahead")


def test_a_title_42_expulsion_names_the_policy_applied() -> None:
    case = new_case()
    for day, target in enumerate(
        [CaseState.ELIGIBILITY_CONFIRMED, CaseState.WAITING_IN_MEXICO, CaseState.PRESENTED_AT_PORT],
        start=1,
    ):
        case.move(target, OPENED + timedelta(days=day), "officer", "step")
    with pytest.raises(InvalidInput, match="policy_id"):
        case.move(CaseState.EXPELLED_TITLE_42, OPENED + timedelta(days=5), "cbp", "expelled")
    event = case.move(
        CaseState.EXPELLED_TITLE_42, OPENED + timedelta(days=5), "cbp", "expelled", "title42"
    )
    assert event.policy_id == "title42"


@pytest.mark.parametrize(
    ("at", "actor", "reason", "problem"),
    [
        (OPENED - timedelta(minutes=1), "officer", "why", "occurred_at"),
        (datetime(2021, 3, 1, 9, 0), "officer", "why", "occurred_at"),
        (OPENED, " ", "why", "actor"),
        (OPENED, "officer", "", "reason"),
    ],
)
def test_every_move_is_dated_with_actor_and_reason(
    at: datetime, actor: str, reason: str, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        new_case().move(CaseState.ELIGIBILITY_CONFIRMED, at, actor, reason)


def test_stored_events_with_a_gap_or_a_forged_source_are_refused() -> None:
    case = new_case()
    case.move(CaseState.ELIGIBILITY_CONFIRMED, OPENED, "officer", "checked against EOIR")
    case.move(CaseState.WAITING_IN_MEXICO, OPENED + timedelta(days=1), "officer", "dated")
    with pytest.raises(InvalidInput, match="sequence"):
        AsylumCase.rebuild(case.id, case.person_ids, OPENED, "cw", case.events[1:])
    forged = CaseEvent(
        case.id,
        3,
        CaseState.IN_COURT,
        CaseState.MASTER_CALENDAR,
        OPENED + timedelta(days=2),
        "x",
        "y",
    )
    with pytest.raises(IllegalTransition):
        AsylumCase.rebuild(case.id, case.person_ids, OPENED, "cw", [*case.events, forged])


def test_a_case_needs_people_and_an_aware_opening_time() -> None:
    with pytest.raises(InvalidInput, match="person_ids"):
        AsylumCase(uuid4(), (), OPENED, "cw")
    with pytest.raises(InvalidInput, match="opened_at"):
        AsylumCase(UUID(int=1), (uuid4(),), datetime(2021, 1, 1), "cw")


def test_state_at_orders_by_instant_in_the_hour_clocks_go_back() -> None:
    chicago = ZoneInfo("America/Chicago")
    # 7 Nov 2021: 01:00–02:00 happens twice. 01:50 CDT (fold 0) is before 01:10 CST (fold 1).
    confirmed = datetime(2021, 11, 7, 1, 50, tzinfo=chicago)
    query = datetime(2021, 11, 7, 1, 10, fold=1, tzinfo=chicago)
    assert query.astimezone(UTC) > confirmed.astimezone(UTC)
    case = AsylumCase(uuid4(), (uuid4(),), datetime(2021, 11, 1, tzinfo=chicago), "cw")
    case.move(CaseState.ELIGIBILITY_CONFIRMED, confirmed, "officer", "checked")
    assert case.state_at(query) is CaseState.ELIGIBILITY_CONFIRMED
    assert CaseTimeline(case.events).state_at(query) is CaseState.ELIGIBILITY_CONFIRMED
    # A later move at 01:10 CST is accepted: it comes after 01:50 CDT.
    case.move(CaseState.WAITING_IN_MEXICO, query, "officer", "dated")
    assert case.state is CaseState.WAITING_IN_MEXICO
