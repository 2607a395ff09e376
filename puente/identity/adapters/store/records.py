"""Reads the registry's persons as identity sees them: linkage input rows and review summaries.

The registry's tables are read, never written. A person's holding organisation is the
registry's ``owner_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, select

from puente.identity.adapters.store.tables import identity_clusters
from puente.identity.domain.clustering import RecordId
from puente.identity.services.ports import PersonSummary
from puente.registry.adapters.store import tables as registry
from puente.shared.chunks import chunks as shared_chunks

if TYPE_CHECKING:
    import pandas as pd

CHUNK = 500
persons = registry.persons


# Untyped items: callers reuse one loop variable for ids of several kinds.
chunks: Callable[[Sequence[Any]], Iterator[list[Any]]] = partial(shared_chunks, size=CHUNK)


def birth_text(year: int | None, month: int | None, day: int | None) -> str:
    """``1990-05-17`` / ``1990-05`` / ``1990`` as far as the parts are known, else empty."""
    if year is None:
        return ""
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _first(table: Any, column: str) -> ColumnElement[Any]:
    return (
        select(table.c[column])
        .where(table.c.person_id == persons.c.id, table.c.position == 0)
        .scalar_subquery()
    )


def _registration_city() -> ColumnElement[Any]:
    subjects, registrations = registry.registration_subjects, registry.registrations
    return (
        select(registrations.c.location)
        .join(subjects, subjects.c.registration_id == registrations.c.id)
        .where(subjects.c.person_id == persons.c.id)
        .order_by(registrations.c.registered_at)
        .limit(1)
        .scalar_subquery()
    )


def _family(column: str) -> ColumnElement[Any]:
    members = registry.family_members
    return (
        select(members.c[column])
        .where(members.c.person_id == persons.c.id)
        .order_by(members.c.family_id)
        .limit(1)
        .scalar_subquery()
    )


def person_records(connection: Connection, since: datetime | None = None) -> pd.DataFrame:
    """Every person (created after ``since``, if given) in the linkage input columns, all text,
    ``record_id`` the person id, plus ``created_at``."""
    import pandas as pd  # with the first linkage input, not with the identity routes

    query = select(
        persons.c.created_at,
        persons.c.id,
        persons.c.given_names,
        persons.c.first_surname,
        persons.c.second_surname,
        persons.c.sex,
        persons.c.birth_year,
        persons.c.birth_month,
        persons.c.birth_day,
        persons.c.birth_precision,
        _first(registry.person_nationalities, "country").label("nationality"),
        # Phones are sealed at rest: their blind index matches exactly as the number would.
        _first(registry.person_phones, "e164_index").label("phone"),
        _family("family_id").label("family_id"),
        _family("relationship").label("relationship"),
        _registration_city().label("registration_city"),
    ).order_by(persons.c.id)
    if since is not None:
        query = query.where(persons.c.created_at > since)
    rows = [
        {
            "record_id": str(r.id),
            "given_names": r.given_names,
            "first_surname": r.first_surname,
            "second_surname": r.second_surname or "",
            "sex": str(r.sex),
            "birth_date": birth_text(r.birth_year, r.birth_month, r.birth_day),
            "birth_precision": str(r.birth_precision or ""),
            "nationality": r.nationality or "",
            "phone": r.phone or "",
            "family_id": str(r.family_id) if r.family_id else "",
            "relationship": str(r.relationship or ""),
            "registration_city": r.registration_city or "",
            "created_at": r.created_at,
        }
        for r in connection.execute(query)
    ]
    columns = ["record_id", "given_names", "first_surname", "second_surname", "sex"]
    columns += ["birth_date", "birth_precision", "nationality", "phone", "family_id"]
    columns += ["relationship", "registration_city", "created_at"]
    return pd.DataFrame(rows, columns=columns)


def summaries(
    connection: Connection, person_ids: Iterable[RecordId]
) -> dict[RecordId, PersonSummary]:
    """Identity fields of the persons whose holding organisation is known."""
    ids = sorted({UUID(p) for p in person_ids})
    nationalities: dict[UUID, list[str]] = {}
    table = registry.person_nationalities
    result: dict[RecordId, PersonSummary] = {}
    for part in chunks(ids):
        query = (
            select(table.c.person_id, table.c.country)
            .where(table.c.person_id.in_(part))
            .order_by(table.c.person_id, table.c.position)
        )
        for person_id, country in connection.execute(query):
            nationalities.setdefault(person_id, []).append(country)
        query = (
            select(persons, identity_clusters.c.cluster_id, persons.c.owner_id.label("holder"))
            .outerjoin(identity_clusters, identity_clusters.c.person_id == persons.c.id)
            .where(persons.c.id.in_(part))
        )
        for r in connection.execute(query):
            if r.holder is None:
                continue  # held by no known organisation: shown to no one
            result[str(r.id)] = PersonSummary(
                person_id=r.id,
                owner_id=r.holder,
                given_names=r.given_names,
                first_surname=r.first_surname,
                second_surname=r.second_surname,
                sex=str(r.sex),
                birth_date=birth_text(r.birth_year, r.birth_month, r.birth_day) or None,
                nationalities=tuple(nationalities.get(r.id, ())),
                cluster_id=r.cluster_id,
            )
    return result
