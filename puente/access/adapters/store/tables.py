"""The access context's tables: who people are, what they may do, and what was done."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
)

from puente.access.domain.retention import RetentionAction
from puente.access.domain.roles import OrganisationKind, Role
from puente.access.domain.sharing import ConsentChannel, ConsentStatus, Purpose
from puente.shared.db import UTCDateTime, metadata, value_enum

organisations = Table(
    "organisations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", value_enum(OrganisationKind, "organisation_kind"), nullable=False),
    Column("country", String(2), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organisation_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("username", String(120), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),
    # The TOTP secret is sealed with the keyring, like other secrets at rest.
    Column("totp_secret", LargeBinary),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id"), primary_key=True),
    Column("role", value_enum(Role, "role"), primary_key=True),
)

login_throttles = Table(
    "login_throttles",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", UTCDateTime),
    Column("locked_until", UTCDateTime),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_digest", String(64), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("second_factor_done", Boolean, nullable=False),
    Column("revoked_at", UTCDateTime),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("user_id", Uuid, ForeignKey("users.id"), nullable=False, index=True),
    Column("label", String(120), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

sharing_agreements = Table(
    "sharing_agreements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("provider_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("recipient_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("purpose", value_enum(Purpose, "purpose"), nullable=False),
    Column("record_types", JSON, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("valid_from", UTCDateTime, nullable=False),
    Column("valid_to", UTCDateTime),
    Column("legal_basis", Text, nullable=False),
    Column("revoked_at", UTCDateTime),
)

consent_events = Table(
    "consent_events",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("person_id", Uuid, ForeignKey("persons.id"), nullable=False, index=True),
    Column("purpose", value_enum(Purpose, "consent_purpose"), nullable=False),
    Column("status", value_enum(ConsentStatus, "consent_status"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("channel", value_enum(ConsentChannel, "consent_channel"), nullable=False),
    Column("recorded_by", String(120), nullable=False),
    # The client's id for the request that recorded it (retries are no-ops), when it gave one.
    Column("request_id", Uuid, index=True, unique=True),
)

# Requests append here without waiting on each other; the chainer links them in order.
audit_pending = Table(
    "audit_pending",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("event", JSON, nullable=False),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("sequence", BigInteger, primary_key=True, autoincrement=False),
    Column("event", JSON, nullable=False),
    Column("previous_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
)

# Which audit events name a record, so that a person's events are found by index rather than by
# scanning the log. A row points at its pending event until the chainer gives it a sequence.
audit_subjects = Table(
    "audit_subjects",
    metadata,
    Column("record_id", String(64), nullable=False, index=True),
    Column("pending_id", BigInteger, index=True),
    Column("sequence", BigInteger),
)

person_keys = Table(
    "person_keys",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("key_version", Integer, nullable=False, index=True),
    Column("wrapped_key", LargeBinary, nullable=False),
)

# A person's objections: to one purpose, or (purpose NULL) to all processing.
objections = Table(
    "objections",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), nullable=False, index=True),
    Column("purpose", value_enum(Purpose, "objection_purpose")),
    Column("reason", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("channel", value_enum(ConsentChannel, "objection_channel"), nullable=False),
    Column("recorded_by", String(120), nullable=False),
)

# A legal hold keeps a person's records out of every retention action until it is lifted.
legal_holds = Table(
    "legal_holds",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("placed_at", UTCDateTime, nullable=False),
    Column("placed_by", String(120), nullable=False),
)

# What the retention run did to whom (no foreign key: deleted persons are gone).
retention_log = Table(
    "retention_log",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("action", value_enum(RetentionAction, "retention_action"), nullable=False),
    Column("rule", String(60), nullable=False),
    Column("done_at", UTCDateTime, nullable=False),
)
