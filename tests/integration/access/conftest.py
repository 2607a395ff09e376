"""Access tests hash passwords with argon2's cheapest profile: they test logic, not strength."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles

from puente.access.services import authentication


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(authentication, "_hasher", hasher)
    monkeypatch.setattr(authentication, "_dummy_hash", lambda: hasher.hash("dummy"))
