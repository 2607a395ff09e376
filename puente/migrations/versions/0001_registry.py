"""registry: persons, families, registrations, corrections

Revision ID: 0001_registry
Revises:
Create Date: 2026-11-23 08:35:39.380585
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import puente.shared.db

revision: str = "0001_registry"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "family_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_groups")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("given_names", sa.String(length=120), nullable=False),
        sa.Column("first_surname", sa.String(length=120), nullable=False),
        sa.Column("second_surname", sa.String(length=120), nullable=True),
        sa.Column("name_as_written", sa.String(length=360), nullable=False),
        sa.Column(
            "sex",
            sa.Enum(
                "female",
                "male",
                "unspecified",
                name="sex",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("birth_year", sa.SmallInteger(), nullable=True),
        sa.Column("birth_month", sa.SmallInteger(), nullable=True),
        sa.Column("birth_day", sa.SmallInteger(), nullable=True),
        sa.Column(
            "birth_precision",
            sa.Enum(
                "exact",
                "year_month",
                "year",
                "estimated_age",
                name="birth_precision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("created_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    op.create_table(
        "family_members",
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column(
            "relationship",
            sa.Enum(
                "head",
                "spouse",
                "child",
                "parent",
                "sibling",
                "grandparent",
                "grandchild",
                "other_relative",
                "legal_guardian",
                "other",
                name="relationship",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family_groups.id"],
            name=op.f("fk_family_members_family_id_family_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_family_members_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("family_id", "person_id", name=op.f("pk_family_members")),
    )
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_members_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "person_addresses",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("line1", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=120), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("valid_from", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_to", puente.shared.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_addresses_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "position", name=op.f("pk_person_addresses")),
    )
    op.create_table(
        "person_aliases",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "alias",
                "nickname",
                "previous_name",
                name="alias_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_aliases_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "position", name=op.f("pk_person_aliases")),
    )
    op.create_table(
        "person_corrections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=False),
        sa.Column("payload_digest", sa.String(length=64), nullable=False),
        sa.Column("corrected_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("corrected_by", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_corrections_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_corrections")),
        sa.UniqueConstraint("request_id", name=op.f("uq_person_corrections_request_id")),
    )
    with op.batch_alter_table("person_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_corrections_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "person_documents",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "passport",
                "national_id",
                "a_number",
                "birth_certificate",
                "consular_id",
                "mexican_visitor_card",
                "other",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issuing_country", sa.String(length=2), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_documents_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "position", name=op.f("pk_person_documents")),
    )
    with op.batch_alter_table("person_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_documents_number"), ["number"], unique=False)

    op.create_table(
        "person_languages",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_languages_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "position", name=op.f("pk_person_languages")),
    )
    with op.batch_alter_table("person_languages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_languages_language"), ["language"], unique=False
        )

    op.create_table(
        "person_nationalities",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_nationalities_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "position", name=op.f("pk_person_nationalities")),
    )
    with op.batch_alter_table("person_nationalities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_nationalities_country"), ["country"], unique=False
        )

    op.create_table(
        "person_phones",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("e164", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_phones_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", "position", name=op.f("pk_person_phones")),
    )
    with op.batch_alter_table("person_phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_phones_e164"), ["e164"], unique=False)

    op.create_table(
        "registrations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=False),
        sa.Column("payload_digest", sa.String(length=64), nullable=False),
        sa.Column("registered_at", puente.shared.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("registered_by", sa.String(length=120), nullable=False),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "staff_assisted",
                "self_service",
                "phone",
                "import",
                name="channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family_groups.id"],
            name=op.f("fk_registrations_family_id_family_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("request_id", name=op.f("uq_registrations_request_id")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registrations_registered_at"), ["registered_at"], unique=False
        )

    op.create_table(
        "registration_subjects",
        sa.Column("registration_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_registration_subjects_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_subjects_registration_id_registrations"),
        ),
        sa.PrimaryKeyConstraint(
            "registration_id", "person_id", name=op.f("pk_registration_subjects")
        ),
    )
    with op.batch_alter_table("registration_subjects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_subjects_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "registration_vulnerabilities",
        sa.Column("registration_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "flag",
            sa.Enum(
                "medical",
                "disability",
                "pregnancy",
                "lgbtqi_at_risk",
                "survivor_of_violence",
                "unaccompanied_child",
                "elderly",
                "single_caregiver",
                name="vulnerability",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_registration_vulnerabilities_person_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_vulnerabilities_registration_id_registrations"),
        ),
        sa.PrimaryKeyConstraint(
            "registration_id", "person_id", "flag", name=op.f("pk_registration_vulnerabilities")
        ),
    )


def downgrade() -> None:
    op.drop_table("registration_vulnerabilities")
    with op.batch_alter_table("registration_subjects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_subjects_person_id"))

    op.drop_table("registration_subjects")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrations_registered_at"))

    op.drop_table("registrations")
    with op.batch_alter_table("person_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_phones_e164"))

    op.drop_table("person_phones")
    with op.batch_alter_table("person_nationalities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_nationalities_country"))

    op.drop_table("person_nationalities")
    with op.batch_alter_table("person_languages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_languages_language"))

    op.drop_table("person_languages")
    with op.batch_alter_table("person_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_documents_number"))

    op.drop_table("person_documents")
    with op.batch_alter_table("person_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_corrections_person_id"))

    op.drop_table("person_corrections")
    op.drop_table("person_aliases")
    op.drop_table("person_addresses")
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_members_person_id"))

    op.drop_table("family_members")
    op.drop_table("persons")
    op.drop_table("family_groups")
