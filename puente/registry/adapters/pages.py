"""Registry pages: the registration form, a person's page and a family group's page.

Pages show exactly what the API would: the views the access gate returns, blanks included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.registry.adapters import classification as classes
from puente.registry.adapters import form as registration_form
from puente.registry.adapters.dependencies import (
    AuditedFactory,
    audited_registry_uow,
    registry_uow,
)
from puente.registry.adapters.gated import read_family, read_person
from puente.registry.adapters.schemas import (
    RegistrationView,
)
from puente.registry.services.queries import (
    latest_registrations,
)
from puente.registry.services.registration import BORDER_CITY_TIMEZONES, register
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.shared.db import utc_now
from puente.shared.errors import FieldProblem, IdempotencyConflict, InvalidInput
from puente.web.access import guarded, shown
from puente.web.templating import render

router = APIRouter(include_in_schema=False)
UowFactory = Annotated[Callable[[], RegistryUnitOfWork], Depends(registry_uow)]
AuditedUow = Annotated[AuditedFactory, Depends(audited_registry_uow)]
Reader = Annotated[Gate, Depends(guarded(Permission.REGISTRY_READ))]
Writer = Annotated[Gate, Depends(guarded(Permission.REGISTRY_WRITE))]

REGISTRATION_CITIES = sorted({c.title() for c in BORDER_CITY_TIMEZONES if "juarez" not in c})
COMMON_NATIONALITIES = ["MX", "HN", "GT", "SV", "VE", "HT", "CU", "NI", "EC", "CO", "BR", "PE"]
COMMON_LANGUAGES = ["spa", "hat", "fra", "por", "eng", "quc", "mam", "kek", "cak", "tzo"]


def _form_page(
    request: Request,
    values: dict[str, Any],
    members: list[dict[str, Any]],
    problems: list[FieldProblem],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "registry/register.html",
        {
            "values": values,
            "members": members,
            "problems": problems,
            "problem_fields": {p.field for p in problems},
            "cities": REGISTRATION_CITIES,
            "nationalities": COMMON_NATIONALITIES,
            "languages_spoken": COMMON_LANGUAGES,
            "relationships": registration_form.RELATIONSHIPS,
            "vulnerabilities": registration_form.VULNERABILITIES,
            "sexes": registration_form.SEXES,
        },
        status_code=status_code,
    )


@router.get("/register", response_class=HTMLResponse)
def registration_page(request: Request, gate: Writer) -> HTMLResponse:
    values = {
        "request_id": str(uuid4()),
        "location": "",
        "channel": "staff_assisted",
        "language": "spa",
        "registered_by": "",
        "family_label": "",
        "consent_given": "",
    }
    return _form_page(request, values, [registration_form.blank_member()], [])


async def _form_data(request: Request) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = form.getlist(key)
        data[key] = values if key.endswith("-vulnerabilities") else values[-1]
    return data


@router.post("/register", response_model=None)
async def submit_registration(request: Request, audited: AuditedUow, gate: Writer) -> Response:
    data = await _form_data(request)
    members = registration_form.members_from_form(data)
    values = {k: v for k, v in data.items() if not k.startswith("members-")}
    if data.get("action") == "add_member":
        return _form_page(request, values, [*members, registration_form.blank_member()], [])
    registered_by = str(data.get("registered_by", "")).strip()
    command, problems = registration_form.command_from_form(data, registered_by)
    if command is None:
        return _form_page(request, values, members, problems, status_code=422)
    try:
        audit = gate.authorise_write(Permission.REGISTRY_WRITE, "registration", None, "register")
        outcome = register(audited(audit), command, utc_now(), gate.principal.organisation.id)
    except InvalidInput as error:
        return _form_page(request, values, members, error.problems, status_code=422)
    except IdempotencyConflict:
        # The same form was changed and sent again after it had been saved: start afresh.
        values["request_id"] = str(uuid4())
        problem = FieldProblem("request_id", "this form was already submitted; check and resend")
        return _form_page(request, values, members, [problem], status_code=409)
    group = outcome.group
    target = f"/families/{group.family.id}" if group.family else f"/persons/{group.persons[0].id}"
    return RedirectResponse(target, status_code=303)


PAGE_SIZE = 50


def _parse_cursor(cursor: str | None) -> tuple[datetime, UUID] | None:
    if not cursor:
        return None
    try:
        moment, identifier = cursor.rsplit("_", 1)
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None:
            raise ValueError("naive time")
        return parsed, UUID(identifier)
    except ValueError:
        raise InvalidInput.single("before", "is not a cursor this page gave out") from None


@router.get("/registrations", response_class=HTMLResponse)
def registrations_page(
    request: Request, uow: UowFactory, gate: Reader, before: str | None = None
) -> HTMLResponse:
    page = latest_registrations(uow, PAGE_SIZE, _parse_cursor(before))
    visible = gate.read_many(
        Permission.REGISTRY_READ,
        [
            (
                classes.registration_record(g.registration, g.persons),
                RegistrationView.of_group(g).plain(),
            )
            for g in page.groups
        ],
        classes.REGISTRATION,
        "list registrations",
    )
    cursor = page.next_cursor
    return render(
        request,
        "registry/registrations.html",
        {
            "registrations": [shown(s.view) for s in visible],
            "next_cursor": f"{cursor[0].isoformat()}_{cursor[1]}" if cursor else None,
        },
    )


@router.get("/persons/{person_id}", response_class=HTMLResponse)
def person_page(person_id: UUID, request: Request, uow: UowFactory, gate: Reader) -> HTMLResponse:
    view = read_person(gate, uow, person_id)
    return render(request, "registry/person.html", {"record": shown(view)})


@router.get("/families/{family_id}", response_class=HTMLResponse)
def family_page(family_id: UUID, request: Request, uow: UowFactory, gate: Reader) -> HTMLResponse:
    view = read_family(gate, uow, family_id)
    return render(request, "registry/family.html", {"record": shown(view)})
