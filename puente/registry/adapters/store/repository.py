"""The registry repository on SQL: maps domain objects to the registry tables and back."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import (
    Connection,
    Dialect,
    LargeBinary,
    Row,
    Table,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.sql.expression import Tuple

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.adapters.store.tables import person_keys
from puente.access.services.person_keys import shred
from puente.registry.adapters.store import tables as t
from puente.registry.adapters.store.person_rows import detail_rows, person_from_rows, person_row
from puente.registry.adapters.store.sealing import (
    DOCUMENT,
    PHONE,
    FieldSealer,
    document_index_value,
)
from puente.registry.domain.contact import DocumentKind
from puente.registry.domain.model import (
    Channel,
    FamilyGroup,
    FamilyMember,
    Person,
    Registration,
    Relationship,
    Vulnerability,
)
from puente.registry.services.unit_of_work import (
    PersonCorrection,
    RegisteredGroup,
    RegistryRepository,
)
from puente.shared.db import refusing_repeats
from puente.shared.errors import StaleVersion

# Parents before children, so that each foreign key finds its row already inserted.
REGISTRATION_TABLES = (
    t.family_groups,
    t.registrations,
    t.persons,
    person_keys,
    *t.PERSON_DETAIL_TABLES,
    t.family_members,
    t.registration_subjects,
    t.registration_vulnerabilities,
)


def _registration_rows(
    registration: Registration,
    persons: list[Person],
    family: FamilyGroup | None,
    sealer: FieldSealer,
) -> dict[Table, list[dict[str, Any]]]:
    reg = registration
    rows: dict[Table, list[dict[str, Any]]] = {table: [] for table in REGISTRATION_TABLES}
    if family is not None:
        rows[t.family_groups].append(
            {
                "id": family.id,
                "label": family.label,
                "created_at": family.created_at,
                "owner_id": family.owner_id,
            }
        )
        rows[t.family_members] = [
            {
                "family_id": family.id,
                "person_id": m.person_id,
                "position": i,
                "relationship": m.relationship,
            }
            for i, m in enumerate(family.members)
        ]
    rows[t.registrations].append(
        {
            "id": reg.id,
            "request_id": reg.request_id,
            "payload_digest": reg.payload_digest,
            "registered_at": reg.registered_at,
            "timezone": reg.timezone,
            "registered_by": reg.registered_by,
            "location": reg.location,
            "channel": reg.channel,
            "language": reg.language,
            "consent_given": reg.consent_given,
            "family_id": family.id if family is not None else None,
            "owner_id": reg.owner_id,
        }
    )
    rows[t.persons] = [person_row(p) for p in persons]
    keys, rows[person_keys] = sealer.new_keys(p.id for p in persons)
    for person in persons:
        for table, details in detail_rows(person, keys[person.id], sealer).items():
            rows[table].extend(details)
    rows[t.registration_subjects] = [
        {"registration_id": reg.id, "person_id": pid, "position": i}
        for i, pid in enumerate(reg.person_ids)
    ]
    rows[t.registration_vulnerabilities] = [
        {"registration_id": reg.id, "person_id": pid, "flag": flag}
        for pid, flags in reg.vulnerabilities.items()
        for flag in sorted(flags)
    ]
    return rows


class _JsonInsert:
    """PostgreSQL: the rows of several tables in one statement, each table's rows as JSON.

    A registration touches up to eleven tables; one round trip and one prepared statement
    instead of one per table is what makes the write cheap. Each table is an INSERT ... SELECT
    FROM json_populate_recordset in a WITH clause, which converts the values by the table's own
    column types (and refuses an overlong string as a plain INSERT would). Foreign keys are
    checked at the end of the statement, when every table has its rows. Bytes (ciphertexts)
    travel as bytea's hex text, ``\\x0a1b…``, which the bytea column's input reads back.
    """

    def __init__(self, tables: Sequence[Table], dialect: Dialect) -> None:
        quote = dialect.identifier_preparer.quote
        # Values go through the columns' own bind processing first: UTC for instants, enum
        # values checked, exactly as SQLAlchemy would for a plain INSERT.
        self.processors = {
            table: [
                (c.name, processor)
                for c in table.columns
                if not isinstance(c.type, LargeBinary)
                and (processor := c.type.bind_processor(dialect)) is not None
            ]
            for table in tables
        }
        inserts = [
            f"INSERT INTO {quote(table.name)} SELECT * FROM "  # noqa: S608 - names from the schema
            f"json_populate_recordset(NULL::{quote(table.name)}, %({table.name})s::json)"
            for table in tables
        ]
        *first, last = inserts
        ctes = ", ".join(f"w{i} AS ({sql})" for i, sql in enumerate(first))
        self.sql = f"WITH {ctes} {last}"

    def execute(self, connection: Connection, rows: dict[Table, list[dict[str, Any]]]) -> None:
        params: dict[str, str] = {}
        for table, processors in self.processors.items():
            table_rows = rows[table]
            for row in table_rows:
                for column, process in processors:
                    row[column] = process(row[column])
            params[table.name] = orjson.dumps(table_rows, default=_bytea_hex).decode()
        connection.exec_driver_sql(self.sql, params)


def _bytea_hex(value: object) -> str:
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@functools.lru_cache(maxsize=8)
def _json_insert(dialect: Dialect) -> _JsonInsert:
    return _JsonInsert(REGISTRATION_TABLES, dialect)


def _registration_key() -> Tuple:
    """Registrations in a total order (time, then id), compared as one row value for paging."""
    return tuple_(t.registrations.c.registered_at, t.registrations.c.id)


class SqlRegistryRepository(RegistryRepository):
    """Phones, document numbers and addresses go in sealed with ``sealer`` and come out open."""

    def __init__(self, connection: Connection, sealer: FieldSealer) -> None:
        self.connection = connection
        self.sealer = sealer
        self.keys = SqlPersonKeyStore(connection=connection)
        self.written: list[UUID] = []  # ids of the records this transaction added or changed

    # --- writes -------------------------------------------------------------------------------

    def _insert_many(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(insert(table), list(rows))

    def _insert_person_details(self, person: Person) -> None:
        key = self.sealer.key_for(self.keys, person.id)
        rows = detail_rows(person, key, self.sealer)
        for table in t.PERSON_DETAIL_TABLES:
            self._insert_many(table, rows[table])

    def add_registration(
        self, registration: Registration, persons: list[Person], family: FamilyGroup | None
    ) -> None:
        rows = _registration_rows(registration, persons, family, self.sealer)
        self.written += [registration.id, *(p.id for p in persons)]
        with refusing_repeats(t.registrations, "request_id", registration.request_id):
            if self.connection.dialect.name == "postgresql":
                _json_insert(self.connection.dialect).execute(self.connection, rows)
            else:
                for table in REGISTRATION_TABLES:
                    self._insert_many(table, rows[table])

    def save_corrected_person(self, person: Person, correction: PersonCorrection) -> None:
        self.written.append(person.id)
        with refusing_repeats(t.person_corrections, "request_id", correction.request_id):
            self.connection.execute(
                insert(t.person_corrections),
                {
                    "id": correction.id,
                    "person_id": correction.person_id,
                    "request_id": correction.request_id,
                    "payload_digest": correction.payload_digest,
                    "corrected_at": correction.corrected_at,
                    "corrected_by": correction.corrected_by,
                    "reason": correction.reason,
                    "changes": correction.changes,
                },
            )
        row = person_row(person)
        row.pop("id")
        row.pop("created_at")
        row.pop("owner_id")
        result = (
            self.connection.execute(
                update(t.persons)
                .where(t.persons.c.id == person.id, t.persons.c.version == person.version - 1)
                .values(**row)
            )
            if correction.changes
            else None
        )
        if result is not None and result.rowcount != 1:
            # Someone else corrected the person in between; this transaction must not win.
            current = self.connection.scalar(
                select(t.persons.c.version).where(t.persons.c.id == person.id)
            )
            raise StaleVersion("person", int(current or 0))
        if correction.changes:
            for table in t.PERSON_DETAIL_TABLES:
                self.connection.execute(table.delete().where(table.c.person_id == person.id))
            self._insert_person_details(person)

    # --- reads --------------------------------------------------------------------------------

    def _load_persons(self, ids: Sequence[UUID]) -> dict[UUID, Person]:
        if not ids:
            return {}
        rows = self.connection.execute(select(t.persons).where(t.persons.c.id.in_(ids))).all()
        details: dict[UUID, dict[Table, list[Row[Any]]]] = {
            r.id: {table: [] for table in t.PERSON_DETAIL_TABLES} for r in rows
        }
        for table in t.PERSON_DETAIL_TABLES:
            query = (
                select(table)
                .where(table.c.person_id.in_(ids))
                .order_by(table.c.person_id, table.c.position)
            )
            for detail in self.connection.execute(query):
                details[detail.person_id][table].append(detail)
        keys = self.sealer.existing_keys(self.keys, details)
        return {r.id: person_from_rows(r, details[r.id], keys.get(r.id), self.sealer) for r in rows}

    def get_person(self, person_id: UUID) -> Person | None:
        return self._load_persons([person_id]).get(person_id)

    def _persons_where(self, table: Table, column: str, index: str) -> list[Person]:
        ids = self.connection.scalars(
            select(table.c.person_id).where(table.c[column] == index).distinct()
        ).all()
        persons = self._load_persons(ids)
        return sorted(persons.values(), key=lambda p: (p.created_at, p.id))

    def persons_with_phone(self, e164: str) -> list[Person]:
        return self._persons_where(t.person_phones, "e164_index", self.sealer.index(PHONE, e164))

    def persons_with_document(self, kind: DocumentKind, number: str) -> list[Person]:
        index = self.sealer.index(DOCUMENT, document_index_value(kind, number))
        return self._persons_where(t.person_documents, "number_index", index)

    def shred_sealed_fields(self, person_id: UUID) -> bool:
        for table, column in (
            (t.person_phones, "e164_index"),
            (t.person_documents, "number_index"),
        ):
            self.connection.execute(
                update(table).where(table.c.person_id == person_id).values({column: None})
            )
        return shred(self.keys, person_id)

    def owner_of_person(self, person_id: UUID) -> UUID | None:
        owner: UUID | None = self.connection.scalar(
            select(t.persons.c.owner_id).where(t.persons.c.id == person_id)
        )
        return owner

    def _load_families(self, ids: Sequence[UUID]) -> dict[UUID, FamilyGroup]:
        if not ids:
            return {}
        groups = self.connection.execute(
            select(t.family_groups).where(t.family_groups.c.id.in_(ids))
        ).all()
        members: dict[UUID, list[FamilyMember]] = defaultdict(list)
        query = (
            select(t.family_members)
            .where(t.family_members.c.family_id.in_(ids))
            .order_by(t.family_members.c.family_id, t.family_members.c.position)
        )
        for m in self.connection.execute(query):
            members[m.family_id].append(FamilyMember(m.person_id, Relationship(m.relationship)))
        return {
            g.id: FamilyGroup(g.id, g.owner_id, g.label, tuple(members[g.id]), g.created_at)
            for g in groups
        }

    def get_family(self, family_id: UUID) -> FamilyGroup | None:
        return self._load_families([family_id]).get(family_id)

    def families_of(self, person_id: UUID) -> list[FamilyGroup]:
        ids = self.connection.scalars(
            select(t.family_members.c.family_id).where(t.family_members.c.person_id == person_id)
        ).all()
        return list(self._load_families(ids).values())

    def _load_registrations(self, rows: Sequence[Row[Any]]) -> list[Registration]:
        ids = [r.id for r in rows]
        subjects: dict[UUID, list[UUID]] = defaultdict(list)
        flags: dict[UUID, dict[UUID, set[Vulnerability]]] = defaultdict(lambda: defaultdict(set))
        if ids:
            for s in self.connection.execute(
                select(t.registration_subjects)
                .where(t.registration_subjects.c.registration_id.in_(ids))
                .order_by(t.registration_subjects.c.position)
            ):
                subjects[s.registration_id].append(s.person_id)
            for v in self.connection.execute(
                select(t.registration_vulnerabilities).where(
                    t.registration_vulnerabilities.c.registration_id.in_(ids)
                )
            ):
                flags[v.registration_id][v.person_id].add(Vulnerability(v.flag))
        return [
            Registration(
                id=r.id,
                owner_id=r.owner_id,
                request_id=r.request_id,
                payload_digest=r.payload_digest,
                registered_at=r.registered_at,
                timezone=r.timezone,
                registered_by=r.registered_by,
                location=r.location,
                channel=Channel(r.channel),
                language=r.language,
                consent_given=r.consent_given,
                person_ids=tuple(subjects[r.id]),
                family_id=r.family_id,
                vulnerabilities={p: frozenset(f) for p, f in flags[r.id].items()},
            )
            for r in rows
        ]

    def _groups(self, rows: Sequence[Row[Any]]) -> list[RegisteredGroup]:
        registrations = self._load_registrations(rows)
        persons = self._load_persons([p for r in registrations for p in r.person_ids])
        families = self._load_families([r.family_id for r in registrations if r.family_id])
        return [
            RegisteredGroup(
                r,
                tuple(persons[p] for p in r.person_ids),
                families.get(r.family_id) if r.family_id else None,
            )
            for r in registrations
        ]

    def registration_by_request_id(self, request_id: str) -> RegisteredGroup | None:
        rows = self.connection.execute(
            select(t.registrations).where(t.registrations.c.request_id == request_id)
        ).all()
        return next(iter(self._groups(rows)), None)

    def get_registration(self, registration_id: UUID) -> RegisteredGroup | None:
        rows = self.connection.execute(
            select(t.registrations).where(t.registrations.c.id == registration_id)
        ).all()
        return next(iter(self._groups(rows)), None)

    def registrations_of(self, person_id: UUID) -> list[Registration]:
        rows = self.connection.execute(
            select(t.registrations)
            .join(
                t.registration_subjects,
                t.registration_subjects.c.registration_id == t.registrations.c.id,
            )
            .where(t.registration_subjects.c.person_id == person_id)
            .order_by(t.registrations.c.registered_at)
        ).all()
        return self._load_registrations(rows)

    def iter_registrations(self, batch_size: int = 500) -> Iterator[RegisteredGroup]:
        key = _registration_key()
        last: tuple[datetime, UUID] | None = None
        while True:
            query = select(t.registrations).order_by(*key.clauses).limit(batch_size)
            if last is not None:
                query = query.where(key > last)
            rows = self.connection.execute(query).all()
            if not rows:
                return
            yield from self._groups(rows)
            last = (rows[-1].registered_at, rows[-1].id)

    def latest_registrations(
        self, limit: int, before: tuple[datetime, UUID] | None = None
    ) -> list[RegisteredGroup]:
        key = _registration_key()
        query = select(t.registrations).order_by(*(c.desc() for c in key.clauses))
        if before is not None:
            query = query.where(key < before)
        return self._groups(self.connection.execute(query.limit(limit)).all())

    def _correction(self, row: Row[Any]) -> PersonCorrection:
        return PersonCorrection(
            id=row.id,
            person_id=row.person_id,
            request_id=row.request_id,
            payload_digest=row.payload_digest,
            corrected_at=row.corrected_at,
            corrected_by=row.corrected_by,
            reason=row.reason,
            changes=row.changes,
        )

    def correction_by_request_id(self, request_id: str) -> PersonCorrection | None:
        row = self.connection.execute(
            select(t.person_corrections).where(t.person_corrections.c.request_id == request_id)
        ).first()
        return self._correction(row) if row else None

    def corrections_of(self, person_id: UUID) -> list[PersonCorrection]:
        rows = self.connection.execute(
            select(t.person_corrections)
            .where(t.person_corrections.c.person_id == person_id)
            .order_by(t.person_corrections.c.corrected_at)
        ).all()
        return [self._correction(r) for r in rows]
