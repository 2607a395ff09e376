"""Retention on SQL: each person's last activity from the registry's tables, anonymise, delete.

Anonymising keeps what statistics count (nationality, year of birth, sex, the registration's place
and date, family composition) and destroys identity: names, contact, documents, aliases,
languages, vulnerabilities, the contents of corrections and objections, and the data key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, and_, delete, exists, func, insert, select, update
from sqlalchemy.sql import Subquery

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.adapters.store.tables import (
    consent_events,
    legal_holds,
    objections,
    retention_log,
)
from puente.access.domain.retention import RecordActivity, RetentionAction
from puente.access.domain.sharing import ConsentStatus
from puente.access.services.person_keys import shred
from puente.access.services.retention_run import RetentionStore, RetentionUnitOfWork
from puente.registry.adapters.store import tables as registry
from puente.registry.domain.birth import BirthPrecision
from puente.shared.sql_unit_of_work import SqlUnitOfWork

_IDENTITY_TABLES = (
    registry.person_phones,
    registry.person_aliases,
    registry.person_documents,
    registry.person_addresses,
    registry.person_languages,
    registry.registration_vulnerabilities,
)


def _latest(column: Any, person: Any, *where: Any) -> Subquery:
    return (
        select(person.label("person_id"), func.max(column).label("at"))
        .where(*where)
        .group_by(person)
        .subquery()
    )


class SqlRetentionStore(RetentionStore):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def activities(self) -> Iterator[RecordActivity]:
        p, rs, r = registry.persons, registry.registration_subjects, registry.registrations
        registered = (
            select(rs.c.person_id, func.max(r.c.registered_at).label("at"))
            .join(r, r.c.id == rs.c.registration_id)
            .group_by(rs.c.person_id)
            .subquery()
        )
        corrected = _latest(
            registry.person_corrections.c.corrected_at, registry.person_corrections.c.person_id
        )
        consented = _latest(consent_events.c.at, consent_events.c.person_id)
        given = _latest(
            consent_events.c.at,
            consent_events.c.person_id,
            consent_events.c.status == ConsentStatus.GIVEN,
        )
        objected = _latest(objections.c.at, objections.c.person_id, objections.c.purpose.is_(None))
        latest = (registered, corrected, consented, objected)
        query = select(
            p.c.id,
            p.c.created_at,
            *(s.c.at.label(f"at_{i}") for i, s in enumerate(latest)),
            given.c.at.label("given_at"),
            objected.c.at.label("objected_at"),
            legal_holds.c.person_id.label("held"),
        ).select_from(p)
        for sub in (*latest, given):
            query = query.outerjoin(sub, sub.c.person_id == p.c.id)
        query = query.outerjoin(legal_holds, legal_holds.c.person_id == p.c.id).where(
            ~exists().where(retention_log.c.person_id == p.c.id)
        )
        rows = self.connection.execution_options(yield_per=2000).execute(query)
        for row in rows:
            moments = [row.created_at, *(getattr(row, f"at_{i}") for i in range(len(latest)))]
            held = row.held is not None
            yield RecordActivity(row.id, "person", max(m for m in moments if m), held)
            if row.objected_at is not None and not (
                row.given_at is not None and row.given_at > row.objected_at
            ):
                yield RecordActivity(row.id, "objection", row.objected_at, held)

    def _log(self, rules: Mapping[UUID, str], action: RetentionAction, at: datetime) -> None:
        self.connection.execute(
            insert(retention_log),
            [
                {"person_id": p, "action": action, "rule": r, "done_at": at}
                for p, r in rules.items()
            ],
        )

    def _shred(self, ids: list[UUID]) -> None:
        keys = SqlPersonKeyStore(connection=self.connection)
        for person_id in ids:
            shred(keys, person_id)

    def anonymise(self, rules: Mapping[UUID, str], at: datetime) -> None:
        ids = list(rules)
        p = registry.persons
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
        corrections = registry.person_corrections
        self.connection.execute(
            update(corrections)
            .where(corrections.c.person_id.in_(ids))
            .values(reason="", changes={})
        )
        self.connection.execute(
            update(objections).where(objections.c.person_id.in_(ids)).values(reason="")
        )
        self._shred(ids)
        self._log(rules, RetentionAction.ANONYMISE, at)
        self._blank_family_labels(ids)

    def _blank_family_labels(self, ids: list[UUID]) -> None:
        # A family's label names it: blank it once no member keeps an identity.
        members, families = registry.family_members, registry.family_groups
        touched = select(members.c.family_id).where(members.c.person_id.in_(ids))
        identified = exists().where(
            members.c.family_id == families.c.id,
            ~exists().where(retention_log.c.person_id == members.c.person_id),
        )
        self.connection.execute(
            update(families).where(families.c.id.in_(touched), ~identified).values(label="")
        )

    def delete(self, rules: Mapping[UUID, str], at: datetime) -> None:
        ids = list(rules)
        rs, members = registry.registration_subjects, registry.family_members
        r, families = registry.registrations, registry.family_groups
        registrations = list(
            self.connection.scalars(select(rs.c.registration_id).where(rs.c.person_id.in_(ids)))
        )
        family_ids = set(
            self.connection.scalars(select(members.c.family_id).where(members.c.person_id.in_(ids)))
        )
        for table in (
            *_IDENTITY_TABLES,
            registry.person_nationalities,
            rs,
            members,
            registry.person_corrections,
            consent_events,
            objections,
        ):
            self.connection.execute(delete(table).where(table.c.person_id.in_(ids)))
        self._shred(ids)
        self.connection.execute(delete(registry.persons).where(registry.persons.c.id.in_(ids)))
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
        self._log(rules, RetentionAction.DELETE, at)


class SqlRetentionUnitOfWork(SqlUnitOfWork, RetentionUnitOfWork):
    def _bind(self, connection: Connection) -> None:
        self.retention = SqlRetentionStore(connection)
        self.audit = SqlAuditStore(self._engine, connection)
