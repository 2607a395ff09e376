"""Use case: the day's allocation run — reveal the secret, draw, offer appointments, explain.

Every request considered gets its explanation through the outbox, in the person's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from puente.entry.domain.allocation import Allocation, allocate
from puente.entry.domain.appointments import HOLDS_PLACE, Appointment, Notification
from puente.entry.domain.batch import RequestBatch
from puente.entry.domain.explanation_table import explanation_table
from puente.entry.domain.explanations import explain
from puente.entry.domain.fairness import FairnessReport, run_report
from puente.entry.domain.lottery import draw_seed, requests_digest, verify_reveal
from puente.entry.domain.passes import PassSigner
from puente.entry.domain.policy import AllocationPolicy
from puente.entry.domain.requests import EntryRequest, RequestState
from puente.entry.services.unit_of_work import EntryUnitOfWork, RunRecord
from puente.shared.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class RunOutcome:
    record: RunRecord
    allocation: Allocation
    appointments: list[Appointment]
    passes: dict[str, str]  # appointment id → signed pass
    explanations: pd.DataFrame
    report: FairnessReport


def free_capacity(uow: EntryUnitOfWork, day: date) -> tuple[tuple[str, ...], list[int]]:
    """Each port's persons on ``day`` less the persons already holding an active appointment."""
    calendar = uow.entry.calendar()
    capacity = calendar.capacities(day)
    for i, code in enumerate(calendar.codes):
        held = sum(
            a.party_size for a in uow.entry.appointments_on(code, day) if a.state in HOLDS_PLACE
        )
        capacity[i] = max(capacity[i] - held, 0)
    return calendar.codes, capacity


def run_allocation(
    uow: EntryUnitOfWork,
    window_id: str,
    day: date,
    secret: str,
    policy: AllocationPolicy,
    signer: PassSigner,
    now: datetime,
    beacon: str = "",
) -> RunOutcome:
    with uow:
        window = uow.entry.get_window(window_id)
        if window is None:
            raise NotFound("request window", window_id)
        if now < window.closes_at:
            raise InvalidInput.single("window_id", "the draw runs only after the window closes")
        verify_reveal(secret, window.commitment)
        if uow.entry.run_for(day) is not None:
            raise InvalidInput.single("day", f"the allocation for {day.isoformat()} already ran")
        requests = uow.entry.open_requests()
        ports, capacity = free_capacity(uow, day)
        batch = RequestBatch.from_requests(requests, ports)
        seed = draw_seed(secret, day, beacon)
        allocation = allocate(batch, ports, capacity, day, policy, seed)
        calendar = uow.entry.calendar()
        appointments: list[Appointment] = []
        for index in allocation.order.tolist():
            request = requests[index]
            appointment = Appointment.offer(
                request_id=request.id,
                port=calendar.port(allocation.ports[int(allocation.port[index])]).port,
                day=day,
                party_size=request.party_size,
                rule=policy.rules[int(allocation.rule[index])].kind.value,
                offered_at=now,
                confirm_within=policy.confirm_within,
            )
            request.move(RequestState.ALLOCATED, now)
            request.moved_by_closure = False
            appointments.append(appointment)
        uow.entry.save_requests([requests[i] for i in allocation.order.tolist()])
        uow.entry.save_appointments(appointments)
        _explain_to_everyone(uow, requests, batch, allocation, now)
        record = RunRecord(
            day=day,
            window_id=window_id,
            commitment=window.commitment,
            secret=secret,
            beacon=beacon,
            seed_hex=seed.hex(),
            requests_digest=requests_digest(r.id for r in requests),
            policy=policy.to_dict(),
            ran_at=now,
            allocated=len(appointments),
            considered=len(requests),
        )
        uow.entry.add_run(record)
        uow.commit()
    return RunOutcome(
        record=record,
        allocation=allocation,
        appointments=appointments,
        passes={str(a.id): signer.issue(a) for a in appointments},
        explanations=explanation_table(batch, allocation),
        report=run_report(batch, allocation),
    )


def _explain_to_everyone(
    uow: EntryUnitOfWork,
    requests: list[EntryRequest],
    batch: RequestBatch,
    allocation: Allocation,
    now: datetime,
) -> None:
    explanations = []
    for index, request in enumerate(requests):
        explanation = explain(batch, allocation, index)
        explanations.append(explanation)
        uow.outbox.add(
            Notification(
                request_id=request.id,
                language=request.language,
                key=explanation.key,
                params=explanation.params(),
                created_at=now,
            )
        )
    uow.entry.add_explanations(explanations)
