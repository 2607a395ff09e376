"""cases: a hearing notice may name no one (retention forgot the person; the notice stays)

Revision ID: 0014_kept_notices
Revises: 0013_retention_ports
Create Date: 2026-11-23 23:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_kept_notices"
down_revision: str | Sequence[str] | None = "0013_retention_ports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hearing_notices") as batch:
        batch.alter_column("person_id", existing_type=sa.Uuid(), nullable=True)


def downgrade() -> None:
    # Before, a forgotten person's notices were deleted: those kept naming no one go.
    op.execute(sa.text("DELETE FROM hearing_notices WHERE person_id IS NULL"))
    with op.batch_alter_table("hearing_notices") as batch:
        batch.alter_column("person_id", existing_type=sa.Uuid(), nullable=False)
