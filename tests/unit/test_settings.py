"""Settings refuse unsafe values in production and are read from PUENTE_* variables."""

from __future__ import annotations

import base64
import json

import pytest

from puente.settings import Environment, SettingsError, load_settings


def test_development_defaults_to_sqlite() -> None:
    assert load_settings().database_url.startswith("sqlite")


def test_production_refuses_sqlite_and_the_default_secret() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(environment=Environment.PRODUCTION)
    for name in ("PUENTE_DATABASE_URL", "PUENTE_SECRET_KEY", "PUENTE_KEYRING", "PUENTE_AUDIT_KEY"):
        assert name in str(error.value)


def test_production_accepts_postgresql_and_a_real_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUENTE_ENVIRONMENT", "production")
    monkeypatch.setenv("PUENTE_DATABASE_URL", "postgresql://puente@db/puente")
    monkeypatch.setenv("PUENTE_SECRET_KEY", "x" * 40)
    key = base64.b64encode(b"k" * 32).decode()
    monkeypatch.setenv("PUENTE_KEYRING", json.dumps({"1": key}))
    monkeypatch.setenv("PUENTE_INDEX_KEY", key)
    monkeypatch.setenv("PUENTE_AUDIT_KEY", key)
    settings = load_settings()
    assert settings.environment is Environment.PRODUCTION
