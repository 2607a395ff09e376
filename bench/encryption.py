"""The cost of sealing phones, documents and addresses on the registry's raw repository path.

Registrations/s written and read through ``SqlRegistryRepository``, one transaction each, with
field encryption (data key per person, AES-GCM, blind indexes) and, in the same run and the
same database, with a baseline sealer that stores the same columns as plain bytes.
Run: ``.venv/bin/python bench/encryption.py --help``; results are kept in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT.parent), str(ROOT)]

from registration import make_body, postgres_database, sqlite_database  # noqa: E402

from puente.access.adapters.keys import keyring_from  # noqa: E402
from puente.access.adapters.store.credential_store import SqlCredentialStore  # noqa: E402
from puente.access.adapters.store.key_store import SqlPersonKeyStore  # noqa: E402
from puente.access.domain.roles import Organisation, OrganisationKind  # noqa: E402
from puente.registry.adapters.store.repository import SqlRegistryRepository  # noqa: E402
from puente.registry.adapters.store.sealing import FieldSealer  # noqa: E402
from puente.registry.services.commands import RegisterCommand  # noqa: E402
from puente.registry.services.registration import _build_group  # noqa: E402
from puente.registry.services.unit_of_work import RegisteredGroup  # noqa: E402
from puente.settings import load_settings  # noqa: E402
from puente.shared.db import make_engine  # noqa: E402
from puente.shared.migrations import upgrade  # noqa: E402


class PlainBytes(FieldSealer):
    """The baseline: the same columns filled with the plain values, no keys, no cipher."""

    def new_keys(self, person_ids: Iterable[UUID]) -> tuple[dict[UUID, bytes], list[Any]]:
        return {person_id: b"" for person_id in person_ids}, []

    def key_for(self, store: SqlPersonKeyStore, person_id: UUID) -> bytes:
        return b""

    def existing_keys(
        self, store: SqlPersonKeyStore, person_ids: Iterable[UUID]
    ) -> dict[UUID, bytes]:
        return {person_id: b"" for person_id in person_ids}

    def seal(self, key: bytes, value: str, field: str) -> bytes:
        return value.encode()

    def open(self, key: bytes, sealed: bytes, field: str) -> str:
        return bytes(sealed).decode()

    def index(self, field: str, normalised_value: str) -> str:
        return normalised_value


def _groups(count: int, owner: UUID, rng: random.Random) -> list[RegisteredGroup]:
    now = datetime.now(UTC)
    bodies = [make_body(rng, f"bench-{uuid4()}") for _ in range(count)]
    for body in bodies:
        # Every adult also gives an A-number and an address, the fields sealed besides phones.
        for member in body["members"]:
            if member["phones"]:
                member["documents"] = [
                    {"kind": "a_number", "number": str(rng.randint(10**8, 10**9 - 1))}
                ]
                member["address"] = {
                    "country": "MX",
                    "line1": "Calle 5 de Mayo 120",
                    "city": "Tijuana",
                }
    return [_build_group(RegisterCommand.model_validate(b), now, owner) for b in bodies]


def _timed(
    engine: Engine, sealer: FieldSealer, groups: list[RegisteredGroup]
) -> tuple[float, float]:
    """Registrations/s written, then read back by id, one transaction each."""
    started = time.perf_counter()
    for group in groups:
        with engine.begin() as connection:
            SqlRegistryRepository(connection, sealer).add_registration(
                group.registration, list(group.persons), group.family
            )
    written = time.perf_counter() - started
    started = time.perf_counter()
    for group in groups:
        with engine.begin() as connection:
            SqlRegistryRepository(connection, sealer).get_registration(group.registration.id)
    read = time.perf_counter() - started
    return len(groups) / written, len(groups) / read


def bench(label: str, url: str, count: int, rounds: int, seed: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    owner = Organisation(uuid4(), "ACNUR bench", OrganisationKind.UN_AGENCY, "MX")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(owner, datetime.now(UTC))
        store.commit()
    rng = random.Random(seed)
    sealers = {
        "plain": PlainBytes(keyring_from(load_settings())),
        "sealed": FieldSealer(keyring_from(load_settings())),
    }
    _timed(engine, sealers["sealed"], _groups(200, owner.id, rng))  # warm-up
    rates: dict[str, list[tuple[float, float]]] = {name: [] for name in sealers}
    # Alternate the two in rounds, so that load from elsewhere on the machine hits both alike.
    for _ in range(rounds):
        for name, sealer in sealers.items():
            rates[name].append(_timed(engine, sealer, _groups(count // rounds, owner.id, rng)))
    engine.dispose()
    best = {name: (max(w for w, _ in r), max(rd for _, rd in r)) for name, r in rates.items()}
    (pw, pr), (sw, sr) = best["plain"], best["sealed"]
    print(
        f"{label:<11} write {sw:7.0f} reg/s sealed vs {pw:7.0f} plain ({sw / pw:5.1%})   "
        f"read {sr:7.0f} reg/s sealed vs {pr:7.0f} plain ({sr / pr:5.1%})"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="postgresql,sqlite", help="postgresql, sqlite or both")
    parser.add_argument("--registrations", type=int, default=3000, help="per variant, all rounds")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per variant")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print("best round of each; the ratio is sealed / plain (100% = free)")
    for engine in args.engines.split(","):
        database = postgres_database(args.postgres) if engine == "postgresql" else sqlite_database()
        try:
            bench(database.name, database.url, args.registrations, args.rounds, args.seed)
        finally:
            database.drop()


if __name__ == "__main__":
    main()
