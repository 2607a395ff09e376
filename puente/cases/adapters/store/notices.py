"""Hearing notices on SQL, the addresses they name sealed with the person's data key.

Shredding the key erases the addresses and the reason; when and whether a notice was served
stay readable, so the deadlines they set do not change. Retention keeps a forgotten person's
notice in a case that stays for their family naming no one, with nothing sealed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import Connection, insert, select

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.cases.adapters.store import tables as t
from puente.cases.adapters.store.mapping import address_doc, address_of
from puente.cases.domain.notices import ERASED, HearingNotice, NoticeCheck, NoticeServed
from puente.registry.adapters.store.sealing import FieldSealer

# Bound into each ciphertext: a sealed value copied into another column does not open.
SEALED = "hearing_notices.sealed"


def sealed_doc(check: NoticeCheck) -> str:
    """What a notice seals: the address it went to, the address on record, and the reason."""
    return orjson.dumps(
        {
            "address": address_doc(check.notice.address),
            "on_record": address_doc(check.on_record),
            "reason": check.reason,
        }
    ).decode()


class SqlNotices:
    def __init__(self, connection: Connection, sealer: FieldSealer) -> None:
        self._db = connection
        self._sealer = sealer
        self._keys = SqlPersonKeyStore(connection=connection)

    def add(self, check: NoticeCheck) -> None:
        notice = check.notice
        assert notice.person_id is not None, "a notice is sent to one of the case's people"
        key = self._sealer.key_for(self._keys, notice.person_id)
        self._db.execute(
            insert(t.hearing_notices),
            {
                "case_id": notice.case_id,
                "hearing_id": notice.hearing_id,
                "person_id": notice.person_id,
                "sent_at": notice.sent_at,
                "flagged": check.flagged,
                "sealed": self._sealer.seal(key, sealed_doc(check), SEALED),
            },
        )

    def served_of(self, case_id: UUID) -> list[NoticeServed]:
        notices = t.hearing_notices.c
        rows = self._db.execute(
            select(notices.hearing_id, notices.sent_at, notices.flagged)
            .where(notices.case_id == case_id)
            .order_by(notices.id)
        )
        return [NoticeServed(r.hearing_id, r.sent_at, r.flagged) for r in rows]

    def of_case(self, case_id: UUID) -> list[NoticeCheck]:
        rows = self._db.execute(
            select(t.hearing_notices)
            .where(t.hearing_notices.c.case_id == case_id)
            .order_by(t.hearing_notices.c.id)
        ).all()
        named = {r.person_id for r in rows if r.person_id is not None}
        keys = self._sealer.existing_keys(self._keys, named)
        found = []
        for row in rows:
            key = keys.get(row.person_id)
            doc: dict[str, Any] = (
                orjson.loads(self._sealer.open(key, row.sealed, SEALED))
                if key is not None
                else {"address": None, "on_record": None, "reason": ERASED}
            )
            notice = HearingNotice(
                row.case_id, row.hearing_id, row.person_id, row.sent_at, address_of(doc["address"])
            )
            found.append(
                NoticeCheck(notice, address_of(doc["on_record"]), row.flagged, doc["reason"])
            )
        return found
