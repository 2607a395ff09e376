"""Registry JSON API: register, look up and correct people and family groups.

Every route goes through the access gate: it decides, blanks what the reader may not see and
audits the read or write. A record the reader may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import DataCategory, Permission
from puente.access.services.guard import Gate
from puente.registry.adapters import classification as classes
from puente.registry.adapters.dependencies import (
    AuditedFactory,
    audited_registry_uow,
    registry_uow,
)
from puente.registry.adapters.gated import read_family, read_person
from puente.registry.adapters.schemas import (
    CorrectionView,
    FamilyRecordView,
    PersonRecordView,
    PersonSearchView,
    PersonView,
    RegistrationView,
)
from puente.registry.services.commands import CorrectPersonCommand, RegisterCommand
from puente.registry.services.correction import correct_person
from puente.registry.services.protection import persons_with_document, persons_with_phone
from puente.registry.services.queries import person_owner
from puente.registry.services.registration import lookup_registration, register
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.shared.db import utc_now
from puente.shared.errors import InvalidInput, NotFound
from puente.web.access import guarded, json_response
from puente.web.access import shown as visible
from puente.web.routing import ERRORS, REPLAY_HEADER

router = APIRouter(tags=["registry"])
UowFactory = Annotated[Callable[[], RegistryUnitOfWork], Depends(registry_uow)]
AuditedUow = Annotated[AuditedFactory, Depends(audited_registry_uow)]
Reader = Annotated[Gate, Depends(guarded(Permission.REGISTRY_READ))]
Writer = Annotated[Gate, Depends(guarded(Permission.REGISTRY_WRITE))]


@router.post(
    "/registrations",
    status_code=status.HTTP_201_CREATED,
    response_model=RegistrationView,
    responses={200: {"model": RegistrationView, "description": "A repeated request id"}, **ERRORS},
)
def create_registration(command: RegisterCommand, audited: AuditedUow, gate: Writer) -> Response:
    """Register a person, or a family group (two or more members, one of them the head)."""
    audit = gate.authorise_write(Permission.REGISTRY_WRITE, "registration", None, "register")
    outcome = register(audited(audit), command, utc_now(), gate.principal.organisation.id)
    if not outcome.created:
        # A replay changes nothing, but it shows the stored registration again.
        audit(gate.audit, [outcome.group.registration.id])
    view = gate.own_view(RegistrationView.of_group(outcome.group).plain(), classes.REGISTRATION)
    if outcome.created:
        return json_response(view, status.HTTP_201_CREATED)
    return json_response(view, headers={REPLAY_HEADER: "true"})


@router.get("/registrations/{registration_id}", response_model=RegistrationView, responses=ERRORS)
def get_registration(registration_id: UUID, uow: UowFactory, gate: Reader) -> Response:
    group = lookup_registration(uow, registration_id)
    if group is None:
        raise NotFound("registration", registration_id)
    view = gate.read(
        Permission.REGISTRY_READ,
        classes.registration_record(group.registration, group.persons),
        RegistrationView.of_group(group).plain(),
        classes.REGISTRATION,
        "read registration",
    )
    return json_response(view)


@router.get("/persons", response_model=PersonSearchView, responses=ERRORS)
def find_persons(
    uow: UowFactory,
    gate: Reader,
    phone: str | None = None,
    document_kind: str | None = None,
    document_number: str | None = None,
) -> Response:
    """Who holds this phone, or this document (kind and number), matched by blind index.

    Only people whose phones (or documents) the reader may see are answered: showing a match
    with the field blanked would still tell the reader who holds the number.
    """
    if phone is not None and document_kind is None and document_number is None:
        found, needed = persons_with_phone(uow, phone), DataCategory.CONTACT
    elif phone is None and document_kind is not None and document_number is not None:
        found = persons_with_document(uow, document_kind, document_number)
        needed = DataCategory.DOCUMENTS
    else:
        raise InvalidInput.single("phone", "give a phone, or a document_kind and document_number")
    matches = gate.read_many(
        Permission.REGISTRY_READ,
        [(classes.person_record(p), PersonView.of(p).model_dump()) for p in found],
        classes.PERSON,
        "find persons",
    )
    persons = [visible(s.view) for s in matches if needed in s.decision.categories]
    return json_response(Redacted({"persons": persons}, ()))


@router.get("/persons/{person_id}", response_model=PersonRecordView, responses=ERRORS)
def get_person(person_id: UUID, uow: UowFactory, gate: Reader) -> Response:
    """A person with their family groups, registrations and correction history."""
    return json_response(read_person(gate, uow, person_id))


@router.patch("/persons/{person_id}", response_model=CorrectionView, responses=ERRORS)
def patch_person(
    person_id: UUID,
    command: CorrectPersonCommand,
    uow: UowFactory,
    audited: AuditedUow,
    gate: Writer,
) -> Response:
    """Correct some of a person's details; the change is kept in their history."""
    owner = person_owner(uow, person_id)
    audit = gate.authorise_write(
        Permission.REGISTRY_WRITE, "person", owner, "correct person", person_id
    )
    correction = correct_person(audited(audit), person_id, command, utc_now())
    return json_response(gate.own_view(CorrectionView.of(correction).plain(), classes.CORRECTION))


@router.get("/families/{family_id}", response_model=FamilyRecordView, responses=ERRORS)
def get_family(family_id: UUID, uow: UowFactory, gate: Reader) -> Response:
    return json_response(read_family(gate, uow, family_id))
