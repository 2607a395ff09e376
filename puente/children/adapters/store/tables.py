"""The children's tables: border facilities, custody records and their clock events, alerts
sent, placement runs with each child's explanation, sponsor applications and their steps.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)

from puente.children.domain.clock import AlertKind
from puente.children.domain.custody import AgeBasis, CustodyStatus, Relationship
from puente.children.domain.sponsors import SponsorCategory, State
from puente.shared.db import UTCDateTime, metadata, value_enum
from puente.shelters.domain.model import Sex

border_facilities = Table(
    "border_facilities",
    metadata,
    Column("name", String(120), primary_key=True),
    Column("zone", String(64), nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
)

custody_records = Table(
    "custody_records",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), index=True),
    Column("encountered_at", UTCDateTime, nullable=False),
    Column("zone", String(64), nullable=False),
    Column("facility", String(120), ForeignKey("border_facilities.name"), nullable=False),
    Column("age", SmallInteger, nullable=False),
    Column("age_basis", value_enum(AgeBasis, "age_basis"), nullable=False),
    Column("sex", value_enum(Sex, "child_sex"), nullable=False),
    Column("language", String(40), nullable=False),
    Column("nationality", String(2), nullable=False),
    Column("special_needs", JSON, nullable=False),
    Column("placement_bases", JSON, nullable=False),
    Column("status", value_enum(CustodyStatus, "custody_status"), nullable=False, index=True),
    Column("screening", JSON),
    Column("left_custody_at", UTCDateTime),
)

custody_relatives = Table(
    "custody_relatives",
    metadata,
    Column("record_id", Uuid, ForeignKey("custody_records.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("relationship", value_enum(Relationship, "relative_relationship"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("child_id", Uuid, ForeignKey("custody_records.id")),
)

# The custody clock's events: every status the record moved to, and when (UTC).
custody_events = Table(
    "custody_events",
    metadata,
    Column("record_id", Uuid, ForeignKey("custody_records.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("status", value_enum(CustodyStatus, "event_status"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# One row per clock alert ever sent: the key makes a repeated sweep a no-op.
custody_alerts = Table(
    "custody_alerts",
    metadata,
    Column("record_id", Uuid, ForeignKey("custody_records.id"), primary_key=True),
    Column("key", String(32), primary_key=True),
    Column("kind", value_enum(AlertKind, "alert_kind"), nullable=False),
    Column("hours", Integer, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
)

placement_runs = Table(
    "placement_runs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("run_at", UTCDateTime, nullable=False, index=True),
    Column("queued", Integer, nullable=False),
    Column("placed", Integer, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("shortfall", JSON, nullable=False),
)

# The referral of each child of a run: where to (or none) and why, in words.
placement_referrals = Table(
    "placement_referrals",
    metadata,
    Column("run_id", Uuid, ForeignKey("placement_runs.id"), primary_key=True),
    Column("child_id", Uuid, ForeignKey("custody_records.id"), primary_key=True),
    Column("provider_id", Uuid, ForeignKey("shelters.id")),
    Column("explanation", Text, nullable=False),
    Column("km", Float),
    Column("restrictiveness", SmallInteger),
)

sponsor_applications = Table(
    "sponsor_applications",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("child_id", Uuid, ForeignKey("custody_records.id"), nullable=False, index=True),
    Column("sponsor_name", String(200), nullable=False),
    Column("sponsor_type", SmallInteger, nullable=False),
    Column("category", value_enum(SponsorCategory, "sponsor_category"), nullable=False),
    Column("home_study", JSON, nullable=False),
    # Protected: never shown to enforcement roles (DataCategory.SPONSOR_STATUS).
    Column("immigration_status", String(120)),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("state", value_enum(State, "sponsor_state"), nullable=False),
)

# Verification steps, decision, release and post-release services, in order.
sponsor_steps = Table(
    "sponsor_steps",
    metadata,
    Column("application_id", Uuid, ForeignKey("sponsor_applications.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("state", value_enum(State, "step_state"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("by", String(200), nullable=False),
    Column("note", Text, nullable=False),
)
