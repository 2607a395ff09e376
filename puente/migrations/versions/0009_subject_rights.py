"""access: objections, legal holds and the retention log (issue 4, data-subject rights)

Revision ID: 0009_subject_rights
Revises: 0008_registry_encryption
Create Date: 2026-11-23 12:37:37.689789
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import puente.shared.db

revision: str = "0009_subject_rights"
down_revision: str | Sequence[str] | None = "0008_registry_encryption"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_log",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "anonymise",
                "delete",
                name="retention_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("rule", sa.String(length=60), nullable=False),
        sa.Column("done_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_retention_log")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("placed_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_legal_holds_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_legal_holds")),
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "case_processing",
                "orderly_entry",
                "legal_representation",
                "child_protection",
                "shelter_placement",
                name="objection_purpose",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "in_person",
                "self_service",
                "phone",
                "written",
                name="objection_channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_objections_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objections_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objections_person_id"))

    op.drop_table("objections")
    op.drop_table("legal_holds")
    op.drop_table("retention_log")
