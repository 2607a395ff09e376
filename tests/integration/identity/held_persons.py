"""Puts a population of linkage records into the registry's tables as persons, for DB tests."""

from __future__ import annotations

import uuid

import pandas as pd
from sqlalchemy import Engine, insert

from puente.access.adapters.store.tables import person_keys
from puente.registry.adapters.store import tables
from puente.registry.adapters.store.sealing import PHONE, FieldSealer
from puente.shared.db import utc_now
from tests.support.keys import KEYRING

NAMESPACE = uuid.UUID("5b0b6f1e-0000-4000-8000-000000000005")


def person_id(record_id: str) -> uuid.UUID:
    """A fixed person id per record id, so tests can name the persons they expect."""
    return uuid.uuid5(NAMESPACE, record_id)


def insert_persons(engine: Engine, records: pd.DataFrame, owner_id: uuid.UUID) -> dict[str, str]:
    """Each record as a person held by ``owner_id`` (names, sex, date of birth, nationality,
    phone); record → person."""
    now = utc_now()
    persons, nationalities, phones = [], [], []
    for r in records.to_dict(orient="records"):
        parts = [int(p) for p in str(r["birth_date"]).split("-")] + [None, None]
        pid = person_id(r["record_id"])
        persons.append(
            {
                "id": pid,
                "given_names": r["given_names"],
                "first_surname": r["first_surname"],
                "second_surname": r["second_surname"] or None,
                "name_as_written": f"{r['given_names']} {r['first_surname']}",
                "sex": r["sex"],
                "birth_year": parts[0],
                "birth_month": parts[1],
                "birth_day": parts[2],
                "birth_precision": r["birth_precision"],
                "created_at": now,
                "version": 1,
                "owner_id": owner_id,
            }
        )
        nationalities.append({"person_id": pid, "position": 0, "country": r["nationality"]})
        if r["phone"]:
            phones.append((pid, r["phone"]))
    with engine.begin() as connection:
        connection.execute(insert(tables.persons), persons)
        connection.execute(insert(tables.person_nationalities), nationalities)
        if phones:
            # Phones are sealed at rest, each with its person's data key, and found by index.
            sealer = FieldSealer(KEYRING)
            keys, key_rows = sealer.new_keys(pid for pid, _ in phones)
            connection.execute(insert(person_keys), key_rows)
            connection.execute(
                insert(tables.person_phones),
                [
                    {
                        "person_id": pid,
                        "position": 0,
                        "e164_sealed": sealer.seal(keys[pid], phone, PHONE),
                        "e164_index": sealer.index(PHONE, phone),
                    }
                    for pid, phone in phones
                ],
            )
    return {r: str(person_id(r)) for r in records["record_id"]}
