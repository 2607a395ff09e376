"""registry: the organisation holding each person, family group and registration

Rows registered before access control existed go to one organisation made for them, which an
administrator can later share or hand over; nothing is left without an owner.

Revision ID: 0003_registry_owners
Revises: 0002_access
Create Date: 2026-11-23 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
from alembic import op

import puente.shared.db

revision: str = "0003_registry_owners"
down_revision: str | Sequence[str] | None = "0002_access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED_TABLES = ("persons", "family_groups", "registrations")
LEGACY_OWNER = UUID("5b0c3f4e-7f5a-4a39-9d1e-0a8f7f0c2e61")
LEGACY_NAME = "Registrations before access control"


def _has_rows(connection: sa.Connection) -> bool:
    return any(
        connection.execute(sa.text(f"SELECT 1 FROM {name} LIMIT 1")).first()  # noqa: S608
        for name in OWNED_TABLES
    )


def upgrade() -> None:
    for name in OWNED_TABLES:
        op.add_column(name, sa.Column("owner_id", sa.Uuid(), nullable=True))
    connection = op.get_bind()
    if _has_rows(connection):
        organisations = sa.table(
            "organisations",
            sa.column("id", sa.Uuid()),
            sa.column("name", sa.String()),
            sa.column("kind", sa.String()),
            sa.column("country", sa.String()),
            sa.column("created_at", puente.shared.db.UTCDateTime()),
        )
        op.bulk_insert(
            organisations,
            [
                {
                    "id": LEGACY_OWNER,
                    "name": LEGACY_NAME,
                    "kind": "ngo",
                    "country": "MX",
                    "created_at": datetime.now(UTC),
                }
            ],
        )
        for name in OWNED_TABLES:
            owned = sa.table(name, sa.column("owner_id", sa.Uuid()))
            op.execute(owned.update().values(owner_id=LEGACY_OWNER))
    for name in OWNED_TABLES:
        with op.batch_alter_table(name) as batch:
            batch.alter_column("owner_id", existing_type=sa.Uuid(), nullable=False)
            batch.create_index(batch.f(f"ix_{name}_owner_id"), ["owner_id"], unique=False)
            batch.create_foreign_key(
                batch.f(f"fk_{name}_owner_id_organisations"), "organisations", ["owner_id"], ["id"]
            )


def downgrade() -> None:
    for name in OWNED_TABLES:
        with op.batch_alter_table(name) as batch:
            batch.drop_constraint(batch.f(f"fk_{name}_owner_id_organisations"), type_="foreignkey")
            batch.drop_index(batch.f(f"ix_{name}_owner_id"))
            batch.drop_column("owner_id")
