"""The shelters' tables: shelters, beds by pool, occupants, overrides, movements, the outbox.

A bed pool is stored as (sex, band_low, band_high). ``shelters.version`` guards every change of
occupancy: two check-ins racing for the last bed cannot both commit.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
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

from puente.shared.db import UTCDateTime, metadata, value_enum
from puente.shelters.domain.model import LicenceStatus, MovementKind, Sex, ShelterKind


def _pool_columns(prefix: str) -> list[Column[object]]:
    return [
        Column("sex", value_enum(Sex, f"{prefix}_sex"), nullable=False),
        Column("band_low", SmallInteger, nullable=False),
        Column("band_high", SmallInteger, nullable=False),
    ]


shelters = Table(
    "shelters",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", value_enum(ShelterKind, "shelter_kind"), nullable=False),
    Column("licence", value_enum(LicenceStatus, "licence_status"), nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("tender_age_allowed", Boolean, nullable=False),
    Column("needs_served", JSON, nullable=False),
    Column("overcrowding_ratio", Float, nullable=False),
    Column("version", Integer, nullable=False),
)

shelter_beds = Table(
    "shelter_beds",
    metadata,
    Column("shelter_id", Uuid, ForeignKey("shelters.id"), primary_key=True),
    Column("sex", value_enum(Sex, "bed_sex"), primary_key=True),
    Column("band_low", SmallInteger, primary_key=True),
    Column("band_high", SmallInteger, nullable=False),
    Column("beds", Integer, nullable=False),
)

# One row per person in a bed now: a person is in one shelter at a time.
shelter_occupants = Table(
    "shelter_occupants",
    metadata,
    Column("occupant_id", Uuid, primary_key=True),
    Column("shelter_id", Uuid, ForeignKey("shelters.id"), nullable=False, index=True),
    *_pool_columns("occupant"),
)

shelter_overrides = Table(
    "shelter_overrides",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("shelter_id", Uuid, ForeignKey("shelters.id"), nullable=False, index=True),
    *_pool_columns("override"),
    Column("extra", Integer, nullable=False),
    Column("granted_by", String(200), nullable=False),
    Column("granted_at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
)

shelter_movements = Table(
    "shelter_movements",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("shelter_id", Uuid, ForeignKey("shelters.id"), nullable=False, index=True),
    Column("occupant_id", Uuid, nullable=False, index=True),
    *_pool_columns("movement"),
    Column("kind", value_enum(MovementKind, "movement_kind"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("by_override", Boolean, nullable=False),
)

# Alerts (overcrowding, custody clock) written in the same transaction as the change that
# raised them; a worker sends and marks them.
care_outbox = Table(
    "care_outbox",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
)
