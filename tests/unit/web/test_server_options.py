"""``puente serve`` passes the trusted proxies from settings to uvicorn: behind a proxy on
another host, the limiter must see each client's own address, not the proxy's."""

from __future__ import annotations

import pytest

from puente.settings import load_settings
from puente.web.server_cli import server_options


def test_the_trusted_proxies_come_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert server_options(load_settings(), None, None, 1)["forwarded_allow_ips"] == "127.0.0.1"
    monkeypatch.setenv("PUENTE_FORWARDED_ALLOW_IPS", "10.0.0.0/8,192.168.1.7")
    options = server_options(load_settings(), "0.0.0.0", 8080, 2)  # noqa: S104
    assert options["forwarded_allow_ips"] == "10.0.0.0/8,192.168.1.7"
    assert (options["host"], options["port"], options["workers"]) == ("0.0.0.0", 8080, 2)  # noqa: S104
