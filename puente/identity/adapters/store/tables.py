"""Identity tables: who is in which cluster, scored pairs, decisions, runs and the event log.

Nothing here copies a person's data: rows point at ``persons``, whose ``owner_id`` is the holder
the access gate decides on; decisions and events carry the organisation that made them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Uuid,
)

from puente.identity.domain.history import EventKind
from puente.identity.domain.review import Verdict
from puente.shared.db import UTCDateTime, metadata, value_enum

# One row per batch run on the database, with the trained model the registration check uses.
identity_runs = Table(
    "identity_runs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False, index=True),
    Column("actor", String(120), nullable=False),
    Column("records", Integer, nullable=False),
    Column("clusters", Integer, nullable=False),
    Column("for_review", Integer, nullable=False),
    Column("model", JSON, nullable=False),
)

# The current identity of each person record.
identity_clusters = Table(
    "identity_clusters",
    metadata,
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True),
    Column("cluster_id", String(40), nullable=False, index=True),
    Column("match_probability", Float),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Scored pairs of the latest run at or above the review floor, with their explanation.
identity_candidates = Table(
    "identity_candidates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("run_id", Uuid, ForeignKey("identity_runs.id"), nullable=False, index=True),
    Column("person_l", Uuid, ForeignKey("persons.id"), nullable=False),
    Column("person_r", Uuid, ForeignKey("persons.id"), nullable=False, index=True),
    Column("match_probability", Float, nullable=False),
    Column("match_weight", Float, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("joined", Boolean, nullable=False),
    Column("needs_review", Boolean, nullable=False),
    Index("ix_identity_candidates_pair", "person_l", "person_r", unique=True),
    Index("ix_identity_candidates_queue", "needs_review", "match_probability"),
)

identity_decisions = Table(
    "identity_decisions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("person_l", Uuid, ForeignKey("persons.id"), nullable=False),
    Column("person_r", Uuid, ForeignKey("persons.id"), nullable=False),
    Column("verdict", value_enum(Verdict, "identity_verdict"), nullable=False),
    Column("reviewer", String(120), nullable=False),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Index("ix_identity_decisions_pair", "person_l", "person_r"),
)

# The append-only history: batch placements, merges and unmerges.
identity_events = Table(
    "identity_events",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("kind", value_enum(EventKind, "identity_event_kind"), nullable=False),
    Column("cluster_id", String(40)),
    Column("anchor", Uuid, ForeignKey("persons.id")),
    Column("reverts", String(40), ForeignKey("identity_events.id")),
    Column("actor", String(120), nullable=False),
    Column("owner_id", Uuid, ForeignKey("organisations.id")),
    Column("at", UTCDateTime, nullable=False),
    Column("reason", String(500), nullable=False),
)

# Every record an event moved, with where it was and where it went.
identity_event_records = Table(
    "identity_event_records",
    metadata,
    Column("event_id", String(40), ForeignKey("identity_events.id"), primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), primary_key=True, index=True),
    Column("from_cluster", String(40)),
    Column("to_cluster", String(40), nullable=False),
)
