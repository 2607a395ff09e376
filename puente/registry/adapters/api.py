"""Registry JSON API: register, look up and correct people and family groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from puente.registry.adapters.dependencies import registry_uow
from puente.registry.adapters.schemas import (
    CorrectionView,
    FamilyRecordView,
    PersonRecordView,
    RegistrationView,
)
from puente.registry.services.commands import CorrectPersonCommand, RegisterCommand
from puente.registry.services.correction import correct_person
from puente.registry.services.queries import family_record, person_record
from puente.registry.services.registration import lookup_registration, register
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.shared.db import utc_now
from puente.shared.errors import NotFound

router = APIRouter(tags=["registry"])
UowFactory = Annotated[Callable[[], RegistryUnitOfWork], Depends(registry_uow)]
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}
REPLAY_HEADER = "Idempotent-Replayed"
JSON_MEDIA_TYPE = "application/json"


@router.post(
    "/registrations",
    status_code=status.HTTP_201_CREATED,
    response_model=RegistrationView,
    responses={200: {"model": RegistrationView, "description": "A repeated request id"}, **ERRORS},
)
def create_registration(command: RegisterCommand, uow: UowFactory) -> Response:
    """Register a person, or a family group (two or more members, one of them the head)."""
    outcome = register(uow, command, utc_now())
    # The view is built and validated here; serialising it directly spares FastAPI validating
    # it a second time against the response model, the hot path's costliest step after SQL.
    body = RegistrationView.of_group(outcome.group).model_dump_json()
    if outcome.created:
        return Response(body, status.HTTP_201_CREATED, media_type=JSON_MEDIA_TYPE)
    return Response(body, headers={REPLAY_HEADER: "true"}, media_type=JSON_MEDIA_TYPE)


@router.get("/registrations/{registration_id}", responses=ERRORS)
def get_registration(registration_id: UUID, uow: UowFactory) -> RegistrationView:
    group = lookup_registration(uow, registration_id)
    if group is None:
        raise NotFound("registration", registration_id)
    return RegistrationView.of_group(group)


@router.get("/persons/{person_id}", responses=ERRORS)
def get_person(person_id: UUID, uow: UowFactory) -> PersonRecordView:
    """A person with their family groups, registrations and correction history."""
    return PersonRecordView.of(person_record(uow, person_id))


@router.patch("/persons/{person_id}", responses=ERRORS)
def patch_person(person_id: UUID, command: CorrectPersonCommand, uow: UowFactory) -> CorrectionView:
    """Correct some of a person's details; the change is kept in their history."""
    return CorrectionView.of(correct_person(uow, person_id, command, utc_now()))


@router.get("/families/{family_id}", responses=ERRORS)
def get_family(family_id: UUID, uow: UowFactory) -> FamilyRecordView:
    return FamilyRecordView.of(family_record(uow, family_id))
