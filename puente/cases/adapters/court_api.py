"""The cases API in immigration court beyond scheduling: hearing notices checked against the
address on record, filings, and hearing outcomes. Each answers the case as the caller may see it."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request

from puente.access.domain.roles import Permission
from puente.cases.adapters.api import Writer, case_out
from puente.cases.adapters.gated import change_case, show_case, writer
from puente.cases.adapters.schemas import CaseOut, FilingIn, NoticeIn, OutcomeIn
from puente.cases.adapters.store.people import SqlPeopleDirectory
from puente.cases.services.commands import SendNotice
from puente.cases.services.court import record_outcome, send_notice
from puente.cases.services.records import record_filing
from puente.web.routing import ERRORS, engine_of, keyring_of

router = APIRouter(tags=["cases"], responses=ERRORS)


@router.post("/cases/{case_id}/notices", status_code=201)
def notice(case_id: UUID, body: NoticeIn, request: Request, gate: Writer) -> CaseOut:
    """Record a hearing notice sent to one of the case's people; it is flagged when it went to
    an address that was not theirs on record at the time (the registry's address history)."""
    engine, keyring = engine_of(request), keyring_of(request)
    command = SendNotice(case_id=case_id, **body.model_dump())
    change_case(
        gate,
        engine,
        Permission.CASES_WRITE,
        case_id,
        "case.notice",
        lambda: send_notice(
            writer(engine, keyring, gate), SqlPeopleDirectory(engine, keyring), command
        ),
        lambda c: [c.notice.case_id],
    )
    return case_out(show_case(gate, engine, keyring, case_id))


@router.post("/cases/{case_id}/filings", status_code=201)
def filing(case_id: UUID, body: FilingIn, request: Request, gate: Writer) -> CaseOut:
    """Record a form filed for the case (an I-589 meets the one-year deadline)."""
    engine, keyring = engine_of(request), keyring_of(request)
    change_case(
        gate,
        engine,
        Permission.CASES_WRITE,
        case_id,
        "case.filing",
        lambda: record_filing(
            writer(engine, keyring, gate),
            case_id,
            body.form,
            body.filed_at,
            str(gate.principal.user_id),
        ),
        lambda f: [f.case_id],
    )
    return case_out(show_case(gate, engine, keyring, case_id))


@router.post("/cases/{case_id}/hearings/{hearing_id}/outcome", status_code=201)
def outcome(
    case_id: UUID, hearing_id: UUID, body: OutcomeIn, request: Request, gate: Writer
) -> CaseOut:
    """Close a hearing with what the court decided; a closed hearing cannot change (422)."""
    engine, keyring = engine_of(request), keyring_of(request)
    change_case(
        gate,
        engine,
        Permission.CASES_WRITE,
        case_id,
        "case.hearing_outcome",
        lambda: record_outcome(writer(engine, keyring, gate), case_id, hearing_id, body.outcome),
        lambda h: [h.case_id],
    )
    return case_out(show_case(gate, engine, keyring, case_id))
