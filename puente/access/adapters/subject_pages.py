"""Pages for a person's consent, objections and subject-access export, used by staff.

They show what the gate returns and change records only through the same use cases as the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from puente.access.adapters import subject_views as views
from puente.access.adapters.consent_api import AuditedUow, RegistryUow, SubjectUow
from puente.access.domain.roles import Permission
from puente.access.domain.sharing import ConsentChannel, ConsentEvent, ConsentStatus, Purpose
from puente.access.domain.subject_rights import Objection
from puente.access.services.guard import Gate
from puente.access.services.subject_rights import (
    SubjectUnitOfWork,
    choices_of,
    record_consent_decision,
    record_objection,
)
from puente.registry.services.queries import person_owner, person_record
from puente.shared.errors import IdempotencyConflict, InvalidInput
from puente.web.access import guarded, shown
from puente.web.templating import render

router = APIRouter(include_in_schema=False)
ConsentGate = Annotated[Gate, Depends(guarded(Permission.CONSENT_RECORD))]
RightsGate = Annotated[Gate, Depends(guarded(Permission.SUBJECT_RIGHTS))]


def _page(
    request: Request,
    person_id: UUID,
    registry: RegistryUow,
    uow: Callable[[], SubjectUnitOfWork],
    gate: Gate,
    problems: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    record = person_record(registry, person_id)
    view = gate.read(
        Permission.CONSENT_RECORD,
        views.protected(record.person, "consent"),
        views.choices_view(person_id, choices_of(uow, person_id)),
        views.CHOICES,
        "read consent history",
    )
    context: dict[str, Any] = {
        "person_id": person_id,
        "choices": shown(view),
        "purposes": list(Purpose),
        "statuses": list(ConsentStatus),
        "channels": list(ConsentChannel),
        "may_object": Permission.SUBJECT_RIGHTS in gate.principal.permissions,
        "problems": problems or [],
        # Fresh ids for each rendered form: sending one form twice (a double click, the
        # browser's resubmit) is a replay that records nothing again.
        "consent_request_id": uuid4(),
        "objection_request_id": uuid4(),
        "resubmitted": status_code == 409,
        "out_of_date": status_code == 400,
    }
    return render(request, "access/consent.html", context, 422 if problems else status_code)


@router.get("/persons/{person_id}/consent", response_class=HTMLResponse)
def consent_page(
    person_id: UUID, request: Request, registry: RegistryUow, uow: SubjectUow, gate: ConsentGate
) -> HTMLResponse:
    return _page(request, person_id, registry, uow, gate)


def _choice(enum: type[Any], value: str, field: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput.single(field, "is not one of the choices") from None


def _request_id(value: str) -> UUID | None:
    """The form's request id; a form without one (none was rendered) records each time.
    ``ValueError`` if it is not an id this page renders: a mangled or tampered form, which the
    staff member cannot fix by choosing a value, only by reloading the page."""
    return UUID(value) if value else None


@router.post("/persons/{person_id}/consent", response_model=None)
def submit_consent(
    person_id: UUID,
    request: Request,
    registry: RegistryUow,
    uow: SubjectUow,
    audited: AuditedUow,
    gate: ConsentGate,
    purpose: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "",
    request_id: Annotated[str, Form()] = "",
) -> Response:
    owner = person_owner(registry, person_id)
    try:
        form_request_id = _request_id(request_id)
    except ValueError:
        return _page(request, person_id, registry, uow, gate, status_code=400)
    try:
        event = ConsentEvent(
            person_id,
            _choice(Purpose, purpose, "purpose"),
            _choice(ConsentStatus, status, "status"),
            gate.clock(),
            _choice(ConsentChannel, channel, "channel"),
            str(gate.principal.user_id),
            form_request_id,
        )
    except InvalidInput as error:
        return _page(request, person_id, registry, uow, gate, [p.field for p in error.problems])
    try:
        record_consent_decision(gate, audited, owner, event)
    except IdempotencyConflict:
        return _page(request, person_id, registry, uow, gate, status_code=409)
    return RedirectResponse(f"/persons/{person_id}/consent", status_code=303)


@router.post("/persons/{person_id}/objections", response_model=None)
def submit_objection(
    person_id: UUID,
    request: Request,
    registry: RegistryUow,
    uow: SubjectUow,
    audited: AuditedUow,
    gate: RightsGate,
    purpose: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    request_id: Annotated[str, Form()] = "",
) -> Response:
    owner = person_owner(registry, person_id)
    try:
        form_request_id = _request_id(request_id)
    except ValueError:
        return _page(request, person_id, registry, uow, gate, status_code=400)
    try:
        objection = Objection(
            form_request_id or uuid4(),
            person_id,
            _choice(Purpose, purpose, "purpose") if purpose != "all" else None,
            reason.strip(),
            gate.clock(),
            _choice(ConsentChannel, channel, "channel"),
            str(gate.principal.user_id),
        )
    except InvalidInput as error:
        return _page(request, person_id, registry, uow, gate, [p.field for p in error.problems])
    try:
        record_objection(gate, audited, owner, objection)
    except IdempotencyConflict:
        return _page(request, person_id, registry, uow, gate, status_code=409)
    return RedirectResponse(f"/persons/{person_id}/consent", status_code=303)
