"""The registry's tables; the same schema on SQLite and PostgreSQL, enums stored by value.

Persons, family groups and registrations carry ``owner_id``: the organisation holding them.
Phones, document numbers and addresses are sealed with the person's data key (``*_sealed``);
phones and document numbers are found through keyed hashes (``*_index``), never plaintext.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Uuid,
)

from puente.registry.domain.birth import BirthPrecision
from puente.registry.domain.contact import DocumentKind
from puente.registry.domain.model import Channel, Relationship, Sex, Vulnerability
from puente.registry.domain.names import AliasKind
from puente.shared.db import UTCDateTime, metadata, value_enum

persons = Table(
    "persons",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("given_names", String(120), nullable=False),
    Column("first_surname", String(120), nullable=False),
    Column("second_surname", String(120)),
    Column("name_as_written", String(360), nullable=False),
    Column("sex", value_enum(Sex, "sex"), nullable=False),
    Column("birth_year", SmallInteger),
    Column("birth_month", SmallInteger),
    Column("birth_day", SmallInteger),
    Column("birth_precision", value_enum(BirthPrecision, "birth_precision")),
    # Indexed: the registration check reads the persons registered since its last look.
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
)

person_nationalities = Table(
    "person_nationalities",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("country", String(2), nullable=False, index=True),
)

person_languages = Table(
    "person_languages",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("language", String(3), nullable=False, index=True),
)

person_phones = Table(
    "person_phones",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("e164_sealed", LargeBinary, nullable=False),
    # Blind indexes are erased when the person's key is shredded, so the person is not found.
    Column("e164_index", String(64), index=True),
)

person_aliases = Table(
    "person_aliases",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("kind", value_enum(AliasKind, "alias_kind"), nullable=False),
    Column("text", String(120), nullable=False),
)

person_documents = Table(
    "person_documents",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("kind", value_enum(DocumentKind, "document_kind"), nullable=False),
    Column("number_sealed", LargeBinary, nullable=False),
    Column("number_index", String(64), index=True),
    Column("issuing_country", String(2)),
    Column("expires_on", Date),
)

person_addresses = Table(
    "person_addresses",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("country", String(2), nullable=False),
    # line1, city, state and postal code sealed together: one ciphertext per address.
    Column("place_sealed", LargeBinary, nullable=False),
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_to", UTCDateTime),
)

family_groups = Table(
    "family_groups",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("label", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
)

family_members = Table(
    "family_members",
    metadata,
    Column("family_id", Uuid, ForeignKey("family_groups.id"), primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True, index=True),
    Column("position", SmallInteger, nullable=False),
    Column("relationship", value_enum(Relationship, "relationship"), nullable=False),
)

registrations = Table(
    "registrations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("request_id", String(100), nullable=False, unique=True),
    Column("payload_digest", String(64), nullable=False),
    Column("registered_at", UTCDateTime, nullable=False, index=True),
    Column("timezone", String(64), nullable=False),
    Column("registered_by", String(120), nullable=False),
    Column("location", String(120), nullable=False),
    Column("channel", value_enum(Channel, "channel"), nullable=False),
    Column("language", String(3), nullable=False),
    Column("consent_given", Boolean, nullable=False),
    Column("family_id", Uuid, ForeignKey("family_groups.id")),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
)

registration_subjects = Table(
    "registration_subjects",
    metadata,
    Column("registration_id", Uuid, ForeignKey("registrations.id"), primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True, index=True),
    Column("position", SmallInteger, nullable=False),
)

registration_vulnerabilities = Table(
    "registration_vulnerabilities",
    metadata,
    Column("registration_id", Uuid, ForeignKey("registrations.id"), primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("flag", value_enum(Vulnerability, "vulnerability"), primary_key=True),
)

person_corrections = Table(
    "person_corrections",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), nullable=False, index=True),
    Column("request_id", String(100), nullable=False, unique=True),
    Column("payload_digest", String(64), nullable=False),
    Column("corrected_at", UTCDateTime, nullable=False),
    Column("corrected_by", String(120), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("changes", JSON, nullable=False),
)

PERSON_DETAIL_TABLES = (
    person_nationalities,
    person_languages,
    person_phones,
    person_aliases,
    person_documents,
    person_addresses,
)
