"""Use cases against the in-memory unit of work: requests, the run, the lifecycle, closures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.entry.domain.appointments import AppointmentState
from puente.entry.domain.lottery import commitment_of
from puente.entry.domain.outages import OutageKind
from puente.entry.domain.passes import PassSigner, verify_pass
from puente.entry.domain.policy import DEFAULT_POLICY
from puente.entry.domain.ports import SOUTHWEST_PORTS
from puente.entry.domain.requests import (
    RequestState,
    RequestWindow,
    VulnerabilityAssessment,
    VulnerabilityLevel,
)
from puente.entry.services.allocating import run_allocation
from puente.entry.services.lifecycle import check_in, close_port, confirm, finish, sweep
from puente.entry.services.outages import (
    end_outage,
    outage_evidence,
    record_failure,
    start_outage,
)
from puente.entry.services.reporting import fairness_over_time
from puente.entry.services.requesting import (
    AskForEntry,
    AskOutcome,
    ask_for_entry,
    ask_many,
    open_window,
)
from puente.shared.errors import IdempotencyConflict, InvalidInput, NotFound
from tests.unit.entry.fakes import FakeUnitOfWork

SECRET = "revealed after the window"
OPENS = datetime(2023, 5, 31, 12, tzinfo=UTC)
CLOSES = OPENS + timedelta(hours=23)
DAY = date(2023, 6, 1)
RUN_AT = CLOSES + timedelta(minutes=5)


def setup(capacity: int = 6) -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    with uow:
        calendar = uow.entry.calendar()
        for code in ("SYS", "ELP"):
            calendar.add_port(SOUTHWEST_PORTS[code]).set_from(date(2023, 1, 1), capacity)
        uow.entry.save_calendar(calendar)
        uow.commit()
    open_window(uow, RequestWindow("w1", OPENS, CLOSES, commitment_of(SECRET)))
    return uow


def ask(
    people: tuple[UUID, ...],
    family: UUID | None,
    language: str = "hat",
    level: VulnerabilityLevel = VulnerabilityLevel.NONE,
    preferences: tuple[str, ...] = ("ELP",),
) -> AskForEntry:
    return AskForEntry(
        window_id="w1",
        person_ids=people,
        family_id=family,
        preferences=preferences,
        registered_at=OPENS - timedelta(days=30),
        vulnerability=VulnerabilityAssessment(level, (), OPENS, "caseworker-7"),
        language=language,
        nationality="HT",
    )


def signer() -> PassSigner:
    return PassSigner(Ed25519PrivateKey.generate())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=8), st.data())
def test_asking_again_returns_the_same_request_and_nobody_leaves_their_group(
    sizes: list[int], data: st.DataObject
) -> None:
    uow = setup()
    parties = [(tuple(uuid4() for _ in range(n)), uuid4() if n > 1 else None) for n in sizes]
    first: dict[int, str] = {}
    asks = data.draw(st.lists(st.integers(0, len(parties) - 1), min_size=1, max_size=20))
    for at, i in enumerate(asks):
        people, family = parties[i]
        outcome = ask_for_entry(uow, ask(people, family), OPENS + timedelta(minutes=at))
        assert outcome.created == (i not in first)
        assert first.setdefault(i, outcome.request.id) == outcome.request.id
    with uow:
        assert len(uow.entry.open_requests()) == len(first)
    for i in first:
        people, family = parties[i]
        if family is not None:
            with pytest.raises(InvalidInput, match="another party"):
                ask_for_entry(uow, ask(people[:1], None), OPENS)


def test_a_changed_party_is_a_conflict_and_a_closed_window_takes_nothing() -> None:
    uow = setup()
    people, family = (uuid4(), uuid4()), uuid4()
    ask_for_entry(uow, ask(people, family), OPENS)
    with pytest.raises(IdempotencyConflict):
        ask_for_entry(uow, ask((*people, uuid4()), family), OPENS)
    with pytest.raises(InvalidInput, match="window is open"):
        ask_for_entry(uow, ask((uuid4(),), None), CLOSES)
    with pytest.raises(NotFound):
        ask_for_entry(
            uow, AskForEntry(**{**ask((uuid4(),), None).__dict__, "window_id": "x"}), OPENS
        )


def test_asks_recorded_together_answer_each_party_as_if_asked_one_by_one() -> None:
    uow = setup()
    people, family = (uuid4(), uuid4()), uuid4()
    known = ask_for_entry(uow, ask((uuid4(),), None), OPENS).request
    outcomes = ask_many(
        uow,
        [
            ask(people, family),
            ask(people, family),  # the same party twice in one batch: one request
            ask(people[:1], None),  # a member of the first party, alone: refused
            ask(known.person_ids, None),  # asked before the batch: that request
            AskForEntry(**{**ask((uuid4(),), None).__dict__, "window_id": "x"}),
        ],
        OPENS,
    )
    first, again, alone, before, unknown = outcomes
    assert isinstance(first, AskOutcome) and first.created
    assert isinstance(again, AskOutcome) and not again.created
    assert again.request.id == first.request.id
    assert isinstance(alone, InvalidInput) and "another party" in str(alone)
    assert isinstance(before, AskOutcome) and before.request.id == known.id
    assert isinstance(unknown, NotFound)
    with uow:
        assert {r.id for r in uow.entry.open_requests()} == {known.id, first.request.id}


def test_mpp_requests_need_an_eligible_court_case() -> None:
    uow = setup()
    with pytest.raises(InvalidInput, match="court case"):
        ask_for_entry(uow, ask((uuid4(),), None), OPENS, mpp=True)


def test_the_run_places_whole_families_and_explains_to_everyone() -> None:
    uow = setup(capacity=6)
    families = [tuple(uuid4() for _ in range(n)) for n in (4, 3, 2, 1, 5)]
    for members in families:
        family = uuid4() if len(members) > 1 else None
        ask_for_entry(uow, ask(members, family, preferences=("ELP", "SYS")), OPENS)
    with pytest.raises(InvalidInput, match="after the window closes"):
        run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, signer(), OPENS)
    with pytest.raises(InvalidInput, match="commitment"):
        run_allocation(uow, "w1", DAY, "guess", DEFAULT_POLICY, signer(), RUN_AT)
    outcome = run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, signer(), RUN_AT)
    by_port: dict[str, int] = {}
    for a in outcome.appointments:
        assert a.party_size == len(uow.committed.requests[a.request_id].person_ids)
        by_port[a.port] = by_port.get(a.port, 0) + a.party_size
        assert a.confirm_by == RUN_AT + timedelta(hours=23)
        assert a.expires_at.tzinfo is not None
    assert all(persons <= 6 for persons in by_port.values())
    with uow:
        requests = uow.committed.requests
        placed = {a.request_id for a in outcome.appointments}
        for request in requests.values():
            expected = RequestState.ALLOCATED if request.id in placed else RequestState.OPEN
            assert request.state is expected
        assert {n.request_id for n in uow.committed.sent} == set(requests)
        assert all(n.language == "hat" for n in uow.committed.sent)
    assert len(outcome.explanations) == len(families)
    assert outcome.record.seed_hex and outcome.record.policy["name"] == "default"
    with pytest.raises(InvalidInput, match="already ran"):
        run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, signer(), RUN_AT)


def test_confirm_check_in_with_the_pass_and_process() -> None:
    uow = setup()
    request = ask_for_entry(uow, ask((uuid4(), uuid4()), uuid4()), OPENS).request
    pass_signer = signer()
    outcome = run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, pass_signer, RUN_AT)
    (a,) = outcome.appointments
    confirm(uow, a.id, RUN_AT + timedelta(hours=1))
    keys = {pass_signer.key_id: pass_signer.public_key}
    arrival = datetime(2023, 6, 1, 16, tzinfo=UTC)
    checked = check_in(uow, verify_pass(outcome.passes[str(a.id)], keys, arrival), arrival)
    assert checked.state is AppointmentState.CHECKED_IN
    finish(uow, a.id, AppointmentState.PROCESSED, DEFAULT_POLICY, arrival + timedelta(hours=2))
    with uow:
        assert uow.entry.get_request(request.id).state is RequestState.CLOSED  # type: ignore[union-attr]


def test_sweep_requeues_expired_offers_and_lapses_no_shows() -> None:
    uow = setup()
    first = ask_for_entry(uow, ask((uuid4(),), None), OPENS).request
    second = ask_for_entry(uow, ask((uuid4(),), None), OPENS).request
    outcome = run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, signer(), RUN_AT)
    by_request = {a.request_id: a for a in outcome.appointments}
    confirm(uow, by_request[second.id].id, RUN_AT + timedelta(hours=1))
    ended = sweep(uow, DEFAULT_POLICY, datetime(2023, 6, 2, 12, tzinfo=UTC))
    assert {a.state for a in ended} == {AppointmentState.EXPIRED, AppointmentState.NO_SHOW}
    with uow:
        assert uow.entry.get_request(first.id).state is RequestState.OPEN  # type: ignore[union-attr]
        assert uow.entry.get_request(second.id).state is RequestState.LAPSED  # type: ignore[union-attr]


def test_a_closure_moves_appointments_tells_people_and_puts_them_first() -> None:
    uow = setup(capacity=8)
    moved = ask_for_entry(uow, ask((uuid4(), uuid4()), uuid4(), language="por"), OPENS).request
    outcome = run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, signer(), RUN_AT)
    (a,) = outcome.appointments
    waiting = ask_for_entry(uow, ask((uuid4(), uuid4()), uuid4()), OPENS).request
    affected = close_port(uow, a.port, DAY, "flooding", DEFAULT_POLICY, RUN_AT)
    assert [x.id for x in affected] == [a.id]
    with uow:
        note = uow.committed.sent[-1]
        assert (note.key, note.language, note.params["reason"]) == (
            "appointment.moved_by_closure",
            "por",
            "flooding",
        )
        request = uow.entry.get_request(moved.id)
        assert request is not None and request.moved_by_closure
        assert uow.entry.calendar().port(a.port).capacity(DAY) == 0
    open_window(uow, RequestWindow("w2", CLOSES, CLOSES + timedelta(hours=23), commitment_of("2")))
    later = CLOSES + timedelta(hours=24)
    next_day = DAY + timedelta(days=1)
    next_run = run_allocation(uow, "w2", next_day, "2", DEFAULT_POLICY, signer(), later)
    rules = {x.request_id: x.rule for x in next_run.appointments}
    assert rules[moved.id] == "moved_by_closure"
    assert rules[waiting.id] != "moved_by_closure"


def test_outage_log_gives_evidence_for_a_period_and_a_person() -> None:
    uow = setup()
    start = datetime(2021, 2, 19, 14, tzinfo=UTC)
    outage = start_outage(uow, "requests", OutageKind.MAINTENANCE, "in maintenance", start)
    failure = record_failure(uow, "requests", "ask_for_entry", "503", start + timedelta(minutes=5))
    end_outage(uow, outage.id, start + timedelta(hours=3))
    with pytest.raises(InvalidInput):
        end_outage(uow, outage.id, start + timedelta(hours=4))
    found = outage_evidence(
        uow, start - timedelta(hours=1), start + timedelta(hours=5), start, failure.reference
    )
    assert [o.id for o in found.outages] == [outage.id]
    assert found.unavailable == timedelta(hours=3)
    assert found.unavailable_share == pytest.approx(0.5)
    assert [f.id for f in found.failures] == [failure.id]
    quiet = outage_evidence(uow, start + timedelta(hours=4), start + timedelta(hours=5), start)
    assert quiet.outages == () and quiet.unavailable == timedelta(0)


def test_fairness_over_time_counts_waits_rules_and_no_shows() -> None:
    uow = setup()
    came = ask_for_entry(uow, ask((uuid4(), uuid4()), uuid4()), OPENS).request
    ask_for_entry(uow, ask((uuid4(),), None, level=VulnerabilityLevel.URGENT_MEDICAL), OPENS)
    pass_signer = signer()
    outcome = run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, pass_signer, RUN_AT)
    for a in outcome.appointments:
        confirm(uow, a.id, RUN_AT + timedelta(hours=1))
    arrival = datetime(2023, 6, 1, 16, tzinfo=UTC)
    keys = {pass_signer.key_id: pass_signer.public_key}
    (family,) = [a for a in outcome.appointments if a.request_id == came.id]
    check_in(uow, verify_pass(outcome.passes[str(family.id)], keys, arrival), arrival)
    sweep(uow, DEFAULT_POLICY, datetime(2023, 6, 2, 12, tzinfo=UTC))
    report = fairness_over_time(uow, DAY, DAY)
    (week,) = report.by_week.to_dict("records")
    assert (week["appointments"], week["persons"], week["no_show_rate"]) == (2, 3, 0.5)
    groups = report.by_group.set_index(["dimension", "group"])
    assert groups.loc[("vulnerability", "urgent_medical"), "no_show_rate"] == 1.0
    assert groups.loc[("party_size", "2"), "wait_median_days"] == 31
    with pytest.raises(NotFound):
        fairness_over_time(uow, DAY + timedelta(days=5), DAY + timedelta(days=6))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.sampled_from([("ELP",), ("SYS",), ("ELP", "SYS")])),
        min_size=1,
        max_size=15,
    ),
    st.integers(0, 12),
)
def test_through_the_run_families_stay_whole_and_ports_within_capacity(
    parties: list[tuple[int, tuple[str, ...]]], capacity: int
) -> None:
    uow = setup(capacity=capacity)
    members: dict[UUID, tuple[UUID, ...]] = {}
    for size, preferences in parties:
        people = tuple(uuid4() for _ in range(size))
        family = uuid4() if size > 1 else None
        ask_for_entry(uow, ask(people, family, preferences=preferences), OPENS)
        for person in people:
            members[person] = people
    outcome = run_allocation(uow, "w1", DAY, SECRET, DEFAULT_POLICY, signer(), RUN_AT)
    seen: dict[UUID, UUID] = {}
    persons: dict[str, int] = {}
    for a in outcome.appointments:
        request = uow.committed.requests[a.request_id]
        assert a.port in request.preferences
        persons[a.port] = persons.get(a.port, 0) + a.party_size
        for person in request.person_ids:
            assert person not in seen  # nobody in two appointments
            seen[person] = a.id
    for group in members.values():
        together = {seen.get(member) for member in group}
        assert len(together) == 1  # the whole group in one appointment, or nobody
    assert all(n <= capacity for n in persons.values())
    assert len(outcome.explanations) == len(parties)
