"""Consent and objection API: record a person's choices per purpose and read their history.

Changes go through the gate's write (the person's holding organisation only); reads through its
read, so a person another organisation holds answers 404 unless an agreement shares "consent".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import AwareDatetime, BaseModel, Field

from puente.access.adapters import subject_views as views
from puente.access.adapters.store.subject_store import SqlSubjectUnitOfWork, audited_subject_uow
from puente.access.domain.redaction import Classification
from puente.access.domain.roles import Permission
from puente.access.domain.sharing import ConsentChannel, ConsentEvent, ConsentStatus, Purpose
from puente.access.domain.subject_rights import Objection
from puente.access.services.guard import Gate
from puente.access.services.subject_rights import (
    AuditedUowFactory,
    Recorded,
    SubjectUnitOfWork,
    choices_of,
    record_consent_decision,
    record_objection,
)
from puente.registry.adapters.dependencies import registry_uow
from puente.registry.services.queries import person_owner, person_record
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.web.access import guarded, json_response
from puente.web.routing import REPLAY_HEADER, engine_of, problems

router = APIRouter(tags=["consent"])
RegistryUow = Annotated[Callable[[], RegistryUnitOfWork], Depends(registry_uow)]
ConsentWriter = Annotated[Gate, Depends(guarded(Permission.CONSENT_RECORD))]
RightsWriter = Annotated[Gate, Depends(guarded(Permission.SUBJECT_RIGHTS))]
ERRORS = problems(400, 401, 403, 404, 422)


async def subject_uow(request: Request) -> Callable[[], SubjectUnitOfWork]:
    engine = engine_of(request)
    return partial(SqlSubjectUnitOfWork, engine)


SubjectUow = Annotated[Callable[[], SubjectUnitOfWork], Depends(subject_uow)]


async def audited_uow(request: Request) -> AuditedUowFactory:
    return audited_subject_uow(engine_of(request))


AuditedUow = Annotated[AuditedUowFactory, Depends(audited_uow)]
REQUEST_ID = Field(
    None, description="The client's id for this request: sending it again records nothing"
)


class ConsentCommand(BaseModel):
    purpose: Purpose
    status: ConsentStatus
    channel: ConsentChannel
    at: AwareDatetime | None = Field(None, description="When the person decided; default now")
    request_id: UUID | None = REQUEST_ID


class ConsentView(BaseModel):
    person_id: UUID
    purpose: Purpose | None
    status: ConsentStatus | None
    at: datetime | None
    channel: ConsentChannel | None
    recorded_by: str | None
    request_id: UUID | None = None
    redacted: list[str] = []


class ObjectionCommand(BaseModel):
    purpose: Purpose | None = Field(None, description="A sharing purpose; none: all processing")
    reason: str = Field("", max_length=2000)
    channel: ConsentChannel
    at: AwareDatetime | None = None
    request_id: UUID | None = REQUEST_ID


class ObjectionView(BaseModel):
    id: UUID
    person_id: UUID
    purpose: Purpose | None
    to_all_processing: bool | None
    reason: str | None
    at: datetime | None
    channel: ConsentChannel | None
    recorded_by: str | None
    redacted: list[str] = []


class ChoicesView(BaseModel):
    person_id: UUID
    consents: list[ConsentView] | None
    objections: list[ObjectionView] | None
    redacted: list[str] = []


def consent_event(person_id: UUID, command: ConsentCommand, gate: Gate) -> ConsentEvent:
    return ConsentEvent(
        person_id,
        command.purpose,
        command.status,
        command.at or gate.clock(),
        command.channel,
        str(gate.principal.user_id),
        command.request_id,
    )


def objection_of(person_id: UUID, command: ObjectionCommand, gate: Gate) -> Objection:
    return Objection(
        command.request_id or uuid4(),
        person_id,
        command.purpose,
        command.reason.strip(),
        command.at or gate.clock(),
        command.channel,
        str(gate.principal.user_id),
    )


@router.post(
    "/persons/{person_id}/consents",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentView,
    responses=ERRORS,
)
def post_consent(
    person_id: UUID,
    command: ConsentCommand,
    registry: RegistryUow,
    uow: AuditedUow,
    gate: ConsentWriter,
) -> Response:
    """Record that the person gave, refused or withdrew consent to one sharing purpose; a
    repeated ``request_id`` records nothing and answers the first decision (200)."""
    owner = person_owner(registry, person_id)
    event = record_consent_decision(gate, uow, owner, consent_event(person_id, command, gate))
    return _recorded(gate, event, views.consent_view(event.value), views.CONSENT)


@router.get("/persons/{person_id}/consents", response_model=ChoicesView, responses=ERRORS)
def get_choices(
    person_id: UUID, registry: RegistryUow, uow: SubjectUow, gate: ConsentWriter
) -> Response:
    """The person's consent history and objections, oldest first."""
    person = person_record(registry, person_id).person
    view = gate.read(
        Permission.CONSENT_RECORD,
        views.protected(person, "consent"),
        views.choices_view(person_id, choices_of(uow, person_id)),
        views.CHOICES,
        "read consent history",
    )
    return json_response(view)


@router.post(
    "/persons/{person_id}/objections",
    status_code=status.HTTP_201_CREATED,
    response_model=ObjectionView,
    responses=ERRORS,
)
def post_objection(
    person_id: UUID,
    command: ObjectionCommand,
    registry: RegistryUow,
    uow: AuditedUow,
    gate: RightsWriter,
) -> Response:
    """Record an objection to a purpose (its consent is withdrawn) or to all processing; a
    repeated ``request_id`` records nothing and answers the first objection (200)."""
    owner = person_owner(registry, person_id)
    objection = record_objection(gate, uow, owner, objection_of(person_id, command, gate))
    return _recorded(gate, objection, views.objection_view(objection.value), views.OBJECTION)


def _recorded(
    gate: Gate, recorded: Recorded[Any], view: dict[str, Any], classification: Classification
) -> Response:
    shown = gate.own_view(view, classification)
    if recorded.created:
        return json_response(shown, status.HTTP_201_CREATED)
    return json_response(shown, headers={REPLAY_HEADER: "true"})
