"""The cases context's tables: cases rebuilt from their append-only events, and what hangs off them.

Instants are stored in UTC; each also keeps the zone it was given in (an IANA name, or a fixed
offset), so a time read back is on the same clock and deadlines survive the round trip.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)

from puente.cases.domain.deadlines import DeadlineKind
from puente.cases.domain.encounter import Agency, EncounterKind, EncounterOutcome, LegalAuthority
from puente.cases.domain.hearings import HearingKind, HearingOutcome
from puente.cases.domain.representation import (
    AppearanceForm,
    Confidentiality,
    RepresentativeKind,
)
from puente.cases.domain.states import CaseState
from puente.shared.db import UTCDateTime, metadata, value_enum

ZONE = String(64)

cases = Table(
    "cases",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("opened_zone", ZONE, nullable=False),
    Column("caseworker", String(120), nullable=False, index=True),
    # A projection of the events, kept in the same transaction: listings read it, replays check it.
    Column("state", value_enum(CaseState, "case_state"), nullable=False),
    Column("last_sequence", Integer, nullable=False),
)

case_persons = Table(
    "case_persons",
    metadata,
    Column("case_id", Uuid, ForeignKey("cases.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), nullable=False, index=True),
)

case_events = Table(
    "case_events",
    metadata,
    Column("case_id", Uuid, ForeignKey("cases.id"), primary_key=True),
    Column("sequence", Integer, primary_key=True),
    Column("source", value_enum(CaseState, "source_state"), nullable=False),
    Column("target", value_enum(CaseState, "target_state"), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("zone", ZONE, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("reason", String(2000), nullable=False),
    Column("policy_id", String(80)),
)

immigration_courts = Table(
    "immigration_courts",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("city", String(120), nullable=False),
    Column("timezone", ZONE, nullable=False),
)

hearings = Table(
    "hearings",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", value_enum(HearingKind, "hearing_kind"), nullable=False),
    Column("court_code", String(20), ForeignKey("immigration_courts.code"), nullable=False),
    Column("scheduled_at", UTCDateTime, nullable=False),
    Column("judge", String(120), nullable=False),
    Column("outcome", value_enum(HearingOutcome, "hearing_outcome")),
    # Continuances and venue changes, oldest first, as the domain keeps them.
    Column("history", JSON, nullable=False),
    Column("caseworker", String(120), nullable=False),
    Index("ix_hearings_caseworker_scheduled_at", "caseworker", "scheduled_at"),
)

hearing_notices = Table(
    "hearing_notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("hearing_id", Uuid, ForeignKey("hearings.id"), nullable=False),
    # NULL once retention forgot the person (the notice stays for the case's deadlines).
    Column("person_id", Uuid, ForeignKey("persons.id"), index=True),
    Column("sent_at", UTCDateTime, nullable=False),
    Column("flagged", Boolean, nullable=False),
    # The address it went to, the address on record then and the reason naming them, sealed
    # with the person's data key as the registry seals addresses: shredding erases them too.
    Column("sealed", LargeBinary, nullable=False),
)

case_filings = Table(
    "case_filings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("form", String(20), nullable=False),
    Column("filed_at", UTCDateTime, nullable=False),
    Column("filed_by", String(120), nullable=False),
)

representations = Table(
    "representations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", value_enum(RepresentativeKind, "representative_kind"), nullable=False),
    Column("organisation", String(200)),
    Column("eoir_id", String(40)),
    Column("form", value_enum(AppearanceForm, "appearance_form"), nullable=False),
    Column("filed_at", UTCDateTime, nullable=False),
    Column("withdrawn_at", UTCDateTime),
)

case_notes = Table(
    "case_notes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False),
    Column("written_at", UTCDateTime, nullable=False),
    Column("author", String(120), nullable=False),
    Column("text", Text, nullable=False),
    Column("confidentiality", value_enum(Confidentiality, "confidentiality"), nullable=False),
)

case_deadlines = Table(
    "case_deadlines",
    metadata,
    Column("case_id", Uuid, ForeignKey("cases.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("kind", value_enum(DeadlineKind, "deadline_kind"), nullable=False),
    Column("basis", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("zone", ZONE, nullable=False),
    Column("closed_at", UTCDateTime),
    # Copied from the case so that a caseworker's queue is one range scan of one index.
    Column("caseworker", String(120), nullable=False),
    Index("ix_case_deadlines_caseworker_due_at", "caseworker", "due_at"),
)

encounters = Table(
    "encounters",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("place", String(200), nullable=False),
    Column("place_kind", value_enum(EncounterKind, "encounter_kind"), nullable=False),
    Column("timezone", ZONE, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False, index=True),
    Column("agency", value_enum(Agency, "agency"), nullable=False),
    Column("authority", value_enum(LegalAuthority, "legal_authority"), nullable=False),
    Column("outcome", value_enum(EncounterOutcome, "encounter_outcome"), nullable=False),
    Column("policy_ids", JSON, nullable=False),
    Column("family_id", Uuid, ForeignKey("family_groups.id")),
)

encounter_persons = Table(
    "encounter_persons",
    metadata,
    Column("encounter_id", Uuid, ForeignKey("encounters.id"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("person_id", Uuid, ForeignKey("persons.id"), nullable=False, index=True),
)
