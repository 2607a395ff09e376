"""A person as table rows and back; phones, document numbers and addresses sealed on the way.

Reading a person whose data key was shredded gives no phones, documents or addresses: their
ciphertexts stay in the rows (as in any backup) but nothing can open them.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Row, Table

from puente.registry.adapters.store import tables as t
from puente.registry.adapters.store.sealing import (
    DOCUMENT,
    PHONE,
    PLACE,
    FieldSealer,
    document_index_value,
)
from puente.registry.domain.birth import BirthDate, BirthPrecision
from puente.registry.domain.contact import Address, DocumentKind, IdentityDocument
from puente.registry.domain.model import Person, Sex
from puente.registry.domain.names import Alias, AliasKind, PersonName


def person_row(person: Person) -> dict[str, Any]:
    birth = person.birth_date
    return {
        "id": person.id,
        "given_names": person.name.given_names,
        "first_surname": person.name.first_surname,
        "second_surname": person.name.second_surname,
        "name_as_written": person.name.as_written,
        "sex": person.sex,
        "birth_year": birth.year if birth else None,
        "birth_month": birth.month if birth else None,
        "birth_day": birth.day if birth else None,
        "birth_precision": birth.precision if birth else None,
        "created_at": person.created_at,
        "version": person.version,
        "owner_id": person.owner_id,
    }


def _place(address: Address) -> str:
    return orjson.dumps([address.line1, address.city, address.state, address.postal_code]).decode()


def detail_rows(
    person: Person, key: bytes, sealer: FieldSealer
) -> dict[Table, list[dict[str, Any]]]:
    """The person's detail rows, the sensitive values sealed with ``key`` (their data key)."""
    pid = person.id
    return {
        t.person_nationalities: [
            {"person_id": pid, "position": i, "country": c}
            for i, c in enumerate(person.nationalities)
        ],
        t.person_languages: [
            {"person_id": pid, "position": i, "language": c} for i, c in enumerate(person.languages)
        ],
        t.person_phones: [
            {
                "person_id": pid,
                "position": i,
                "e164_sealed": sealer.seal(key, p, PHONE),
                "e164_index": sealer.index(PHONE, p),
            }
            for i, p in enumerate(person.phones)
        ],
        t.person_aliases: [
            {"person_id": pid, "position": i, "kind": a.kind, "text": a.text}
            for i, a in enumerate(person.aliases)
        ],
        t.person_documents: [
            {
                "person_id": pid,
                "position": i,
                "kind": d.kind,
                "number_sealed": sealer.seal(key, d.number, DOCUMENT),
                "number_index": sealer.index(DOCUMENT, document_index_value(d.kind, d.number)),
                "issuing_country": d.issuing_country,
                "expires_on": d.expires_on,
            }
            for i, d in enumerate(person.documents)
        ],
        t.person_addresses: [
            {
                "person_id": pid,
                "position": i,
                "country": a.country,
                "place_sealed": sealer.seal(key, _place(a), PLACE),
                "valid_from": a.valid_from,
                "valid_to": a.valid_to,
            }
            for i, a in enumerate(person.addresses)
        ],
    }


def _address(row: Row[Any], place: str) -> Address:
    line1, city, state, postal_code = orjson.loads(place)
    return Address(row.country, line1, city, state, postal_code, row.valid_from, row.valid_to)


def person_from_rows(
    row: Row[Any], details: dict[Table, list[Row[Any]]], key: bytes | None, sealer: FieldSealer
) -> Person:
    """The stored person; without a data key (shredded) the sealed fields are left out."""
    birth = (
        BirthDate(
            row.birth_year, row.birth_month, row.birth_day, BirthPrecision(row.birth_precision)
        )
        if row.birth_year is not None
        else None
    )
    sealed = {table: details[table] if key is not None else [] for table in SEALED_TABLES}
    opened = key or b""
    return Person(
        id=row.id,
        name=PersonName(
            row.given_names, row.first_surname, row.second_surname, row.name_as_written
        ),
        sex=Sex(row.sex),
        birth_date=birth,
        nationalities=tuple(r.country for r in details[t.person_nationalities]),
        languages=tuple(r.language for r in details[t.person_languages]),
        owner_id=row.owner_id,
        phones=tuple(sealer.open(opened, r.e164_sealed, PHONE) for r in sealed[t.person_phones]),
        aliases=tuple(Alias(r.text, AliasKind(r.kind)) for r in details[t.person_aliases]),
        documents=tuple(
            IdentityDocument(
                DocumentKind(r.kind),
                sealer.open(opened, r.number_sealed, DOCUMENT),
                r.issuing_country,
                r.expires_on,
            )
            for r in sealed[t.person_documents]
        ),
        addresses=tuple(
            _address(r, sealer.open(opened, r.place_sealed, PLACE))
            for r in sealed[t.person_addresses]
        ),
        created_at=row.created_at,
        version=row.version,
    )


SEALED_TABLES = (t.person_phones, t.person_documents, t.person_addresses)
