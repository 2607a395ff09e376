"""The entry store on both engines: the calendar round trip, one request under concurrent
identical asks, a closure that moves appointments, the sweep, fairness over time, outages.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from puente.entry.adapters.store import tables as t
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.appointments import AppointmentState
from puente.entry.domain.outages import OutageKind
from puente.entry.domain.passes import PassSigner
from puente.entry.domain.policy import DEFAULT_POLICY
from puente.entry.domain.requests import RequestState, VulnerabilityAssessment, VulnerabilityLevel
from puente.entry.services.allocating import run_allocation
from puente.entry.services.lifecycle import close_port, confirm, finish, sweep
from puente.entry.services.outages import (
    end_outage,
    outage_evidence,
    record_failure,
    start_outage,
)
from puente.entry.services.planning import calendar_of, set_capacity
from puente.entry.services.reporting import fairness_over_time
from puente.entry.services.requesting import AskForEntry, ask_for_entry
from puente.entry.services.unit_of_work import DuplicateEntryRequest
from puente.shared.db import utc_now
from tests.integration.entry.support import (
    SECRET,
    WINDOW,
    close_window,
    seed_ports,
    seed_window,
    today,
)


def command(people: int = 1, preferences: tuple[str, ...] = ("SYS",)) -> AskForEntry:
    now = utc_now()
    return AskForEntry(
        window_id=WINDOW,
        person_ids=tuple(uuid4() for _ in range(people)),
        family_id=uuid4() if people > 1 else None,
        preferences=preferences,
        registered_at=now - timedelta(days=100),
        vulnerability=VulnerabilityAssessment(VulnerabilityLevel.NONE, (), now, "tests"),
        language="spa",
        nationality="VE",
    )


def test_calendar_changes_overrides_and_closures_round_trip(engine: Engine) -> None:
    seed_ports(engine)
    day = date(2026, 3, 1)
    set_capacity(SqlEntryUnitOfWork(engine), "SYS", day, 50, False)
    set_capacity(SqlEntryUnitOfWork(engine), "SYS", day + timedelta(3), 5, True)
    close_port(SqlEntryUnitOfWork(engine), "ELP", day, "flooding", DEFAULT_POLICY, utc_now())
    calendar = calendar_of(SqlEntryUnitOfWork(engine))
    assert calendar.codes == ("SYS", "ELP")
    sys_port = calendar.port("SYS")
    capacities = [sys_port.capacity(day + timedelta(i)) for i in range(-1, 5)]
    assert capacities == [20, 50, 50, 50, 5, 50]
    assert calendar.port("ELP").capacity(day) == 0
    assert calendar.port("ELP").closures == {day: "flooding"}
    assert sys_port.port.timezone == "UTC"


def test_identical_asks_at_once_store_one_request(engine: Engine) -> None:
    seed_ports(engine)
    seed_window(engine, None)
    asked = command(people=3)
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(
            pool.map(
                lambda _: ask_for_entry(SqlEntryUnitOfWork(engine), asked, utc_now()), range(16)
            )
        )
    assert len({o.request.id for o in outcomes}) == 1
    assert sum(o.created for o in outcomes) == 1
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.entry_requests)) == 1
        members = select(func.count()).select_from(t.entry_request_members)
        assert connection.scalar(members) == 3


def test_run_closure_sweep_and_fairness_over_time(engine: Engine) -> None:
    seed_ports(engine, persons=4)
    seed_window(engine, None)
    for _ in range(6):
        ask_for_entry(SqlEntryUnitOfWork(engine), command(), utc_now())
    close_window(engine)
    signer = PassSigner(Ed25519PrivateKey.generate())
    day = today()
    outcome = run_allocation(
        SqlEntryUnitOfWork(engine), WINDOW, day, SECRET, DEFAULT_POLICY, signer, utc_now()
    )
    assert (outcome.record.allocated, outcome.record.considered) == (4, 6)
    with SqlEntryUnitOfWork(engine) as uow:
        assert uow.entry.run_for(day) == outcome.record
        explained = [uow.entry.explanation_of(a.request_id) for a in outcome.appointments]
        assert all(e is not None and e.allocated and e.port == "SYS" for e in explained)
        assert len(uow.entry.open_requests()) == 2
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(t.entry_outbox)) == 6

    first, second, *rest = outcome.appointments
    confirm(SqlEntryUnitOfWork(engine), first.id, utc_now())
    finish(
        SqlEntryUnitOfWork(engine), second.id, AppointmentState.CANCELLED, DEFAULT_POLICY, utc_now()
    )
    moved = close_port(SqlEntryUnitOfWork(engine), "SYS", day, "strike", DEFAULT_POLICY, utc_now())
    assert {a.id for a in moved} == {first.id, *(a.id for a in rest)}
    with SqlEntryUnitOfWork(engine) as uow:
        stored = uow.entry.get_appointment(first.id)
        assert stored is not None and stored.state is AppointmentState.MOVED_BY_CLOSURE
        assert [e.target for e in stored.history] == [
            AppointmentState.CONFIRMED,
            AppointmentState.MOVED_BY_CLOSURE,
        ]
        request = uow.entry.get_request(first.request_id)
        assert request is not None and request.state is RequestState.OPEN
        assert request.moved_by_closure
    assert sweep(SqlEntryUnitOfWork(engine), DEFAULT_POLICY, utc_now() + timedelta(days=3)) == []
    report = fairness_over_time(SqlEntryUnitOfWork(engine), day, day)
    assert int(report.by_week["appointments"].sum()) == 4


def test_outage_evidence_from_the_log(engine: Engine) -> None:
    now = utc_now()
    outage = start_outage(
        SqlEntryUnitOfWork(engine), "requests", OutageKind.DOWN, "database failover", now
    )
    end_outage(SqlEntryUnitOfWork(engine), outage.id, now + timedelta(hours=1))
    failure = record_failure(
        SqlEntryUnitOfWork(engine), "entry", "POST /entry/ask", "OperationalError", now
    )
    found = outage_evidence(
        SqlEntryUnitOfWork(engine),
        now - timedelta(hours=1),
        now + timedelta(hours=3),
        now + timedelta(hours=3),
        failure.reference,
    )
    assert [o.id for o in found.outages] == [outage.id]
    assert found.unavailable == timedelta(hours=1)
    assert [f.id for f in found.failures] == [failure.id]


def test_only_a_key_stored_first_is_a_race(engine: Engine) -> None:
    seed_ports(engine)
    seed_window(engine, None)
    stored = ask_for_entry(SqlEntryUnitOfWork(engine), command(), utc_now()).request
    with SqlEntryUnitOfWork(engine) as uow, pytest.raises(DuplicateEntryRequest):
        uow.entry.add_requests([stored])
    broken = replace(stored, id=str(uuid4()), window_id="no such window")
    with SqlEntryUnitOfWork(engine) as uow, pytest.raises(IntegrityError):
        uow.entry.add_requests([broken])  # a broken row is an error, not a race to retry
