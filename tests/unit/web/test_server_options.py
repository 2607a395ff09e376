"""``puente serve`` passes the trusted proxies from settings to uvicorn: behind a proxy on
another host, the limiter must see each client's own address, not the proxy's. Unset, uvicorn's
own ``FORWARDED_ALLOW_IPS`` (or its default) applies."""

from __future__ import annotations

from typing import Any

import pytest
from uvicorn import Config

from puente.settings import load_settings
from puente.web.server_cli import server_options


def _trusted(options: dict[str, Any]) -> Any:
    # What uvicorn itself makes of the options: the proxies its middleware will trust.
    return Config("puente.web.app:create_app", **options).forwarded_allow_ips


def test_the_trusted_proxies_come_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "172.16.0.1")
    monkeypatch.setenv("PUENTE_FORWARDED_ALLOW_IPS", "10.0.0.0/8,192.168.1.7")
    options = server_options(load_settings(), "0.0.0.0", 8080, 2)  # noqa: S104
    assert _trusted(options) == "10.0.0.0/8,192.168.1.7"
    assert (options["host"], options["port"], options["workers"]) == ("0.0.0.0", 8080, 2)  # noqa: S104


def test_without_the_setting_uvicorns_own_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUENTE_FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "172.16.0.1")
    assert _trusted(server_options(load_settings(), None, None, 1)) == "172.16.0.1"
    monkeypatch.delenv("FORWARDED_ALLOW_IPS")
    assert _trusted(server_options(load_settings(), None, None, 1)) == "127.0.0.1,::1"
