"""The cases API in immigration court beyond scheduling: hearing notices checked against the
address on record, filings, and hearing outcomes. Each answers the case as the caller may see it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from fastapi import APIRouter, Request

from puente.access.services.guard import Gate
from puente.cases.adapters.api import Writer, case_out
from puente.cases.adapters.gated import change_and_show_case
from puente.cases.adapters.schemas import CaseOut, FilingIn, NoticeIn, OutcomeIn
from puente.cases.adapters.store.people import SqlPeopleDirectory
from puente.cases.services.commands import SendNotice
from puente.cases.services.court import record_outcome, send_notice
from puente.cases.services.pathway import UnitOfWorkFactory
from puente.cases.services.records import record_filing
from puente.web.routing import ERRORS, engine_of, keyring_of

router = APIRouter(tags=["cases"], responses=ERRORS)


def _changed(
    request: Request,
    gate: Gate,
    case_id: UUID,
    action: str,
    perform: Callable[[UnitOfWorkFactory], object],
    also: Sequence[UUID] = (),
) -> CaseOut:
    """Change a case the caller holds (audited, naming the case and ``also``), then answer it
    as they may see it."""
    engine, keyring = engine_of(request), keyring_of(request)
    return case_out(change_and_show_case(gate, engine, keyring, case_id, action, perform, also))


@router.post("/cases/{case_id}/notices", status_code=201)
def notice(case_id: UUID, body: NoticeIn, request: Request, gate: Writer) -> CaseOut:
    """Record a hearing notice sent to one of the case's people; it is flagged when it went to
    an address that was not theirs on record at the time (the registry's address history)."""
    people = SqlPeopleDirectory(engine_of(request), keyring_of(request))
    command = SendNotice(case_id=case_id, **body.model_dump())
    return _changed(
        request,
        gate,
        case_id,
        "case.notice",
        lambda uow: send_notice(uow, people, command),
        # The person it went to: their subject-access export lists the notice.
        also=[body.person_id],
    )


@router.post("/cases/{case_id}/filings", status_code=201)
def filing(case_id: UUID, body: FilingIn, request: Request, gate: Writer) -> CaseOut:
    """Record a form filed for the case by the caller (an I-589 meets the one-year deadline)."""
    by = str(gate.principal.user_id)
    return _changed(
        request,
        gate,
        case_id,
        "case.filing",
        lambda uow: record_filing(uow, case_id, body.form, body.filed_at, by),
    )


@router.post("/cases/{case_id}/hearings/{hearing_id}/outcome", status_code=201)
def outcome(
    case_id: UUID, hearing_id: UUID, body: OutcomeIn, request: Request, gate: Writer
) -> CaseOut:
    """Close a hearing with what the court decided; a closed hearing cannot change (422)."""
    return _changed(
        request,
        gate,
        case_id,
        "case.hearing_outcome",
        lambda uow: record_outcome(uow, case_id, hearing_id, body.outcome),
        also=[hearing_id],
    )
