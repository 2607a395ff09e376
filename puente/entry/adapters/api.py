"""Entry API for staff: ask on a party's behalf, read a request with its reason, confirm; and
for port officers: verify a pass and check the party in (the family, the appointment, nothing
confidential).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import APIRouter, Depends, Response, status

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.entry.adapters.dependencies import (
    AuditedFactory,
    audited_entry_uow,
    entry_uow,
    party_directory,
    pass_keys,
)
from puente.entry.adapters.registry_link import SqlPartyDirectory
from puente.entry.adapters.schemas import ERRORS, AskBody, CheckInOut, PassBody, RequestOut
from puente.entry.adapters.views import (
    CHECK_IN_CLASSIFICATION,
    REQUEST_CLASSIFICATION,
    appointment_record,
    check_in_view,
    request_record,
    request_view,
)
from puente.entry.domain.passes import PassClaims, verify_pass
from puente.entry.domain.requests import (
    CourtCase,
    EntryRequest,
    VulnerabilityAssessment,
    VulnerabilityLevel,
)
from puente.entry.services import lifecycle
from puente.entry.services.requesting import AskForEntry, ask_for_entry
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.db import utc_now
from puente.shared.errors import NotFound
from puente.web.access import guarded, shown
from puente.web.routing import REPLAY_HEADER

router = APIRouter(prefix="/entry", tags=["entry"])
UowFactory = Annotated[Callable[[], EntryUnitOfWork], Depends(entry_uow)]
AuditedUow = Annotated[AuditedFactory, Depends(audited_entry_uow)]
Directory = Annotated[SqlPartyDirectory, Depends(party_directory)]
Keys = Annotated[dict[bytes, Ed25519PublicKey], Depends(pass_keys)]


def _request(uow: EntryUnitOfWork, request_id: str) -> EntryRequest:
    with uow:
        found = uow.entry.get_request(request_id)
    if found is None:
        raise NotFound("entry request", request_id)
    return found


def read_request(
    gate: Gate, uow: UowFactory, request: EntryRequest, language: str | None
) -> RequestOut:
    with uow() as unit:
        explanation = unit.entry.explanation_of(request.id)
        appointment = unit.entry.appointment_of(request.id)
    view = gate.read(
        Permission.ENTRY_READ,
        request_record(request),
        request_view(request, explanation, appointment, language),
        REQUEST_CLASSIFICATION,
        "entry.request.read",
    )
    return RequestOut.model_validate(shown(view))


def _command(body: AskBody, window_id: str | None, gate: Gate) -> AskForEntry:
    level = VulnerabilityLevel[body.vulnerability.upper()]
    case = body.court_case
    return AskForEntry(
        window_id=window_id,
        person_ids=tuple(body.person_ids),
        family_id=body.family_id,
        preferences=tuple(body.preferences),
        registered_at=body.registered_at,
        vulnerability=VulnerabilityAssessment(
            level, tuple(body.vulnerability_flags), utc_now(), str(gate.principal.user_id)
        ),
        language=body.language,
        nationality=body.nationality,
        accepts_other_ports=body.accepts_other_ports,
        group=body.group,
        court_case=CourtCase(case.a_number, case.status, case.checked_on) if case else None,
        owner_id=gate.principal.organisation.id,
    )


@router.post(
    "/requests",
    status_code=status.HTTP_201_CREATED,
    response_model=RequestOut,
    responses={
        200: {"model": RequestOut, "description": "Asked again: the same request"},
        **ERRORS,
    },
)
def ask(
    body: AskBody,
    uow: UowFactory,
    audited: AuditedUow,
    gate: Annotated[Gate, Depends(guarded(Permission.ENTRY_REQUEST))],
) -> Response:
    """Ask for an appointment for a person alone or a whole family group (one request)."""
    now = utc_now()
    command = _command(body, body.window_id, gate)

    audit = gate.authorise_write(Permission.ENTRY_REQUEST, "entry_request", None, "entry.request")
    outcome = ask_for_entry(audited(audit)(), command, now, mpp=body.mpp)
    if not outcome.created:
        # Asked again: nothing changes, but the stored request is shown again.
        audit(gate.audit, [UUID(outcome.request.id)])
    view = read_request(gate, uow, outcome.request, None).model_dump_json()
    if outcome.created:
        return Response(view, status.HTTP_201_CREATED, media_type="application/json")
    return Response(view, headers={REPLAY_HEADER: "true"}, media_type="application/json")


@router.get("/requests/{request_id}", responses=ERRORS)
def get_request(
    request_id: UUID,
    uow: UowFactory,
    gate: Annotated[Gate, Depends(guarded(Permission.ENTRY_READ))],
    lang: str | None = None,
) -> RequestOut:
    """A request with its state, the reason of the last run and its appointment."""
    return read_request(gate, uow, _request(uow(), str(request_id)), lang)


@router.post("/appointments/{appointment_id}/confirm", responses=ERRORS)
def confirm_on_behalf(
    appointment_id: UUID,
    uow: UowFactory,
    audited: AuditedUow,
    gate: Annotated[Gate, Depends(guarded(Permission.ENTRY_REQUEST))],
) -> RequestOut:
    with uow() as unit:
        appointment = unit.entry.get_appointment(appointment_id)
    if appointment is None:
        raise NotFound("appointment", appointment_id)
    request = _request(uow(), appointment.request_id)
    # Reading first: a record the caller may not see is not found, not forbidden.
    read_request(gate, uow, request, None)
    audit = gate.authorise_write(
        Permission.ENTRY_REQUEST, "appointment", request.owner_id, "entry.appointment.confirm"
    )
    lifecycle.confirm(audited(audit)(), appointment_id, utc_now())
    return read_request(gate, uow, request, None)


def check_in_shown(
    gate: Gate, uow: UowFactory, directory: SqlPartyDirectory, claims: PassClaims
) -> tuple[CheckInOut, EntryRequest]:
    """What the officer sees of the appointment a verified pass names."""
    with uow() as unit:
        appointment = unit.entry.get_appointment(claims.appointment_id)
        request = unit.entry.get_request(appointment.request_id) if appointment else None
    if appointment is None or request is None:
        raise NotFound("appointment", claims.appointment_id)
    view = gate.read(
        Permission.ENTRY_CHECK_IN,
        appointment_record(appointment, request),
        check_in_view(appointment, request, directory.members(request.person_ids)),
        CHECK_IN_CLASSIFICATION,
        "entry.check_in.view",
    )
    out = CheckInOut.model_validate(shown(view))
    return out, request


@router.post("/check-in/verify", responses=ERRORS)
def verify(
    body: PassBody,
    uow: UowFactory,
    directory: Directory,
    keys: Keys,
    gate: Annotated[Gate, Depends(guarded(Permission.ENTRY_CHECK_IN))],
) -> CheckInOut:
    """Verify a pass and show who comes: the family and the appointment."""
    return check_in_shown(gate, uow, directory, verify_pass(body.token, keys, utc_now()))[0]


@router.post("/check-in", responses=ERRORS)
def check_in(
    body: PassBody,
    uow: UowFactory,
    directory: Directory,
    keys: Keys,
    audited: AuditedUow,
    gate: Annotated[Gate, Depends(guarded(Permission.ENTRY_CHECK_IN))],
) -> CheckInOut:
    """Check the party in: the pass must verify and match the appointment on record."""
    return checked_in(gate, uow, audited, directory, verify_pass(body.token, keys, utc_now()))


def checked_in(
    gate: Gate,
    uow: UowFactory,
    audited: AuditedFactory,
    directory: SqlPartyDirectory,
    claims: PassClaims,
) -> CheckInOut:
    """Check in the party of a verified pass; what the officer sees of them afterwards."""
    _, request = check_in_shown(gate, uow, directory, claims)
    audit = gate.authorise_write(
        Permission.ENTRY_CHECK_IN, "appointment", request.owner_id, "entry.check_in"
    )
    lifecycle.check_in(audited(audit)(), claims, utc_now())
    return check_in_shown(gate, uow, directory, claims)[0]
