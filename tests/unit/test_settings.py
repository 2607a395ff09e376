"""Settings refuse unsafe values in production and are read from PUENTE_* variables."""

from __future__ import annotations

import pytest

from puente.settings import Environment, SettingsError, load_settings


def test_development_defaults_to_sqlite() -> None:
    assert load_settings().database_url.startswith("sqlite")


def test_production_refuses_sqlite_and_the_default_secret() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(environment=Environment.PRODUCTION)
    assert "PUENTE_DATABASE_URL" in str(error.value) and "PUENTE_SECRET_KEY" in str(error.value)


def test_production_accepts_postgresql_and_a_real_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUENTE_ENVIRONMENT", "production")
    monkeypatch.setenv("PUENTE_DATABASE_URL", "postgresql://puente@db/puente")
    monkeypatch.setenv("PUENTE_SECRET_KEY", "x" * 40)
    settings = load_settings()
    assert settings.environment is Environment.PRODUCTION
