"""Exports registrations to the flat file layout the importer reads back, as the reader may see.

Every row passes the access gate: another organisation's records appear only under an agreement
with the people's consent, with the columns it does not grant left empty; the export is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.registry.adapters import classification as classes
from puente.registry.adapters.row_format import LIST_SEPARATOR, write_rows
from puente.registry.services.unit_of_work import RegisteredGroup, RegistryUnitOfWork


def _rows(group: RegisteredGroup) -> Iterator[dict[str, str]]:
    reg = group.registration
    relationships = (
        {m.person_id: m.relationship.value for m in group.family.members} if group.family else {}
    )
    for person in group.persons:
        document = person.documents[0] if person.documents else None
        address = person.current_address
        birth = person.birth_date
        yield {
            "request_id": reg.request_id,
            "family_ref": str(group.family.id) if group.family else "",
            "relationship": relationships.get(person.id, ""),
            "given_names": person.name.given_names,
            "first_surname": person.name.first_surname,
            "second_surname": person.name.second_surname or "",
            "name_as_written": person.name.as_written,
            "sex": person.sex.value,
            "birth_date": birth.isoformat() if birth and birth.precision != "estimated_age" else "",
            "estimated_age": str(reg.registered_at.year - birth.year)
            if birth and birth.precision == "estimated_age"
            else "",
            "nationalities": LIST_SEPARATOR.join(person.nationalities),
            "languages": LIST_SEPARATOR.join(person.languages),
            "phones": LIST_SEPARATOR.join(person.phones),
            "document_kind": document.kind.value if document else "",
            "document_number": document.number if document else "",
            "document_country": (document.issuing_country or "") if document else "",
            "address_country": address.country if address else "",
            "address_line1": address.line1 if address else "",
            "address_city": address.city if address else "",
            "address_state": (address.state or "") if address else "",
            "address_postal_code": (address.postal_code or "") if address else "",
            "vulnerabilities": LIST_SEPARATOR.join(
                sorted(v.value for v in reg.vulnerabilities.get(person.id, frozenset()))
            ),
            "location": reg.location,
            "registered_by": reg.registered_by,
            "registered_at": reg.registered_at.isoformat(),
            "channel": reg.channel.value,
            "language": reg.language,
            "consent_given": "yes" if reg.consent_given else "no",
        }


def _visible_rows(gate: Gate, groups: Iterator[RegisteredGroup]) -> Iterator[dict[str, str]]:
    for group in groups:
        record = classes.registration_record(group.registration, group.persons)
        shown = gate.read_many(
            Permission.REGISTRY_EXPORT,
            [(record, row) for row in _rows(group)],
            classes.EXPORT_ROW,
            "export registrations",
        )
        for item in shown:
            yield {column: value or "" for column, value in item.view.data.items()}


def export_registrations(
    uow_factory: Callable[[], RegistryUnitOfWork], gate: Gate, path: Path
) -> int:
    with uow_factory() as uow:
        return write_rows(path, _visible_rows(gate, uow.registry.iter_registrations()))
