"""registry: phones, document numbers and addresses sealed with each person's data key

Existing plaintext rows are sealed in the same transaction with the keyring from the settings
(PUENTE_KEYRING / PUENTE_INDEX_KEY, or the development keys), then the plaintext columns go.

Revision ID: 0008_registry_encryption
Revises: 0007_identity
Create Date: 2026-11-23 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import orjson
import sqlalchemy as sa
from alembic import op

from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.registry.adapters.store.sealing import (
    DOCUMENT,
    PHONE,
    PLACE,
    FieldSealer,
    document_index_value,
)
from puente.registry.domain.contact import DocumentKind
from puente.settings import load_settings

revision: str = "0008_registry_encryption"
down_revision: str | Sequence[str] | None = "0007_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
phones = sa.table(
    "person_phones",
    sa.column("person_id", sa.Uuid()),
    sa.column("position", sa.SmallInteger()),
    sa.column("e164", sa.String()),
    sa.column("e164_sealed", sa.LargeBinary()),
    sa.column("e164_index", sa.String()),
)
documents = sa.table(
    "person_documents",
    sa.column("person_id", sa.Uuid()),
    sa.column("position", sa.SmallInteger()),
    sa.column("kind", sa.String()),
    sa.column("number", sa.String()),
    sa.column("number_sealed", sa.LargeBinary()),
    sa.column("number_index", sa.String()),
)
addresses = sa.table(
    "person_addresses",
    sa.column("person_id", sa.Uuid()),
    sa.column("position", sa.SmallInteger()),
    sa.column("line1", sa.String()),
    sa.column("city", sa.String()),
    sa.column("state", sa.String()),
    sa.column("postal_code", sa.String()),
    sa.column("place_sealed", sa.LargeBinary()),
)
TABLES = (phones, documents, addresses)
PLAIN_ADDRESS = {"line1": 200, "city": 120, "state": 120, "postal_code": 20}


def _sealed(sealer: FieldSealer, key: bytes, table: sa.TableClause, row: Any) -> dict[str, Any]:
    if table is phones:
        return {
            "e164_sealed": sealer.seal(key, row.e164, PHONE),
            "e164_index": sealer.index(PHONE, row.e164),
        }
    if table is documents:
        value = document_index_value(DocumentKind(row.kind), row.number)
        return {
            "number_sealed": sealer.seal(key, row.number, DOCUMENT),
            "number_index": sealer.index(DOCUMENT, value),
        }
    place = [row.line1, row.city, row.state, row.postal_code]
    return {"place_sealed": sealer.seal(key, orjson.dumps(place).decode(), PLACE)}


def _opened(sealer: FieldSealer, key: bytes, table: sa.TableClause, row: Any) -> dict[str, Any]:
    if table is phones:
        return {"e164": sealer.open(key, row.e164_sealed, PHONE)}
    if table is documents:
        return {"number": sealer.open(key, row.number_sealed, DOCUMENT)}
    line1, city, state, postal_code = orjson.loads(sealer.open(key, row.place_sealed, PLACE))
    return {"line1": line1, "city": city, "state": state, "postal_code": postal_code}


def _people_batches(connection: sa.Connection) -> list[list[UUID]]:
    union = sa.union(*(sa.select(table.c.person_id) for table in TABLES)).subquery()
    ids = list(connection.scalars(sa.select(union.c.person_id).order_by(union.c.person_id)))
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


def _rewrite(sealed: bool) -> None:
    """Seal every plaintext row (``sealed``) or open every sealed one, a batch of people at once.

    Opening drops the rows of a person whose key was shredded: there is nothing left to restore.
    """
    connection = op.get_bind()
    sealer = FieldSealer(keyring_from(load_settings()))
    store = SqlPersonKeyStore(connection=connection)
    for people in _people_batches(connection):
        if sealed:
            keys = {person: sealer.key_for(store, person) for person in people}
        else:
            keys = sealer.existing_keys(store, people)
        for table in TABLES:
            rows = connection.execute(sa.select(table).where(table.c.person_id.in_(people))).all()
            convert = _sealed if sealed else _opened
            changes = [
                {
                    "pid": r.person_id,
                    "pos": r.position,
                    **convert(sealer, keys[r.person_id], table, r),
                }
                for r in rows
                if r.person_id in keys
            ]
            key = (table.c.person_id == sa.bindparam("pid")) & (
                table.c.position == sa.bindparam("pos")
            )
            if changes:
                values: dict[str, Any] = {
                    name: sa.bindparam(name) for name in changes[0] if name not in ("pid", "pos")
                }
                connection.execute(table.update().where(key).values(values), changes)
            lost = [r.person_id for r in rows if r.person_id not in keys]
            if lost:
                connection.execute(table.delete().where(table.c.person_id.in_(lost)))


def upgrade() -> None:
    with op.batch_alter_table("person_phones") as batch:
        batch.add_column(sa.Column("e164_sealed", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("e164_index", sa.String(length=64), nullable=True))
    with op.batch_alter_table("person_documents") as batch:
        batch.add_column(sa.Column("number_sealed", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("number_index", sa.String(length=64), nullable=True))
    with op.batch_alter_table("person_addresses") as batch:
        batch.add_column(sa.Column("place_sealed", sa.LargeBinary(), nullable=True))
    _rewrite(sealed=True)
    with op.batch_alter_table("person_phones") as batch:
        batch.drop_index(batch.f("ix_person_phones_e164"))
        batch.drop_column("e164")
        batch.alter_column("e164_sealed", existing_type=sa.LargeBinary(), nullable=False)
        batch.create_index(batch.f("ix_person_phones_e164_index"), ["e164_index"], unique=False)
    with op.batch_alter_table("person_documents") as batch:
        batch.drop_index(batch.f("ix_person_documents_number"))
        batch.drop_column("number")
        batch.alter_column("number_sealed", existing_type=sa.LargeBinary(), nullable=False)
        batch.create_index(
            batch.f("ix_person_documents_number_index"), ["number_index"], unique=False
        )
    with op.batch_alter_table("person_addresses") as batch:
        for name in PLAIN_ADDRESS:
            batch.drop_column(name)
        batch.alter_column("place_sealed", existing_type=sa.LargeBinary(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("person_phones") as batch:
        batch.add_column(sa.Column("e164", sa.String(length=16), nullable=True))
    with op.batch_alter_table("person_documents") as batch:
        batch.add_column(sa.Column("number", sa.String(length=40), nullable=True))
    with op.batch_alter_table("person_addresses") as batch:
        for name, length in PLAIN_ADDRESS.items():
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))
    _rewrite(sealed=False)
    with op.batch_alter_table("person_phones") as batch:
        batch.drop_index(batch.f("ix_person_phones_e164_index"))
        batch.drop_column("e164_index")
        batch.drop_column("e164_sealed")
        batch.alter_column("e164", existing_type=sa.String(length=16), nullable=False)
        batch.create_index(batch.f("ix_person_phones_e164"), ["e164"], unique=False)
    with op.batch_alter_table("person_documents") as batch:
        batch.drop_index(batch.f("ix_person_documents_number_index"))
        batch.drop_column("number_index")
        batch.drop_column("number_sealed")
        batch.alter_column("number", existing_type=sa.String(length=40), nullable=False)
        batch.create_index(batch.f("ix_person_documents_number"), ["number"], unique=False)
    with op.batch_alter_table("person_addresses") as batch:
        batch.drop_column("place_sealed")
        for name in ("line1", "city"):
            batch.alter_column(name, existing_type=sa.String(), nullable=False)
