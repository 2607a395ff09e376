"""Use cases over an appointment's life: confirm, check in with the pass, process, cancel,
sweep expired offers and no-shows, and close a port for a day (moving its appointments).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from puente.entry.domain.appointments import (
    ACTIVE,
    Appointment,
    AppointmentState,
    Notification,
    Requeue,
    requeue_rule,
)
from puente.entry.domain.passes import PassClaims
from puente.entry.domain.policy import AllocationPolicy
from puente.entry.domain.requests import EntryRequest, RequestState
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.errors import InvalidInput, NotFound


def _appointment(uow: EntryUnitOfWork, appointment_id: UUID) -> Appointment:
    found = uow.entry.get_appointment(appointment_id)
    if found is None:
        raise NotFound("appointment", appointment_id)
    return found


def _settle_request(
    uow: EntryUnitOfWork, appointment: Appointment, policy: AllocationPolicy, at: datetime
) -> EntryRequest:
    """Apply the policy's rule for the request of an appointment that has ended."""
    request = uow.entry.get_request(appointment.request_id)
    if request is None:
        raise NotFound("entry request", appointment.request_id)
    rule = requeue_rule(appointment.state, policy)
    if rule is Requeue.DONE:
        processed = appointment.state is AppointmentState.PROCESSED
        request.move(RequestState.CLOSED if processed else RequestState.WITHDRAWN, at)
    elif rule is Requeue.ASK_AGAIN:
        request.move(RequestState.LAPSED, at)
    else:
        request.move(RequestState.OPEN, at)
        request.moved_by_closure = rule is Requeue.FIRST
    uow.entry.save_request(request)
    return request


def confirm(uow: EntryUnitOfWork, appointment_id: UUID, now: datetime) -> Appointment:
    with uow:
        appointment = _appointment(uow, appointment_id)
        appointment.confirm(now)
        uow.entry.save_appointment(appointment)
        uow.commit()
        return appointment


def check_in(uow: EntryUnitOfWork, claims: PassClaims, now: datetime) -> Appointment:
    """The officer scanned the pass and it verified (``verify_pass``); it must also match the
    appointment on record."""
    with uow:
        appointment = _appointment(uow, claims.appointment_id)
        if (claims.port, claims.day, claims.party_size) != (
            appointment.port,
            appointment.day,
            appointment.party_size,
        ):
            raise InvalidInput.single("pass", "the pass does not match the appointment on record")
        appointment.check_in(now)
        uow.entry.save_appointment(appointment)
        uow.commit()
        return appointment


def finish(
    uow: EntryUnitOfWork,
    appointment_id: UUID,
    target: AppointmentState,
    policy: AllocationPolicy,
    now: datetime,
) -> Appointment:
    """Move to ``processed`` or ``cancelled`` (or any allowed end) and settle the request."""
    with uow:
        appointment = _appointment(uow, appointment_id)
        appointment.move(target, now)
        uow.entry.save_appointment(appointment)
        _settle_request(uow, appointment, policy, now)
        uow.commit()
        return appointment


def sweep(uow: EntryUnitOfWork, policy: AllocationPolicy, now: datetime) -> list[Appointment]:
    """Expire offers not confirmed in time and mark no-shows; their requests follow the policy."""
    ended: list[Appointment] = []
    with uow:
        for appointment in uow.entry.active_appointments():
            if appointment.expire_if_due(now) or appointment.miss_if_due(now):
                uow.entry.save_appointment(appointment)
                _settle_request(uow, appointment, policy, now)
                ended.append(appointment)
        uow.commit()
    return ended


def close_port(
    uow: EntryUnitOfWork,
    port: str,
    day: date,
    reason: str,
    policy: AllocationPolicy,
    now: datetime,
) -> list[Appointment]:
    """Close ``port`` on ``day``: its active appointments are moved and their people told."""
    with uow:
        calendar = uow.entry.calendar()
        calendar.port(port).close(day, reason)
        uow.entry.save_calendar(calendar)
        moved: list[Appointment] = []
        for appointment in uow.entry.appointments_on(port, day):
            if appointment.state not in ACTIVE:
                continue
            appointment.move(AppointmentState.MOVED_BY_CLOSURE, now, reason)
            uow.entry.save_appointment(appointment)
            request = _settle_request(uow, appointment, policy, now)
            uow.outbox.add(
                Notification(
                    request_id=request.id,
                    language=request.language,
                    key="appointment.moved_by_closure",
                    params={
                        "port": calendar.port(port).port.name,
                        "date": day.isoformat(),
                        "reason": reason,
                    },
                    created_at=now,
                )
            )
            moved.append(appointment)
        uow.commit()
        return moved
