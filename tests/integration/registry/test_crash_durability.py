"""A server killed mid-load loses no acknowledged registration and, restarted, replays each once.

The real server runs as a subprocess on both engines; SIGKILL leaves it no chance to clean up.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from puente.access.domain.roles import Role
from puente.registry.adapters.store import tables as t
from puente.shared.db import make_engine
from tests.support.callers import make_caller, organisation
from tests.unit.registry.factories import member

ROOT = Path(__file__).resolve().parents[3]
CLIENTS = 6
# Enough acknowledgements that the kill lands in steady load, with requests in flight.
ACKS_BEFORE_KILL = 60
ENDPOINT = "/api/v1/registrations"
GIVEN_NAMES = ["Ana", "Luis", "José", "Wislande", "Yessenia", "Kervens", "Marisol", "Óscar"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """``uvicorn`` in a session of its own, so that one signal reaches all it started."""

    def __init__(self, database_url: str, headers: dict[str, str]) -> None:
        self.headers = headers
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PUENTE_DATABASE_URL": database_url, "PUENTE_ENVIRONMENT": "test"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "puente.web.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning", "--no-access-log"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )  # fmt: skip
        self._wait_until_serving()

    def _wait_until_serving(self) -> None:
        # An unknown registration is a 404 only once the app and its database answer.
        probe = f"{self.base_url}{ENDPOINT}/{uuid.uuid4()}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited while starting"
            try:
                if httpx.get(probe, headers=self.headers, timeout=5).status_code == 404:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.kill()
        pytest.fail("the server did not start within 60 s")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """Every server a test starts; whatever is still running at the end is killed."""
    started: list[Server] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            server.kill()


def _body(request_id: str, number: int) -> dict[str, Any]:
    # Every third request registers a family, so multi-table writes are in flight at the kill.
    members = (
        [
            member(relationship="head", given_names=GIVEN_NAMES[number % 8]),
            member(
                given_names=GIVEN_NAMES[(number + 1) % 8],
                birth_date="2015-02",
                relationship="child",
            ),
        ]
        if number % 3 == 0
        else [member(given_names=GIVEN_NAMES[number % 8])]
    )
    return {
        "request_id": request_id,
        "location": "Tijuana",
        "registered_by": "crash test",
        "consent_given": True,
        "members": members,
    }


class Load:
    """Client threads registering until the server dies; remembers what was sent and acked."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        self.base_url = base_url
        self.headers = headers
        self.bodies: dict[str, dict[str, Any]] = {}
        self.acknowledged: dict[str, str] = {}
        self.unexpected: list[str] = []
        self.stop = threading.Event()
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client) for _ in range(CLIENTS)]

    def _client(self) -> None:
        with httpx.Client(base_url=self.base_url, headers=self.headers, timeout=30) as client:
            while not self.stop.is_set():
                number = next(self._numbers)
                request_id = f"crash-{number:06d}"
                body = _body(request_id, number)
                with self._lock:
                    self.bodies[request_id] = body
                try:
                    response = client.post(ENDPOINT, json=body)
                except httpx.TransportError:
                    # The server is gone: whether this one was stored is for the restart to tell.
                    return
                if response.status_code == 201:
                    with self._lock:
                        self.acknowledged[request_id] = response.json()["id"]
                else:
                    self.unexpected.append(f"{request_id}: {response.status_code} {response.text}")
                    return

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def wait_for_acks(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count and not self.unexpected:
            assert time.monotonic() < deadline, f"only {len(self.acknowledged)} acks in {timeout} s"
            time.sleep(0.01)

    def join(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(60)
            assert not thread.is_alive(), "a client thread hung after the kill"


def _stored(database_url: str) -> tuple[dict[str, str], int, int]:
    """Registration id by request id, persons stored, and persons linked to a registration.

    Fails if a request id is stored twice, which the dictionary would otherwise hide.
    """
    engine = make_engine(database_url)
    with engine.connect() as connection:
        stored = {
            request_id: str(registration_id)
            for request_id, registration_id in connection.execute(
                select(t.registrations.c.request_id, t.registrations.c.id)
            )
        }
        rows = connection.scalar(select(func.count()).select_from(t.registrations))
        assert rows == len(stored), "a request id stored more than once"
        persons = connection.scalar(select(func.count()).select_from(t.persons)) or 0
        subjects = connection.scalar(select(func.count()).select_from(t.registration_subjects))
    engine.dispose()
    return stored, persons, subjects or 0


@pytest.mark.xdist_group("server")
def test_killed_server_keeps_every_acknowledged_registration(
    database_url: str, servers: list[Server]
) -> None:
    engine = make_engine(database_url)
    registrar = make_caller(engine, organisation("ACNUR Tijuana"), Role.REGISTRAR)
    engine.dispose()
    servers.append(Server(database_url, registrar.headers))
    load = Load(servers[0].base_url, registrar.headers)
    load.start()
    load.wait_for_acks(ACKS_BEFORE_KILL, timeout=60)
    servers[0].kill()
    load.join()
    assert not load.unexpected, load.unexpected

    stored, persons, subjects = _stored(database_url)
    acknowledged = dict(load.acknowledged)
    missing = [r for r in acknowledged if r not in stored]
    assert not missing, f"acknowledged but not stored after the kill: {missing}"
    assert all(stored[r] == registration_id for r, registration_id in acknowledged.items())
    assert set(stored) <= set(load.bodies), "a registration nobody sent"
    expected_persons = sum(len(load.bodies[r]["members"]) for r in stored)
    assert persons == subjects == expected_persons, "persons stored twice or half-written"

    servers.append(Server(database_url, registrar.headers))
    with (
        httpx.Client(base_url=servers[1].base_url, headers=registrar.headers, timeout=30) as client,
        ThreadPoolExecutor(CLIENTS) as pool,
    ):
        replies = pool.map(lambda body: client.post(ENDPOINT, json=body), load.bodies.values())
        responses = dict(zip(load.bodies, replies, strict=True))
    servers[1].stop()
    for request_id, response in responses.items():
        assert response.status_code in (200, 201), response.text
        if request_id in acknowledged:
            assert response.status_code == 200, f"{request_id} registered twice"
            assert response.headers["Idempotent-Replayed"] == "true"
            assert response.json()["id"] == acknowledged[request_id]

    stored, persons, subjects = _stored(database_url)
    assert set(stored) == set(load.bodies)
    expected_persons = sum(len(body["members"]) for body in load.bodies.values())
    assert persons == subjects == expected_persons
