"""Rules for logging in: lock-out after repeated failures, and secrets stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class LoginThrottle:
    """Failed attempts against one account (or from one address) within the window."""

    failures: int = 0
    window_start: datetime | None = None
    locked_until: datetime | None = None

    def is_locked(self, at: datetime) -> bool:
        return self.locked_until is not None and at < self.locked_until

    def after_failure(self, at: datetime) -> LoginThrottle:
        in_window = self.window_start is not None and at - self.window_start < FAILURE_WINDOW
        failures = self.failures + 1 if in_window else 1
        start = self.window_start if in_window else at
        locked = at + LOCK_DURATION if failures >= MAX_FAILURES else self.locked_until
        return replace(self, failures=failures, window_start=start, locked_until=locked)

    def after_success(self) -> LoginThrottle:
        return LoginThrottle()


def new_secret_token() -> str:
    """A bearer secret (session or API token) to give out once; only its hash is stored."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    # A fast hash is right here: the token is random and long, so it cannot be guessed.
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
