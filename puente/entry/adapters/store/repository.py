"""The entry repository on SQL: windows, requests, appointments, calendar, runs, explanations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Row, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from puente.entry.adapters.store import tables as t
from puente.entry.domain.appointments import ACTIVE, Appointment, AppointmentEvent
from puente.entry.domain.explanations import Explanation
from puente.entry.domain.ports import CapacityCalendar, PortOfEntry
from puente.entry.domain.requests import (
    CourtCase,
    EntryRequest,
    RequestState,
    RequestWindow,
    VulnerabilityAssessment,
    VulnerabilityLevel,
)
from puente.entry.services.unit_of_work import (
    DuplicateEntryRequest,
    EntryRepository,
    RunRecord,
)
from puente.shared.chunks import chunks
from puente.shared.db import insert_rows

_ACTIVE_REQUEST = (RequestState.OPEN, RequestState.ALLOCATED)
_CHUNK = 5_000  # rows per statement in bulk writes and id lists in bulk reads


def _request_row(request: EntryRequest) -> dict[str, Any]:
    case = request.court_case
    vulnerability = request.vulnerability
    return {
        "id": request.id,
        "window_id": request.window_id,
        "owner_id": request.owner_id,
        "family_id": request.family_id,
        "preferences": ";".join(request.preferences),
        "accepts_other_ports": request.accepts_other_ports,
        "registered_at": request.registered_at,
        "requested_at": request.requested_at,
        "vulnerability_level": int(vulnerability.level),
        "vulnerability_flags": ";".join(vulnerability.flags),
        "assessed_at": vulnerability.assessed_at,
        "assessed_by": vulnerability.assessed_by,
        "language": request.language,
        "nationality": request.nationality,
        "priority_group": request.group,
        "a_number": case.a_number if case else None,
        "case_status": case.status if case else None,
        "case_checked_on": case.checked_on if case else None,
        "state": request.state,
        "moved_by_closure": request.moved_by_closure,
        "history": [[at.isoformat(), state.value] for at, state in request.history],
    }


def _request_of(row: Row[Any], members: tuple[UUID, ...]) -> EntryRequest:
    case = (
        CourtCase(row.a_number, row.case_status, row.case_checked_on)
        if row.a_number is not None
        else None
    )
    return EntryRequest(
        id=row.id,
        window_id=row.window_id,
        person_ids=members,
        family_id=row.family_id,
        preferences=tuple(p for p in row.preferences.split(";") if p),
        registered_at=row.registered_at,
        requested_at=row.requested_at,
        vulnerability=VulnerabilityAssessment(
            VulnerabilityLevel(row.vulnerability_level),
            tuple(f for f in row.vulnerability_flags.split(";") if f),
            row.assessed_at,
            row.assessed_by,
        ),
        language=row.language,
        nationality=row.nationality,
        accepts_other_ports=row.accepts_other_ports,
        group=row.priority_group,
        court_case=case,
        state=row.state,
        moved_by_closure=row.moved_by_closure,
        history=[(datetime.fromisoformat(at), RequestState(s)) for at, s in row.history],
        owner_id=row.owner_id,
    )


def _appointment_row(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.id,
        "request_id": appointment.request_id,
        "port": appointment.port,
        "port_timezone": appointment.port_timezone,
        "day": appointment.day,
        "party_size": appointment.party_size,
        "offered_at": appointment.offered_at,
        "confirm_by": appointment.confirm_by,
        "expires_at": appointment.expires_at,
        "rule": appointment.rule,
        "state": appointment.state,
    }


def _explanation_row(explanation: Explanation) -> dict[str, Any]:
    return {
        "request_id": explanation.request_id,
        "day": explanation.day,
        "message_key": explanation.key,
        "allocated": explanation.allocated,
        "rule": explanation.rule,
        "position": explanation.position,
        "candidates": explanation.candidates,
        "party_size": explanation.party_size,
        "port": explanation.port,
        "choice": explanation.choice,
        "positions": explanation.positions,
    }


class SqlEntryRepository(EntryRepository):
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._stored: set[str] = set()  # request ids known to be in the database
        self.written: list[UUID] = []  # ids of the requests and appointments saved

    def _update_many(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Rows updated by id, in one executemany per chunk."""
        for chunk in chunks(rows, _CHUNK):
            self._connection.execute(
                update(table).where(table.c.id == bindparam("b_id")),
                [
                    {**{k: v for k, v in row.items() if k != "id"}, "b_id": row["id"]}
                    for row in chunk
                ],
            )

    # --- windows -----------------------------------------------------------------------------

    def add_window(self, window: RequestWindow) -> None:
        self._connection.execute(
            insert(t.entry_windows).values(
                id=window.id,
                opens_at=window.opens_at,
                closes_at=window.closes_at,
                commitment=window.commitment,
                owner_id=window.owner_id,
            )
        )

    @staticmethod
    def _window(row: Row[Any]) -> RequestWindow:
        return RequestWindow(row.id, row.opens_at, row.closes_at, row.commitment, row.owner_id)

    def get_window(self, window_id: str) -> RequestWindow | None:
        row = self._connection.execute(
            select(t.entry_windows).where(t.entry_windows.c.id == window_id)
        ).first()
        return self._window(row) if row else None

    def windows_open(self, start: datetime, end: datetime) -> list[RequestWindow]:
        w = t.entry_windows.c
        rows = self._connection.execute(
            select(t.entry_windows)
            .where(w.opens_at <= end, w.closes_at > start)
            .order_by(w.closes_at, w.id)
        ).all()
        return [self._window(row) for row in rows]

    # --- requests ----------------------------------------------------------------------------

    def _requests(self, rows: Sequence[Row[Any]]) -> list[EntryRequest]:
        members: dict[str, list[UUID]] = defaultdict(list)
        m = t.entry_request_members.c
        for chunk in chunks([r.id for r in rows], _CHUNK):
            for request_id, person_id in self._connection.execute(
                select(m.request_id, m.person_id)
                .where(m.request_id.in_(chunk))
                .order_by(m.request_id, m.position)
            ):
                members[request_id].append(person_id)
        self._stored.update(r.id for r in rows)
        return [_request_of(row, tuple(members[row.id])) for row in rows]

    def get_request(self, request_id: str) -> EntryRequest | None:
        rows = self._connection.execute(
            select(t.entry_requests).where(t.entry_requests.c.id == request_id)
        ).all()
        found = self._requests(rows)
        return found[0] if found else None

    def active_requests_of(self, person_ids: Sequence[UUID]) -> list[EntryRequest]:
        # Found from the members' index first: during a rush most people have no request, and
        # a join would let the planner start from the state index (every open request).
        r, m = t.entry_requests.c, t.entry_request_members.c
        naming: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(person_ids)), _CHUNK):
            naming.update(
                self._connection.scalars(select(m.request_id).where(m.person_id.in_(chunk)))
            )
        rows: list[Row[Any]] = []
        for request_ids in chunks(sorted(naming), _CHUNK):
            rows += self._connection.execute(
                select(t.entry_requests)
                .where(r.id.in_(request_ids), r.state.in_(_ACTIVE_REQUEST))
                .order_by(r.id)
            ).all()
        return self._requests(rows)

    def save_request(self, request: EntryRequest) -> None:
        self.save_requests([request])

    def save_requests(self, requests: Sequence[EntryRequest]) -> None:
        stored = [q for q in requests if q.id in self._stored]
        self.written.extend(UUID(q.id) for q in stored)
        self._update_many(t.entry_requests, [_request_row(q) for q in stored])
        self.add_requests([q for q in requests if q.id not in self._stored])

    def add_requests(self, requests: Sequence[EntryRequest]) -> None:
        if not requests:
            return
        rows = [_request_row(q) for q in requests]
        try:  # the transaction is lost on a conflict: the use case retries in a new one
            insert_rows(self._connection, t.entry_requests, rows, _CHUNK)
        except IntegrityError as error:
            if not _is_unique_violation(error):
                raise
            raise DuplicateEntryRequest(requests[0].id) from error
        members = [
            {"request_id": q.id, "person_id": p, "position": i}
            for q in requests
            for i, p in enumerate(q.person_ids)
        ]
        insert_rows(self._connection, t.entry_request_members, members, _CHUNK)
        self._stored.update(q.id for q in requests)
        self.written.extend(UUID(q.id) for q in requests)

    def open_requests(self) -> list[EntryRequest]:
        r = t.entry_requests.c
        rows = self._connection.execute(
            select(t.entry_requests).where(r.state == RequestState.OPEN).order_by(r.id)
        ).all()
        return self._requests(rows)

    # --- appointments ------------------------------------------------------------------------

    def _appointments(self, rows: Sequence[Row[Any]]) -> list[Appointment]:
        events: dict[UUID, list[AppointmentEvent]] = defaultdict(list)
        e = t.entry_appointment_events.c
        for chunk in chunks([r.id for r in rows], _CHUNK):
            for event in self._connection.execute(
                select(t.entry_appointment_events)
                .where(e.appointment_id.in_(chunk))
                .order_by(e.appointment_id, e.position)
            ):
                events[event.appointment_id].append(
                    AppointmentEvent(event.at, event.source, event.target, event.note)
                )
        return [
            Appointment(
                id=row.id,
                request_id=row.request_id,
                port=row.port,
                port_timezone=row.port_timezone,
                day=row.day,
                party_size=row.party_size,
                offered_at=row.offered_at,
                confirm_by=row.confirm_by,
                expires_at=row.expires_at,
                rule=row.rule,
                state=row.state,
                history=events[row.id],
            )
            for row in rows
        ]

    def _appointments_where(self, *conditions: Any) -> list[Appointment]:
        a = t.entry_appointments.c
        rows = self._connection.execute(
            select(t.entry_appointments).where(*conditions).order_by(a.day, a.id)
        ).all()
        return self._appointments(rows)

    def save_appointment(self, appointment: Appointment) -> None:
        self.save_appointments([appointment])

    def save_appointments(self, appointments: Sequence[Appointment]) -> None:
        self.written.extend(x.id for x in appointments)
        a, e = t.entry_appointments.c, t.entry_appointment_events.c
        known: set[UUID] = set()
        events_stored: dict[UUID, int] = {}
        for chunk in chunks([x.id for x in appointments], _CHUNK):
            known.update(self._connection.scalars(select(a.id).where(a.id.in_(chunk))))
            counts = self._connection.execute(
                select(e.appointment_id, func.count())
                .where(e.appointment_id.in_(chunk))
                .group_by(e.appointment_id)
            )
            events_stored.update((appointment_id, count) for appointment_id, count in counts)
        rows = [_appointment_row(x) for x in appointments]
        self._update_many(t.entry_appointments, [row for row in rows if row["id"] in known])
        for new_rows in chunks([row for row in rows if row["id"] not in known], _CHUNK):
            self._connection.execute(insert(t.entry_appointments), new_rows)
        new_events = [
            {
                "appointment_id": x.id,
                "position": i,
                "at": event.at,
                "source": event.source,
                "target": event.target,
                "note": event.note,
            }
            for x in appointments
            for i, event in enumerate(x.history)
            if i >= events_stored.get(x.id, 0)
        ]
        for events in chunks(new_events, _CHUNK):
            self._connection.execute(insert(t.entry_appointment_events), events)

    def get_appointment(self, appointment_id: UUID) -> Appointment | None:
        found = self._appointments_where(t.entry_appointments.c.id == appointment_id)
        return found[0] if found else None

    def appointments_on(self, port: str, day: date) -> list[Appointment]:
        a = t.entry_appointments.c
        return self._appointments_where(a.port == port, a.day == day)

    def appointments_between(self, first: date, last: date) -> list[Appointment]:
        a = t.entry_appointments.c
        return self._appointments_where(a.day >= first, a.day <= last)

    def appointment_of(self, request_id: str) -> Appointment | None:
        found = self._appointments_where(t.entry_appointments.c.request_id == request_id)
        return found[-1] if found else None

    def active_appointments(self) -> list[Appointment]:
        return self._appointments_where(t.entry_appointments.c.state.in_(ACTIVE))

    # --- calendar ----------------------------------------------------------------------------

    def calendar(self) -> CapacityCalendar:
        calendar = CapacityCalendar()
        for row in self._connection.execute(
            select(t.entry_ports).order_by(t.entry_ports.c.position)
        ):
            calendar.add_port(PortOfEntry(row.code, row.name, row.timezone, row.opens, row.closes))
        for row in self._connection.execute(select(t.entry_capacity_changes)):
            calendar.port(row.port).set_from(row.starts_on, row.persons)
        for row in self._connection.execute(select(t.entry_capacity_overrides)):
            calendar.port(row.port).override(row.day, row.persons)
        for row in self._connection.execute(select(t.entry_closures)):
            calendar.port(row.port).close(row.day, row.reason)
        return calendar

    def save_calendar(self, calendar: CapacityCalendar) -> None:
        """Replace the stored calendar by ``calendar`` (ports are added or updated, never
        removed: appointments refer to them)."""
        for table in (t.entry_capacity_changes, t.entry_capacity_overrides, t.entry_closures):
            self._connection.execute(delete(table))
        known = set(self._connection.scalars(select(t.entry_ports.c.code)))
        for position, (code, port_calendar) in enumerate(calendar.ports.items()):
            port = port_calendar.port
            row = {
                "name": port.name,
                "timezone": port.timezone,
                "opens": port.opens,
                "closes": port.closes,
                "position": position,
            }
            if code in known:
                self._connection.execute(
                    update(t.entry_ports).where(t.entry_ports.c.code == code).values(row)
                )
            else:
                self._connection.execute(insert(t.entry_ports).values(code=code, **row))
        changes, overrides, closures = [], [], []
        for code, port_calendar in calendar.ports.items():
            changes += [
                {"port": code, "starts_on": d, "persons": n} for d, n in port_calendar.schedule
            ]
            overrides += [
                {"port": code, "day": d, "persons": n} for d, n in port_calendar.overrides.items()
            ]
            closures += [
                {"port": code, "day": d, "reason": r} for d, r in port_calendar.closures.items()
            ]
        for table, rows in (
            (t.entry_capacity_changes, changes),
            (t.entry_capacity_overrides, overrides),
            (t.entry_closures, closures),
        ):
            if rows:
                self._connection.execute(insert(table), rows)

    # --- runs and explanations ---------------------------------------------------------------

    def add_run(self, run: RunRecord) -> None:
        self._connection.execute(insert(t.entry_runs).values(**run.__dict__))

    def run_for(self, day: date) -> RunRecord | None:
        row = self._connection.execute(
            select(t.entry_runs).where(t.entry_runs.c.day == day)
        ).first()
        return RunRecord(**row._asdict()) if row else None

    def add_explanations(self, explanations: Sequence[Explanation]) -> None:
        rows = [_explanation_row(e) for e in explanations]
        for chunk in chunks(rows, _CHUNK):
            self._connection.execute(insert(t.entry_explanations), list(chunk))

    def explanation_of(self, request_id: str) -> Explanation | None:
        x = t.entry_explanations.c
        row = self._connection.execute(
            select(t.entry_explanations)
            .where(x.request_id == request_id)
            .order_by(x.day.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return Explanation(
            request_id=row.request_id,
            day=row.day,
            key=row.message_key,
            allocated=row.allocated,
            rule=row.rule,
            position=row.position,
            candidates=row.candidates,
            party_size=row.party_size,
            port=row.port,
            choice=row.choice,
            positions=dict(row.positions),
        )


def _is_unique_violation(error: IntegrityError) -> bool:
    """A key another transaction stored first (a race), not a broken row (a bug to surface)."""
    sqlstate = getattr(error.orig, "sqlstate", None)  # PostgreSQL: unique_violation
    return sqlstate == "23505" or str(error.orig).startswith("UNIQUE constraint failed")
