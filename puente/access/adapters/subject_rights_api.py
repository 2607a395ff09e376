"""Subject-access export: everything held about a person, as one JSON document, audited.

Staff with the subject-rights permission of the holding organisation, or a legal representative
whose organisation an agreement grants the "subject_export" record type, may obtain it.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Depends, Response

from puente.access.adapters import subject_views as views
from puente.access.adapters.consent_api import ERRORS, RegistryUow, SubjectUow
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.access.services.subject_rights import audit_trail, choices_of
from puente.registry.services.queries import person_record
from puente.web.access import guarded, shown

router = APIRouter(tags=["subject rights"])
RightsReader = Annotated[Gate, Depends(guarded(Permission.SUBJECT_RIGHTS))]


def subject_export(
    person_id: UUID, registry: RegistryUow, uow: SubjectUow, gate: Gate
) -> dict[str, Any]:
    """The export as the gate lets this caller see it (the read is audited)."""
    record = person_record(registry, person_id)
    document = views.export_view(
        record,
        choices_of(uow, person_id),
        audit_trail(uow, views.own_record_ids(record)),
        gate.clock(),
    )
    return shown(
        gate.read(
            Permission.SUBJECT_RIGHTS,
            views.protected(record.person, "subject_export"),
            document,
            views.SUBJECT_EXPORT,
            "subject access export",
        )
    )


@router.get(
    "/persons/{person_id}/subject-export",
    responses={200: {"content": {"application/json": {}}}, **ERRORS},
)
def get_subject_export(
    person_id: UUID, registry: RegistryUow, uow: SubjectUow, gate: RightsReader
) -> Response:
    """Everything held about the person: record, registrations, families, corrections, consent,
    objections, and who read or changed their record, when and for what purpose."""
    body = orjson.dumps(
        subject_export(person_id, registry, uow, gate),
        option=orjson.OPT_UTC_Z | orjson.OPT_INDENT_2,
    )
    filename = f"subject-export-{person_id}.json"
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
