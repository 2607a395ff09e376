"""The entry context's tables: ports and their calendar, windows, requests, runs, appointments,
explanations, the outbox and the outage log; the same schema on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    Uuid,
)

from puente.entry.domain.appointments import AppointmentState
from puente.entry.domain.outages import OutageKind
from puente.entry.domain.requests import CaseStatus, RequestState
from puente.shared.db import UTCDateTime, metadata, value_enum

entry_ports = Table(
    "entry_ports",
    metadata,
    Column("code", String(4), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("opens", Time, nullable=False),
    Column("closes", Time, nullable=False),
    Column("position", SmallInteger, nullable=False),  # the fallback order
)

entry_capacity_changes = Table(
    "entry_capacity_changes",
    metadata,
    Column("port", String(4), ForeignKey("entry_ports.code"), primary_key=True),
    Column("starts_on", Date, primary_key=True),
    Column("persons", Integer, nullable=False),
)

entry_capacity_overrides = Table(
    "entry_capacity_overrides",
    metadata,
    Column("port", String(4), ForeignKey("entry_ports.code"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("persons", Integer, nullable=False),
)

entry_closures = Table(
    "entry_closures",
    metadata,
    Column("port", String(4), ForeignKey("entry_ports.code"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("reason", String(500), nullable=False),
)

entry_windows = Table(
    "entry_windows",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("opens_at", UTCDateTime, nullable=False),
    Column("closes_at", UTCDateTime, nullable=False, index=True),
    Column("commitment", String(64), nullable=False),
    Column("owner_id", Uuid, ForeignKey("organisations.id")),
)

entry_requests = Table(
    "entry_requests",
    metadata,
    Column("id", String(36), primary_key=True),  # UUIDv5 of window and party: idempotent
    Column("window_id", String(100), ForeignKey("entry_windows.id"), nullable=False),
    Column("owner_id", Uuid, ForeignKey("organisations.id")),
    Column("family_id", Uuid),
    Column("preferences", String(200), nullable=False),  # port codes joined by ";"
    Column("accepts_other_ports", Boolean, nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("vulnerability_level", SmallInteger, nullable=False),
    Column("vulnerability_flags", String(400), nullable=False),
    Column("assessed_at", UTCDateTime, nullable=False),
    Column("assessed_by", String(120), nullable=False),
    Column("language", String(3), nullable=False),
    Column("nationality", String(2), nullable=False),
    Column("priority_group", String(60), nullable=False),
    Column("a_number", String(12)),
    Column("case_status", value_enum(CaseStatus, "entry_case_status")),
    Column("case_checked_on", Date),
    Column("state", value_enum(RequestState, "entry_request_state"), nullable=False, index=True),
    Column("moved_by_closure", Boolean, nullable=False),
    Column("history", JSON, nullable=False),
)

entry_request_members = Table(
    "entry_request_members",
    metadata,
    Column("request_id", String(36), ForeignKey("entry_requests.id"), primary_key=True),
    Column("person_id", Uuid, primary_key=True, index=True),
    Column("position", SmallInteger, nullable=False),
)

entry_runs = Table(
    "entry_runs",
    metadata,
    Column("day", Date, primary_key=True),
    Column("window_id", String(100), ForeignKey("entry_windows.id"), nullable=False),
    Column("commitment", String(64), nullable=False),
    Column("secret", String(200), nullable=False),
    Column("beacon", String(200), nullable=False),
    Column("seed_hex", String(64), nullable=False),
    Column("requests_digest", String(64), nullable=False),
    Column("policy", JSON, nullable=False),
    Column("ran_at", UTCDateTime, nullable=False),
    Column("allocated", Integer, nullable=False),
    Column("considered", Integer, nullable=False),
)

entry_explanations = Table(
    "entry_explanations",
    metadata,
    Column("request_id", String(36), ForeignKey("entry_requests.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("message_key", String(60), nullable=False),
    Column("allocated", Boolean, nullable=False),
    Column("rule", String(30), nullable=False),
    Column("position", Integer, nullable=False),
    Column("candidates", Integer, nullable=False),
    Column("party_size", SmallInteger, nullable=False),
    Column("port", String(4)),
    Column("choice", SmallInteger, nullable=False),
    Column("positions", JSON, nullable=False),
)

entry_appointments = Table(
    "entry_appointments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("request_id", String(36), ForeignKey("entry_requests.id"), nullable=False, index=True),
    Column("port", String(4), ForeignKey("entry_ports.code"), nullable=False),
    Column("port_timezone", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("party_size", SmallInteger, nullable=False),
    Column("offered_at", UTCDateTime, nullable=False),
    Column("confirm_by", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("rule", String(30), nullable=False),
    Column("state", value_enum(AppointmentState, "appointment_state"), nullable=False),
    Index("ix_entry_appointments_port_day", "port", "day"),
    Index("ix_entry_appointments_day", "day"),
)

entry_appointment_events = Table(
    "entry_appointment_events",
    metadata,
    Column("appointment_id", Uuid, ForeignKey("entry_appointments.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("source", value_enum(AppointmentState, "appointment_source"), nullable=False),
    Column("target", value_enum(AppointmentState, "appointment_target"), nullable=False),
    Column("note", String(500), nullable=False),
)

entry_outbox = Table(
    "entry_outbox",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("request_id", String(36), nullable=False, index=True),
    Column("language", String(3), nullable=False),
    Column("message_key", String(60), nullable=False),
    Column("params", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime),
)

entry_outages = Table(
    "entry_outages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("component", String(60), nullable=False),
    Column("kind", value_enum(OutageKind, "outage_kind"), nullable=False),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("ended_at", UTCDateTime),
    Column("description", Text, nullable=False),
)

entry_failed_requests = Table(
    "entry_failed_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("component", String(60), nullable=False),
    Column("operation", String(200), nullable=False),
    Column("error", String(500), nullable=False),
    Column("reference", String(32), nullable=False, index=True),
)
