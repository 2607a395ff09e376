"""Lock-out after repeated failures within the window; tokens are stored only as hashes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from puente.access.domain.credentials import (
    FAILURE_WINDOW,
    LOCK_DURATION,
    MAX_FAILURES,
    LoginThrottle,
    new_secret_token,
    same_secret,
    token_digest,
)

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_locked_after_repeated_failures_and_unlocked_later() -> None:
    throttle = LoginThrottle()
    for attempt in range(MAX_FAILURES):
        assert not throttle.is_locked(START + timedelta(seconds=attempt))
        throttle = throttle.after_failure(START + timedelta(seconds=attempt))
    assert throttle.is_locked(START + timedelta(minutes=1))
    assert not throttle.is_locked(START + LOCK_DURATION + timedelta(minutes=1))


def test_failures_spread_beyond_the_window_do_not_lock() -> None:
    throttle = LoginThrottle()
    for attempt in range(MAX_FAILURES * 2):
        throttle = throttle.after_failure(START + attempt * (FAILURE_WINDOW / 2))
    assert not throttle.is_locked(START + MAX_FAILURES * 2 * (FAILURE_WINDOW / 2))


def test_success_resets() -> None:
    throttle = LoginThrottle().after_failure(START).after_failure(START)
    assert throttle.after_success() == LoginThrottle()


def test_tokens_are_random_and_stored_as_digests() -> None:
    token = new_secret_token()
    assert token != new_secret_token() and len(token) >= 40
    digest = token_digest(token)
    assert token not in digest and same_secret(digest, token_digest(token))
