"""access: request ids of consent decisions, and the index of records each audit event names

Revision ID: 0013_retention_ports
Revises: 0012_sealed_notices
Create Date: 2026-11-23 19:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013_retention_ports"
down_revision: str | Sequence[str] | None = "0012_sealed_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def upgrade() -> None:
    op.add_column("consent_events", sa.Column("request_id", sa.Uuid(), nullable=True))
    op.create_index(
        op.f("ix_consent_events_request_id"), "consent_events", ["request_id"], unique=True
    )
    op.create_table(
        "audit_subjects",
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("pending_id", sa.BigInteger(), nullable=True),
        sa.Column("sequence", sa.BigInteger(), nullable=True),
    )
    op.create_index(op.f("ix_audit_subjects_record_id"), "audit_subjects", ["record_id"])
    op.create_index(op.f("ix_audit_subjects_pending_id"), "audit_subjects", ["pending_id"])
    _index_existing_events()


def _index_existing_events() -> None:
    """Index the records every event already in the log names, chained and pending."""
    connection = op.get_bind()
    subjects = sa.table(
        "audit_subjects",
        sa.column("record_id", sa.String),
        sa.column("pending_id", sa.BigInteger),
        sa.column("sequence", sa.BigInteger),
    )
    sources = (
        (sa.table("audit_entries", sa.column("sequence"), sa.column("event", sa.JSON)), "sequence"),
        (sa.table("audit_pending", sa.column("id"), sa.column("event", sa.JSON)), "pending_id"),
    )
    for table, target in sources:
        key = table.c.sequence if target == "sequence" else table.c.id
        last = -1
        while rows := connection.execute(
            sa.select(key, table.c.event).where(key > last).order_by(key).limit(BATCH)
        ).all():
            named: list[dict[str, Any]] = [
                {"record_id": r, target: ref}
                for ref, event in rows
                for r in dict.fromkeys(event["record_ids"])
            ]
            if named:
                connection.execute(sa.insert(subjects), named)
            last = rows[-1][0]


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_subjects_pending_id"), table_name="audit_subjects")
    op.drop_index(op.f("ix_audit_subjects_record_id"), table_name="audit_subjects")
    op.drop_table("audit_subjects")
    op.drop_index(op.f("ix_consent_events_request_id"), table_name="consent_events")
    with op.batch_alter_table("consent_events") as batch:
        batch.drop_column("request_id")
