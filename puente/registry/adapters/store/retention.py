"""The registry's part of the retention run: its last activity per person, anonymise, delete.

Anonymising keeps what statistics count (nationality, year of birth, sex, the registration's place
and date, family composition) and destroys identity: names, contact, documents, aliases,
languages, vulnerabilities and the contents of corrections.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, and_, delete, exists, func, select, update

from puente.access.adapters.store.tables import retention_log
from puente.access.domain.retention import RetentionAction
from puente.access.services.retention_run import PersonRecords
from puente.registry.adapters.store import tables as t
from puente.registry.domain.birth import BirthPrecision
from puente.shared.db import latest_of

_IDENTITY_TABLES = (
    t.person_phones,
    t.person_aliases,
    t.person_documents,
    t.person_addresses,
    t.person_languages,
    t.registration_vulnerabilities,
)


class SqlRegistryRecords(PersonRecords):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def last_activity(self, person_ids: Sequence[UUID]) -> dict[UUID, datetime]:
        p, rs, r = t.persons, t.registration_subjects, t.registrations
        corrections = t.person_corrections
        queries = (
            select(p.c.id, p.c.created_at).where(p.c.id.in_(person_ids)),
            select(rs.c.person_id, func.max(r.c.registered_at))
            .join(r, r.c.id == rs.c.registration_id)
            .where(rs.c.person_id.in_(person_ids))
            .group_by(rs.c.person_id),
            select(corrections.c.person_id, func.max(corrections.c.corrected_at))
            .where(corrections.c.person_id.in_(person_ids))
            .group_by(corrections.c.person_id),
        )
        return latest_of(self.connection, queries)

    def forget(self, person_ids: Sequence[UUID], action: RetentionAction) -> None:
        if action is RetentionAction.DELETE:
            self._delete(list(person_ids))
        else:
            self._anonymise(list(person_ids))

    def _anonymise(self, ids: list[UUID]) -> None:
        p = t.persons
        for table in _IDENTITY_TABLES:
            self.connection.execute(delete(table).where(table.c.person_id.in_(ids)))
        self.connection.execute(
            update(p)
            .where(p.c.id.in_(ids))
            .values(
                given_names="",
                first_surname="",
                second_surname=None,
                name_as_written="",
                birth_month=None,
                birth_day=None,
                version=p.c.version + 1,
            )
        )
        self.connection.execute(
            update(p)
            .where(and_(p.c.id.in_(ids), p.c.birth_year.is_not(None)))
            .values(birth_precision=BirthPrecision.YEAR)
        )
        corrections = t.person_corrections
        self.connection.execute(
            update(corrections)
            .where(corrections.c.person_id.in_(ids))
            .values(reason="", changes={})
        )
        self._blank_family_labels(ids)

    def _blank_family_labels(self, ids: list[UUID]) -> None:
        # A family's label names it: blank it once no member keeps an identity.
        members, families = t.family_members, t.family_groups
        touched = select(members.c.family_id).where(members.c.person_id.in_(ids))
        identified = exists().where(
            members.c.family_id == families.c.id,
            ~exists().where(retention_log.c.person_id == members.c.person_id),
        )
        self.connection.execute(
            update(families).where(families.c.id.in_(touched), ~identified).values(label="")
        )

    def _delete(self, ids: list[UUID]) -> None:
        rs, members = t.registration_subjects, t.family_members
        r, families = t.registrations, t.family_groups
        registrations = list(
            self.connection.scalars(select(rs.c.registration_id).where(rs.c.person_id.in_(ids)))
        )
        family_ids = set(
            self.connection.scalars(select(members.c.family_id).where(members.c.person_id.in_(ids)))
        )
        for table in (
            *_IDENTITY_TABLES,
            t.person_nationalities,
            rs,
            members,
            t.person_corrections,
        ):
            self.connection.execute(delete(table).where(table.c.person_id.in_(ids)))
        self.connection.execute(delete(t.persons).where(t.persons.c.id.in_(ids)))
        family_ids |= set(
            self.connection.scalars(
                select(r.c.family_id).where(r.c.id.in_(registrations), r.c.family_id.is_not(None))
            )
        )
        self.connection.execute(
            delete(r).where(
                r.c.id.in_(registrations), ~exists().where(rs.c.registration_id == r.c.id)
            )
        )
        self.connection.execute(
            delete(families).where(
                families.c.id.in_(family_ids),
                ~exists().where(members.c.family_id == families.c.id),
                ~exists().where(r.c.family_id == families.c.id),
            )
        )
