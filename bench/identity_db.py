"""The identity run on the database: load N synthetic records as persons, then time the run that
reads them, links them and stores clusters, candidate pairs and the review queue; beside it, in
the same run and on the same records, the file-based linkage alone (its baseline: what storage
adds). Each in its own process, so peak memory is its own.

    .venv/bin/python bench/identity_db.py --records 200000 [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import insert

from puente.shared.db import make_engine, utc_now

NAMESPACE = uuid.UUID("5b0b6f1e-0000-4000-8000-0000000000db")
CHUNK = 20_000


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _person_rows(
    records: pd.DataFrame, owner_id: uuid.UUID
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[uuid.UUID, str]]]:
    now = utc_now()
    persons: list[dict[str, Any]] = []
    nationalities: list[dict[str, Any]] = []
    phones: list[tuple[uuid.UUID, str]] = []
    for r in records.to_dict(orient="records"):
        pid = uuid.uuid5(NAMESPACE, str(r["record_id"]))
        parts: list[int | None] = [int(p) for p in str(r["birth_date"]).split("-") if p]
        parts += [None] * (3 - len(parts))
        persons.append(
            {
                "id": pid,
                "given_names": r["given_names"],
                "first_surname": r["first_surname"],
                "second_surname": r["second_surname"] or None,
                "name_as_written": r["name_as_written"] or r["given_names"],
                "sex": r["sex"],
                "birth_year": parts[0],
                "birth_month": parts[1],
                "birth_day": parts[2],
                "birth_precision": r["birth_precision"] or None,
                "created_at": now,
                "version": 1,
                "owner_id": owner_id,
            }
        )
        nationalities.append({"person_id": pid, "position": 0, "country": r["nationality"]})
        if r["phone"]:
            phones.append((pid, r["phone"]))
    return persons, nationalities, phones


def load(database_url: str, records_path: Path) -> dict[str, Any]:
    from puente.access.adapters.keys import keyring_from
    from puente.access.adapters.store.credential_store import SqlCredentialStore
    from puente.access.adapters.store.tables import person_keys
    from puente.access.domain.roles import Organisation, OrganisationKind
    from puente.registry.adapters.store import tables
    from puente.registry.adapters.store.sealing import PHONE, FieldSealer
    from puente.settings import load_settings
    from puente.shared.migrations import upgrade

    engine = make_engine(database_url)
    upgrade(engine)
    records = pd.read_parquet(records_path).astype("string").fillna("")
    started = time.perf_counter()
    holder = Organisation(uuid.uuid4(), "Bench holder", OrganisationKind.NGO, "MX")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(holder, utc_now())
        store.commit()
    # Phones are sealed at rest with each person's data key, and found by blind index.
    sealer = FieldSealer(keyring_from(load_settings()))
    for start in range(0, len(records), CHUNK):
        chunk = records.iloc[start : start + CHUNK]
        persons, nationalities, phones = _person_rows(chunk, holder.id)
        with engine.begin() as connection:
            connection.execute(insert(tables.persons), persons)
            connection.execute(insert(tables.person_nationalities), nationalities)
            if phones:
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
    engine.dispose()
    return {"load_seconds": time.perf_counter() - started}


def run_db(database_url: str) -> dict[str, Any]:
    from puente.identity.adapters.batch import DEFAULT_POLICY
    from puente.identity.adapters.database_linker import splink_linker
    from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
    from puente.identity.services.database_run import run_on_database

    engine = make_engine(database_url)
    laps: dict[str, float] = {}
    last = [time.perf_counter()]

    def lap(step: str) -> None:
        now = time.perf_counter()
        laps[step] = now - last[0]
        last[0] = now

    started = time.perf_counter()
    summary = run_on_database(
        lambda: SqlIdentityUnitOfWork(engine),
        splink_linker(),
        DEFAULT_POLICY,
        "bench",
        utc_now,
        lap,
    )
    lap("end")
    return {
        "seconds": time.perf_counter() - started,
        "peak_gb": _peak_gb(),
        "clusters": summary.clusters,
        "for_review": summary.for_review,
        "reading_s": laps.get("normalising names and dates", 0.0),
        "storing_s": laps["end"],
    }


def link_file(records_path: Path) -> dict[str, Any]:
    from puente.identity.adapters.batch import link_records

    records = pd.read_parquet(records_path).astype("string").fillna("")
    started = time.perf_counter()
    outcome = link_records(records)
    return {
        "seconds": time.perf_counter() - started,
        "peak_gb": _peak_gb(),
        "clusters": int(outcome.assignments["cluster_id"].nunique()),
    }


def _child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        mode, *args = sys.argv[1:]
        if mode == "_load":
            print(json.dumps(load(args[0], Path(args[1]))))
        elif mode == "_run":
            print(json.dumps(run_db(args[0])))
        else:
            print(json.dumps(link_file(Path(args[0]))))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database; default a new SQLite file")
    parser.add_argument("--work", type=Path, default=Path("var/bench/identity_db"))
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    records_path = options.work / f"records_{options.records}.parquet"
    if not records_path.exists():
        from puente.synth import generate_records

        generate_records(options.records, seed=options.seed).records.to_parquet(records_path)
    url = options.database_url
    if url is None:
        database = options.work / f"identity_{options.records}.db"
        database.unlink(missing_ok=True)
        url = f"sqlite:///{database}"
    loaded = _child("_load", url, str(records_path))
    first = _child("_run", url)
    second = _child("_run", url)
    baseline = _child("_file", str(records_path))
    print(
        f"records {options.records:,} on {url.split(':')[0]}: "
        f"loaded in {loaded['load_seconds']:.1f} s"
    )
    for name, result in (("run-db (first)", first), ("run-db (again)", second)):
        print(
            f"{name}: {result['seconds']:.1f} s, peak {result['peak_gb']:.2f} GB, "
            f"reading {result['reading_s']:.1f} s, storing {result['storing_s']:.1f} s, "
            f"{result['clusters']:,} people, {result['for_review']:,} pairs for review"
        )
    print(
        f"baseline (file linkage, same records): {baseline['seconds']:.1f} s, "
        f"peak {baseline['peak_gb']:.2f} GB, {baseline['clusters']:,} people; "
        f"run-db / baseline = {first['seconds'] / baseline['seconds']:.2f}"
    )


if __name__ == "__main__":
    main()
