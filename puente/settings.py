"""Runtime settings read from PUENTE_* environment variables, validated before anything starts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "puente-development-secret-do-not-use-in-production"  # noqa: S105


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(ValueError):
    """Settings that cannot be used: a bad value, or an unsafe one in production."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PUENTE_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = "sqlite:///var/puente.db"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    analytics_path: Path = Path("var/analytics.duckdb")
    shared_data_dir: Path = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    default_language: str = "es"
    host: str = "127.0.0.1"
    port: int = 8000
    database_pool_size: int = 10
    # Proxies trusted to say who the client is (X-Forwarded-For/-Proto): comma-separated
    # addresses or networks, "*" for any (then any client can forge its address and get round
    # the per-address limiter). Unset, uvicorn's own FORWARDED_ALLOW_IPS or default applies.
    # The limiter counts per client address, so behind a proxy on another host this must name
    # it, or every client shares its address.
    forwarded_allow_ips: str | None = None
    # Key-encryption keys as JSON {"version": "base64 of 32 bytes", …}; the highest version wraps
    # new data keys. PUENTE_INDEX_KEY keys the blind indexes and PUENTE_AUDIT_KEY the audit chain.
    keyring: SecretStr | None = None
    index_key: SecretStr | None = None
    audit_key: SecretStr | None = None

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is not Environment.PRODUCTION:
            return self
        problems = []
        if self.database_url.startswith("sqlite"):
            problems.append("PUENTE_DATABASE_URL must name a PostgreSQL server in production")
        secret = self.secret_key.get_secret_value()
        if secret == DEVELOPMENT_SECRET or len(secret) < 32:
            problems.append("PUENTE_SECRET_KEY must be set to a random value of 32+ characters")
        for name in ("keyring", "index_key", "audit_key"):
            if getattr(self, name) is None:
                problems.append(f"PUENTE_{name.upper()} must be set in production")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; explicit overrides win (used by tests and the CLI)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        raise SettingsError(problems) from None
