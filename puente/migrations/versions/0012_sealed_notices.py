"""cases: what hearing notices say of addresses sealed with the person's data key

Each notice now names the person it went to; an existing one is given the case's first person
(the principal applicant: notices were recorded for one person of the case). Its address, the
address on record and the reason naming them are sealed with that person's data key, with the
keyring from the settings, then the plaintext columns go.

Revision ID: 0012_sealed_notices
Revises: 0011_identity_tidy
Create Date: 2026-11-23 19:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import op

from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.domain.envelope import new_data_key
from puente.cases.adapters.store.notices import SEALED
from puente.registry.adapters.store.sealing import FieldSealer
from puente.settings import load_settings

revision: str = "0012_sealed_notices"
down_revision: str | Sequence[str] | None = "0011_identity_tidy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
notices = sa.table(
    "hearing_notices",
    sa.column("id", sa.Integer()),
    sa.column("case_id", sa.Uuid()),
    sa.column("person_id", sa.Uuid()),
    sa.column("address", sa.JSON()),
    sa.column("on_record", sa.JSON()),
    sa.column("reason", sa.String()),
    sa.column("sealed", sa.LargeBinary()),
)
case_persons = sa.table(
    "case_persons",
    sa.column("case_id", sa.Uuid()),
    sa.column("position", sa.SmallInteger()),
    sa.column("person_id", sa.Uuid()),
)
PERSON_FK = "fk_hearing_notices_person_id_persons"
# Tables of sealed registry fields: a person with rows here but no data key was shredded.
SEALED_FIELDS = ("person_phones", "person_documents", "person_addresses")


def _shredded(connection: sa.Connection, people: set[Any]) -> set[Any]:
    found: set[Any] = set()
    for name in SEALED_FIELDS:
        column = sa.table(name, sa.column("person_id", sa.Uuid())).c.person_id
        found.update(connection.scalars(sa.select(column).where(column.in_(people)).distinct()))
    return found


def _rewrite(sealed: bool) -> None:
    """Seal every plaintext notice (``sealed``) or open every sealed one, a batch at a time.

    Opening drops the notices of a person whose key was shredded: there is nothing to restore.
    """
    connection = op.get_bind()
    sealer = FieldSealer(keyring_from(load_settings()))
    store = SqlPersonKeyStore(connection=connection)
    after = -1
    while True:
        rows = connection.execute(
            sa.select(notices).where(notices.c.id > after).order_by(notices.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        after = rows[-1].id
        people = {r.person_id for r in rows}
        keys = sealer.existing_keys(store, people)
        if sealed:
            keyless = people - keys.keys()
            shredded = _shredded(connection, keyless) if keyless else set()
            keys |= {person: sealer.key_for(store, person) for person in keyless - shredded}
            # Shredding came before the notice was sealed: seal it under a key nobody keeps, so
            # it reads as erased, as it would had it been sealed first.
            keys |= {person: new_data_key() for person in shredded}
        changes: list[dict[str, Any]] = []
        for r in rows:
            if r.person_id not in keys:
                continue
            key = keys[r.person_id]
            if sealed:
                doc = {"address": r.address, "on_record": r.on_record, "reason": r.reason}
                values = {"sealed": sealer.seal(key, orjson.dumps(doc).decode(), SEALED)}
            else:
                opened = orjson.loads(sealer.open(key, r.sealed, SEALED))
                values = {name: opened[name] for name in ("address", "on_record", "reason")}
            changes.append({"notice": r.id, **values})
        if changes:
            columns: dict[str, Any] = {
                name: sa.bindparam(name) for name in changes[0] if name != "notice"
            }
            connection.execute(
                notices.update().where(notices.c.id == sa.bindparam("notice")).values(columns),
                changes,
            )
        lost = [r.id for r in rows if r.person_id not in keys]
        if lost:
            connection.execute(notices.delete().where(notices.c.id.in_(lost)))


def upgrade() -> None:
    with op.batch_alter_table("hearing_notices") as batch:
        batch.add_column(sa.Column("person_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    first_person = (
        sa.select(case_persons.c.person_id)
        .where(case_persons.c.case_id == notices.c.case_id, case_persons.c.position == 0)
        .scalar_subquery()
    )
    op.execute(notices.update().values(person_id=first_person))
    _rewrite(sealed=True)
    with op.batch_alter_table("hearing_notices") as batch:
        for name in ("address", "on_record", "reason"):
            batch.drop_column(name)
        batch.alter_column("person_id", existing_type=sa.Uuid(), nullable=False)
        batch.alter_column("sealed", existing_type=sa.LargeBinary(), nullable=False)
        batch.create_index(batch.f("ix_hearing_notices_person_id"), ["person_id"], unique=False)
        batch.create_foreign_key(batch.f(PERSON_FK), "persons", ["person_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("hearing_notices") as batch:
        batch.add_column(sa.Column("address", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("on_record", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=500), nullable=True))
    _rewrite(sealed=False)
    with op.batch_alter_table("hearing_notices") as batch:
        batch.drop_constraint(batch.f(PERSON_FK), type_="foreignkey")
        batch.drop_index(batch.f("ix_hearing_notices_person_id"))
        batch.drop_column("sealed")
        batch.drop_column("person_id")
        batch.alter_column("address", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("reason", existing_type=sa.String(length=500), nullable=False)
