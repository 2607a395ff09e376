"""The public entry API: a person's own request, position and confirmation (proved by their
registration id and a member's date of birth, rate-limited); the outage evidence; the pass keys.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel
from starlette.types import Receive, Scope, Send

from puente.entry.adapters.dependencies import (
    ask_queue_of,
    entry_uow,
    limiter,
    limiter_of,
    pass_signer,
    signer_of,
)
from puente.entry.adapters.planner_api import OutageOut, outage_out
from puente.entry.adapters.rate_limit import FailureLimiter
from puente.entry.adapters.schemas import ERRORS, ProofBody, SelfAskBody, SelfStatusOut
from puente.entry.adapters.views import appointment_view, explanation_view
from puente.entry.domain.appointments import AppointmentState
from puente.entry.domain.passes import PassSigner, public_key_bytes
from puente.entry.services import outages, self_service
from puente.entry.services.self_service import NotRecognised, SelfAsk, SelfStatus
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.db import utc_now
from puente.web.lean import (
    BareRoute,
    answer_error,
    documented_body,
    read_json_body,
    send_json,
)
from puente.web.routing import PROBLEM, REPLAY_HEADER, client_address

router = APIRouter(prefix="/entry", tags=["entry self-service"])
UowFactory = Annotated[Callable[[], EntryUnitOfWork], Depends(entry_uow)]
Limiter = Annotated[FailureLimiter, Depends(limiter)]
Signer = Annotated[PassSigner, Depends(pass_signer)]
REPLAYED = [(REPLAY_HEADER.lower().encode(), b"true")]  # as raw ASGI headers
SHOWS_PASS = frozenset({AppointmentState.CONFIRMED, AppointmentState.CHECKED_IN})


def status_payload(found: SelfStatus, language: str | None, signer: PassSigner) -> dict[str, Any]:
    """The person's own view (``SelfStatusOut`` as JSON); the pass once the appointment is
    confirmed."""
    request, appointment = found.request, found.appointment
    token = signer.issue(appointment) if appointment and appointment.state in SHOWS_PASS else None
    return {
        "request_id": request.id if request else None,
        "state": request.state.value if request else None,
        "party_size": len(found.party.person_ids),
        "explanation": explanation_view(
            found.explanation, language or (request.language if request else "spa")
        ),
        "appointment": appointment_view(appointment) if appointment else None,
        "pass": token,
    }


def status_out(found: SelfStatus, language: str | None, signer: PassSigner) -> SelfStatusOut:
    return SelfStatusOut.model_validate(status_payload(found, language, signer))


@contextmanager
def counted(address: str, body: ProofBody, limits: FailureLimiter) -> Iterator[None]:
    """Refuse the attempt if this address or registration failed too often; count a failure."""
    limits.check(address, str(body.registration_id))
    try:
        yield
    except NotRecognised:
        limits.failed(address, str(body.registration_id))
        raise


class AskMyself:
    """Ask for an appointment for yourself and your family (one request for the group). The
    answer comes once the request is committed (201; 200 with ``Idempotent-Replayed: true``
    when the party had asked already); its position is computed at the next run. 503 with
    ``Retry-After`` when too many asks wait: nothing was stored, retry."""

    # The rush's route: a bare ASGI app (see ``puente.web.lean``); FastAPI documents the body.
    __signature__ = documented_body(SelfAskBody)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            body = await read_json_body(scope, receive, SelfAskBody)
            ask = SelfAsk(
                body.registration_id,
                body.birth_date,
                tuple(body.preferences),
                body.accepts_other_ports,
                utc_now(),  # the window must be open on arrival, not when the batch is written
            )
            state = scope["app"].state
            with counted(client_address(scope), body, limiter_of(state)):
                found, created = await ask_queue_of(state).ask(ask)
        except Exception as error:
            await answer_error(scope, receive, send, error)
            return
        payload = status_payload(found, body.language, signer_of(state))
        if created:
            await send_json(send, payload, status.HTTP_201_CREATED)
        else:
            await send_json(send, payload, status.HTTP_200_OK, REPLAYED)


router.add_api_route(
    "/self/requests",
    AskMyself(),
    methods=["POST"],
    name="ask_myself",
    status_code=status.HTTP_201_CREATED,
    response_model=SelfStatusOut,
    responses={
        200: {"model": SelfStatusOut, "description": "Asked again"},
        413: PROBLEM,
        503: PROBLEM,
        **ERRORS,
    },
    route_class_override=BareRoute,
)


@router.post("/self/status", responses=ERRORS, response_model_by_alias=True)
def my_status(
    body: ProofBody,
    request: Request,
    uow: UowFactory,
    limits: Limiter,
    signer: Signer,
) -> SelfStatusOut:
    """Your request's state, your position and the reason, in your language; your appointment."""
    with counted(client_address(request.scope), body, limits):
        found = self_service.my_status(uow(), body.registration_id, body.birth_date)
    return status_out(found, body.language, signer)


@router.post("/self/confirm", responses=ERRORS, response_model_by_alias=True)
def confirm_mine(
    body: ProofBody,
    request: Request,
    uow: UowFactory,
    limits: Limiter,
    signer: Signer,
) -> SelfStatusOut:
    """Confirm your appointment before the deadline; the answer carries your pass."""
    with counted(client_address(request.scope), body, limits):
        self_service.confirm_mine(uow(), body.registration_id, body.birth_date, utc_now())
    found = self_service.my_status(uow(), body.registration_id, body.birth_date)
    return status_out(found, body.language, signer)


class FailureOut(BaseModel):
    at: str
    operation: str
    error: str


class EvidenceOut(BaseModel):
    start: str
    end: str
    unavailable_seconds: float
    unavailable_share: float
    outages: list[OutageOut]
    failures: list[FailureOut]


@router.get("/outages/evidence", responses=ERRORS)
def evidence(
    uow: UowFactory, start: datetime, end: datetime, reference: str | None = None
) -> EvidenceOut:
    """When the system was unavailable in a period and, given the reference shown on an error
    page, that attempt: evidence of a significant technical failure. Public: it holds no
    personal data."""
    found = outages.outage_evidence(uow(), start, end, utc_now(), reference)
    return EvidenceOut(
        start=found.start.isoformat(),
        end=found.end.isoformat(),
        unavailable_seconds=found.unavailable.total_seconds(),
        unavailable_share=found.unavailable_share,
        outages=[outage_out(o) for o in found.outages],
        failures=[
            FailureOut(at=f.at.isoformat(), operation=f.operation, error=f.error)
            for f in found.failures
        ],
    )


@router.get("/pass-keys")
def pass_keys(signer: Signer) -> dict[str, list[dict[str, str]]]:
    """The public keys an officer's device verifies passes with, offline."""
    key = base64.b64encode(public_key_bytes(signer.public_key)).decode()
    return {"keys": [{"key_id": signer.key_id.hex(), "public_key": key}]}
