"""identity: clusters no longer copy the holder; persons indexed by when they were registered

Revision ID: 0011_identity_tidy
Revises: 0009_subject_rights
Create Date: 2026-11-23 19:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_identity_tidy"
down_revision: str | Sequence[str] | None = "0009_subject_rights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The holder is the registry's persons.owner_id; the copy went stale when a person moved.
    with op.batch_alter_table("identity_clusters") as batch:
        batch.drop_constraint(
            batch.f("fk_identity_clusters_owner_id_organisations"), type_="foreignkey"
        )
        batch.drop_column("owner_id")
    # The registration check reads the persons registered since its last look.
    with op.batch_alter_table("persons") as batch:
        batch.create_index(batch.f("ix_persons_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.drop_index(batch.f("ix_persons_created_at"))
    with op.batch_alter_table("identity_clusters") as batch:
        batch.add_column(sa.Column("owner_id", sa.Uuid(), nullable=True))
    clusters = sa.table(
        "identity_clusters", sa.column("person_id", sa.Uuid()), sa.column("owner_id", sa.Uuid())
    )
    persons = sa.table("persons", sa.column("id", sa.Uuid()), sa.column("owner_id", sa.Uuid()))
    op.execute(
        clusters.update().values(
            owner_id=sa.select(persons.c.owner_id)
            .where(persons.c.id == clusters.c.person_id)
            .scalar_subquery()
        )
    )
    with op.batch_alter_table("identity_clusters") as batch:
        batch.alter_column("owner_id", existing_type=sa.Uuid(), nullable=False)
        batch.create_foreign_key(
            batch.f("fk_identity_clusters_owner_id_organisations"),
            "organisations",
            ["owner_id"],
            ["id"],
        )
