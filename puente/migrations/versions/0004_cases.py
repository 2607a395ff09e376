"""cases: encounters, cases and their events, hearings, courts, notices, filings,
representation, notes and the deadline projection

Revision ID: 0004_cases
Revises: 0003_registry_owners
Create Date: 2026-11-23 12:14:59.328497
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import puente.shared.db

revision: str = "0004_cases"
down_revision: str | Sequence[str] | None = "0003_registry_owners"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "immigration_courts",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_immigration_courts")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("opened_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_zone", sa.String(length=64), nullable=False),
        sa.Column("caseworker", sa.String(length=120), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "registered",
                "eligibility_confirmed",
                "waiting_in_mexico",
                "presented_at_port",
                "expelled_title_42",
                "expedited_removal",
                "credible_fear_interview",
                "fear_positive",
                "fear_negative",
                "ij_fear_review",
                "nta_issued",
                "in_court",
                "master_calendar",
                "merits_hearing",
                "granted",
                "denied",
                "withdrawn",
                "terminated",
                "in_absentia_order",
                "appeal_to_bia",
                "removed",
                "final",
                name="case_state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["organisations.id"], name=op.f("fk_cases_owner_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index(op.f("ix_cases_caseworker"), "cases", ["caseworker"], unique=False)
    op.create_index(op.f("ix_cases_owner_id"), "cases", ["owner_id"], unique=False)
    op.create_table(
        "encounters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column(
            "place_kind",
            sa.Enum(
                "port_presentation",
                "between_ports",
                name="encounter_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "agency",
            sa.Enum("cbp_ofo", "usbp", name="agency", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "authority",
            sa.Enum(
                "title_8",
                "title_42",
                name="legal_authority",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "expelled",
                "nta_released",
                "expedited_removal",
                "returned_under_mpp",
                "paroled",
                "detained",
                "transferred_to_orr",
                "voluntary_return",
                name="encounter_outcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("policy_ids", sa.JSON(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family_groups.id"], name=op.f("fk_encounters_family_id_family_groups")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["organisations.id"], name=op.f("fk_encounters_owner_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
    )
    op.create_index(op.f("ix_encounters_occurred_at"), "encounters", ["occurred_at"], unique=False)
    op.create_index(op.f("ix_encounters_owner_id"), "encounters", ["owner_id"], unique=False)
    op.create_table(
        "case_deadlines",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "asylum_application",
                "bia_appeal",
                "hearing_notice",
                "ij_fear_review",
                name="deadline_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("basis", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("closed_at", puente.shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("caseworker", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_deadlines_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("case_id", "position", name=op.f("pk_case_deadlines")),
    )
    op.create_index(
        "ix_case_deadlines_caseworker_due_at",
        "case_deadlines",
        ["caseworker", "due_at"],
        unique=False,
    )
    op.create_table(
        "case_events",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "registered",
                "eligibility_confirmed",
                "waiting_in_mexico",
                "presented_at_port",
                "expelled_title_42",
                "expedited_removal",
                "credible_fear_interview",
                "fear_positive",
                "fear_negative",
                "ij_fear_review",
                "nta_issued",
                "in_court",
                "master_calendar",
                "merits_hearing",
                "granted",
                "denied",
                "withdrawn",
                "terminated",
                "in_absentia_order",
                "appeal_to_bia",
                "removed",
                "final",
                name="source_state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "target",
            sa.Enum(
                "registered",
                "eligibility_confirmed",
                "waiting_in_mexico",
                "presented_at_port",
                "expelled_title_42",
                "expedited_removal",
                "credible_fear_interview",
                "fear_positive",
                "fear_negative",
                "ij_fear_review",
                "nta_issued",
                "in_court",
                "master_calendar",
                "merits_hearing",
                "granted",
                "denied",
                "withdrawn",
                "terminated",
                "in_absentia_order",
                "appeal_to_bia",
                "removed",
                "final",
                name="target_state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("occurred_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("policy_id", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("case_id", "sequence", name=op.f("pk_case_events")),
    )
    op.create_table(
        "case_filings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("filed_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_filings_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_filings")),
    )
    op.create_index(op.f("ix_case_filings_case_id"), "case_filings", ["case_id"], unique=False)
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("written_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "confidentiality",
            sa.Enum(
                "case_team",
                "confidential",
                "privileged",
                name="confidentiality",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_notes_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["organisations.id"], name=op.f("fk_case_notes_owner_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    op.create_index(op.f("ix_case_notes_case_id"), "case_notes", ["case_id"], unique=False)
    op.create_table(
        "case_persons",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_persons_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_case_persons_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("case_id", "position", name=op.f("pk_case_persons")),
    )
    op.create_index(op.f("ix_case_persons_person_id"), "case_persons", ["person_id"], unique=False)
    op.create_table(
        "encounter_persons",
        sa.Column("encounter_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_encounter_persons_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_encounter_persons_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("encounter_id", "position", name=op.f("pk_encounter_persons")),
    )
    op.create_index(
        op.f("ix_encounter_persons_person_id"), "encounter_persons", ["person_id"], unique=False
    )
    op.create_table(
        "hearings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "master_calendar",
                "merits",
                "credible_fear_review",
                name="hearing_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("court_code", sa.String(length=20), nullable=False),
        sa.Column("scheduled_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("judge", sa.String(length=120), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "held",
                "failed_to_appear",
                "decided",
                name="hearing_outcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("caseworker", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_hearings_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["court_code"],
            ["immigration_courts.code"],
            name=op.f("fk_hearings_court_code_immigration_courts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearings")),
    )
    op.create_index(op.f("ix_hearings_case_id"), "hearings", ["case_id"], unique=False)
    op.create_index(
        "ix_hearings_caseworker_scheduled_at",
        "hearings",
        ["caseworker", "scheduled_at"],
        unique=False,
    )
    op.create_table(
        "representations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "attorney",
                "accredited_representative",
                "law_student_or_graduate",
                "reputable_individual",
                name="representative_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("eoir_id", sa.String(length=40), nullable=True),
        sa.Column(
            "form",
            sa.Enum(
                "EOIR-28",
                "EOIR-27",
                "G-28",
                name="appearance_form",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("filed_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", puente.shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_representations_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representations")),
    )
    op.create_index(
        op.f("ix_representations_case_id"), "representations", ["case_id"], unique=False
    )
    op.create_table(
        "hearing_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("hearing_id", sa.Uuid(), nullable=False),
        sa.Column("sent_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("on_record", sa.JSON(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hearing_notices_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["hearing_id"], ["hearings.id"], name=op.f("fk_hearing_notices_hearing_id_hearings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_notices")),
    )
    op.create_index(
        op.f("ix_hearing_notices_case_id"), "hearing_notices", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_hearing_notices_case_id"), table_name="hearing_notices")
    op.drop_table("hearing_notices")
    op.drop_index(op.f("ix_representations_case_id"), table_name="representations")
    op.drop_table("representations")
    op.drop_index("ix_hearings_caseworker_scheduled_at", table_name="hearings")
    op.drop_index(op.f("ix_hearings_case_id"), table_name="hearings")
    op.drop_table("hearings")
    op.drop_index(op.f("ix_encounter_persons_person_id"), table_name="encounter_persons")
    op.drop_table("encounter_persons")
    op.drop_index(op.f("ix_case_persons_person_id"), table_name="case_persons")
    op.drop_table("case_persons")
    op.drop_index(op.f("ix_case_notes_case_id"), table_name="case_notes")
    op.drop_table("case_notes")
    op.drop_index(op.f("ix_case_filings_case_id"), table_name="case_filings")
    op.drop_table("case_filings")
    op.drop_table("case_events")
    op.drop_index("ix_case_deadlines_caseworker_due_at", table_name="case_deadlines")
    op.drop_table("case_deadlines")
    op.drop_index(op.f("ix_encounters_owner_id"), table_name="encounters")
    op.drop_index(op.f("ix_encounters_occurred_at"), table_name="encounters")
    op.drop_table("encounters")
    op.drop_index(op.f("ix_cases_owner_id"), table_name="cases")
    op.drop_index(op.f("ix_cases_caseworker"), table_name="cases")
    op.drop_table("cases")
    op.drop_table("immigration_courts")
