"""Case reads and writes through the caller's access gate, shared by the API and the pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar
from uuid import UUID

from sqlalchemy import Engine

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.domain.decisions import ProtectedRecord
from puente.access.domain.envelope import Keyring
from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate, Shown, WriteAudit
from puente.cases.adapters import views
from puente.cases.adapters.store.people import PersonSummary, person_summaries
from puente.cases.adapters.store.queries import Holding, case_holdings
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork
from puente.cases.services.court import caseworker_queue
from puente.cases.services.pathway import UnitOfWorkFactory, load_case
from puente.shared.errors import NotFound

T = TypeVar("T")


def reader(engine: Engine, keyring: Keyring) -> UnitOfWorkFactory:
    return partial(SqlCasesUnitOfWork, engine, keyring)


def writer(engine: Engine, keyring: Keyring, gate: Gate, audit: WriteAudit) -> UnitOfWorkFactory:
    """Units of work whose new records belong to the caller's organisation and whose commit
    adds the authorised write's audit entry to the same transaction."""
    return partial(
        SqlCasesUnitOfWork, engine, keyring, gate.principal.organisation.id, in_transaction(audit)
    )


@dataclass(frozen=True)
class LocatedCase:
    """Who holds a case and whom it concerns: what the gate decides on, read once a request."""

    case_id: UUID
    holding: Holding
    people: dict[UUID, PersonSummary]

    def record(self) -> ProtectedRecord:
        return views.protected(views.CASE_RECORD, self.case_id, self.holding, self.people)


def locate_case(engine: Engine, case_id: UUID) -> LocatedCase:
    holding = case_holdings(engine, [case_id]).get(case_id)
    if holding is None:
        raise NotFound(views.CASE_RECORD, case_id)
    return LocatedCase(case_id, holding, person_summaries(engine, holding.person_ids))


def change_case(
    gate: Gate,
    engine: Engine,
    keyring: Keyring,
    permission: Permission,
    case_id: UUID,
    action: str,
    perform: Callable[[UnitOfWorkFactory], T],
    also: Sequence[UUID] = (),
    located: LocatedCase | None = None,
) -> T:
    """Change an existing case with ``perform``: a case the caller may not even see is
    ``NotFound``, one they see but do not hold is ``Forbidden``. The audit entry names the case
    and the records in ``also``."""
    located = located or locate_case(engine, case_id)
    record = located.record()
    gate.read(permission, record, {"id": str(case_id)}, {"id": views.REF}, f"{action}.locate")
    owner_id = located.holding.owner_id
    audit = gate.authorise_write(permission, views.CASE_RECORD, owner_id, action, case_id)
    return perform(writer(engine, keyring, gate, audit.naming(*also)))


def change_and_show_case(
    gate: Gate,
    engine: Engine,
    keyring: Keyring,
    case_id: UUID,
    action: str,
    perform: Callable[[UnitOfWorkFactory], object],
    also: Sequence[UUID] = (),
) -> CasePage:
    """``change_case`` with ``CASES_WRITE``, then the case as the caller may see it; who holds
    it and whom it concerns (which the change does not alter) are read once for both."""
    located = locate_case(engine, case_id)
    change_case(
        gate, engine, keyring, Permission.CASES_WRITE, case_id, action, perform, also, located
    )
    return show_case(gate, engine, keyring, case_id, located)


@dataclass(frozen=True)
class CasePage:
    case: Redacted
    notes: list[Shown]


def show_case(
    gate: Gate,
    engine: Engine,
    keyring: Keyring,
    case_id: UUID,
    located: LocatedCase | None = None,
) -> CasePage:
    located = located or locate_case(engine, case_id)
    holding, people = located.holding, located.people
    with reader(engine, keyring)() as uow:
        case = load_case(uow, case_id)
        records = views.CaseRecords(
            uow.cases.hearings_of(case_id),
            uow.cases.deadlines_of(case_id),
            uow.cases.representations_of(case_id),
            uow.cases.notices_of(case_id),
            uow.cases.filings_of(case_id),
        )
        notes = uow.cases.notes_of(case_id)
    record = located.record()
    view = views.case_view(case, people, records)
    shown = gate.read(Permission.CASES_READ, record, view, views.CASE, "case.read")
    note_items = [
        (views.protected(views.NOTE_RECORD, n.id, holding, people), views.note_view(n))
        for n in notes
    ]
    shown_notes = gate.read_many(Permission.CASES_READ, note_items, views.NOTE, "case_note.read")
    # A note whose text is withheld says nothing but that it exists: leave it out.
    return CasePage(shown, [n for n in shown_notes if n.view.data.get("text") is not None])


@dataclass(frozen=True)
class QueuePage:
    deadlines: list[Shown]
    hearings: list[Shown]


def show_queue(
    gate: Gate,
    engine: Engine,
    keyring: Keyring,
    caseworker: str,
    now: datetime,
    horizon: timedelta,
) -> QueuePage:
    queue = caseworker_queue(reader(engine, keyring), caseworker, now, horizon)
    case_ids = {d.case_id for d in queue.deadlines} | {h.case_id for h in queue.hearings}
    holdings = case_holdings(engine, case_ids)
    people = person_summaries(engine, {p for h in holdings.values() for p in h.person_ids})

    def record(case_id: UUID) -> ProtectedRecord:
        return views.protected(views.CASE_RECORD, case_id, holdings[case_id], people)

    deadlines = gate.read_many(
        Permission.CASES_READ,
        [(record(d.case_id), views.deadline_view(d)) for d in queue.deadlines],
        views.DEADLINE,
        "case.queue",
    )
    hearings = gate.read_many(
        Permission.CASES_READ,
        [(record(h.case_id), views.hearing_view(h)) for h in queue.hearings],
        views.HEARING,
        "case.queue",
    )
    return QueuePage(deadlines, hearings)
