"""The rush path on both engines: self-service asks are committed in batches, each answered only
after its batch committed; a killed server keeps every acknowledged ask, and the same ask sent
many times at once, in one batch or in racing batches, stores one request."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from uuid import UUID

import httpx
import pytest
from sqlalchemy import Engine, event, func, select

from puente.entry.adapters.store import tables as t
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.services.self_service import (
    NotRecognised,
    SelfAsk,
    SelfStatus,
    ask_ourselves,
)
from puente.shared.db import utc_now
from puente.shared.errors import PuenteError
from tests.integration.entry.support import BIRTH, register_family, seed_ports, seed_window
from tests.support.live_server import live_server

ENDPOINT = "/api/v1/entry/self/requests"


def _stored(engine: Engine) -> tuple[set[str], int]:
    with engine.connect() as connection:
        ids = set(connection.scalars(select(t.entry_requests.c.id)))
        members = connection.scalar(select(func.count()).select_from(t.entry_request_members))
    return ids, members or 0


@pytest.mark.xdist_group("server")
def test_acknowledged_asks_survive_a_killed_server_and_repeats_store_one_request(
    database_url: str, engine: Engine
) -> None:
    seed_ports(engine)
    seed_window(engine, None)
    families = [register_family(engine)[0] for _ in range(3)]
    # The first family asks eight times at once, the others once each.
    bodies = [
        {"registration_id": str(registration), "birth_date": BIRTH, "preferences": ["SYS"]}
        for registration in [families[0]] * 8 + families[1:]
    ]
    with live_server(database_url) as server, httpx.Client(base_url=server.url) as client:
        with ThreadPoolExecutor(len(bodies)) as pool:
            answers = list(pool.map(lambda body: client.post(ENDPOINT, json=body), bodies))
        server.kill()  # no shutdown: what was acknowledged must already be committed
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers]
    acknowledged = {a.json()["request_id"] for a in answers}
    assert len(acknowledged) == 3
    assert sorted(a.status_code for a in answers[:8]) == [200] * 7 + [201]
    stored, members = _stored(engine)
    assert stored == acknowledged
    assert members == 6  # three families of two, each stored once


def _asks(registration: UUID) -> list[SelfAsk]:
    ask = SelfAsk(registration, date.fromisoformat(BIRTH), ("SYS",), False, utc_now())
    return [ask, ask]


def test_the_same_ask_in_one_batch_and_in_racing_batches_stores_one_request(
    engine: Engine,
) -> None:
    seed_ports(engine)
    seed_window(engine, None)
    registration, _ = register_family(engine)

    def batch(_: int) -> list[tuple[SelfStatus, bool] | PuenteError]:
        return ask_ourselves(SqlEntryUnitOfWork(engine), _asks(registration))

    with ThreadPoolExecutor(4) as pool:
        answers = [answer for answers in pool.map(batch, range(8)) for answer in answers]
    created = [a for a in answers if not isinstance(a, PuenteError) and a[1]]
    assert len(created) == 1
    request_ids = {
        a[0].request.id for a in answers if not isinstance(a, PuenteError) and a[0].request
    }
    assert len(request_ids) == 1
    assert _stored(engine) == (request_ids, 2)


def test_a_batch_reads_its_proofs_in_the_transaction_that_stores_its_requests(
    engine: Engine,
) -> None:
    seed_ports(engine)
    seed_window(engine, None)
    families = [register_family(engine)[0] for _ in range(3)]
    asks = [SelfAsk(f, date.fromisoformat(BIRTH), ("SYS",), False, utc_now()) for f in families]
    wrong = SelfAsk(families[0], date(1901, 1, 1), ("SYS",), False, utc_now())
    checkouts: list[object] = []

    def checked_out(*connection: object) -> None:
        checkouts.append(connection)

    event.listen(engine, "checkout", checked_out)
    answers = ask_ourselves(SqlEntryUnitOfWork(engine), [*asks, wrong])
    event.remove(engine, "checkout", checked_out)
    assert [a[1] for a in answers[:3] if not isinstance(a, PuenteError)] == [True] * 3
    assert isinstance(answers[3], NotRecognised)
    assert len(checkouts) == 1  # one connection for the proofs and the writes
    assert len(_stored(engine)[0]) == 3
