"""Logging in on both engines: two factors, lock-out, sessions, scoped and revocable tokens."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pyotp
import pytest
from sqlalchemy import Engine

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.credentials import LOCK_DURATION, MAX_FAILURES
from puente.access.domain.envelope import Keyring
from puente.access.domain.roles import Organisation, OrganisationKind, Permission, Role
from puente.access.services import authentication
from puente.access.services.authentication import (
    REFUSAL,
    LoginRefused,
    confirm_second_factor,
    create_user,
    issue_api_token,
    log_in,
    log_out,
    revoke_api_token,
    session_principal,
    token_principal,
)
from puente.access.services.identity_store import UserAccount
from puente.shared.errors import InvalidInput

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
KEYRING = Keyring({1: os.urandom(32)}, 1, os.urandom(32))
PASSWORD = "correct horse battery staple"
SOURCE = "203.0.113.9"


@pytest.fixture
def store(engine: Engine) -> SqlCredentialStore:
    with SqlCredentialStore(engine) as opened:
        org = Organisation(uuid4(), "ACNUR Tijuana", OrganisationKind.UN_AGENCY, "MX")
        opened.add_organisation(org, NOW)
        opened.commit()
        yield opened  # type: ignore[misc]


def _org(store: SqlCredentialStore) -> Organisation:
    org = store.organisation_named("ACNUR Tijuana")
    assert org is not None
    return org


def test_a_registrar_needs_both_factors(store: SqlCredentialStore) -> None:
    user = create_user(
        store,
        KEYRING,
        _org(store),
        "Ana.Registrar",
        "Ana",
        PASSWORD,
        frozenset({Role.REGISTRAR}),
        NOW,
    )
    assert user.totp_secret is not None
    opened = log_in(store, "ana.registrar", PASSWORD, SOURCE, NOW)
    assert opened.needs_second_factor
    assert session_principal(store, opened.token, NOW) is None
    with pytest.raises(LoginRefused):
        confirm_second_factor(store, KEYRING, opened.token, "000000", SOURCE, NOW)
    code = pyotp.TOTP(user.totp_secret).at(NOW)
    confirm_second_factor(store, KEYRING, opened.token, code, SOURCE, NOW)
    found = session_principal(store, opened.token, NOW + timedelta(minutes=5))
    assert found is not None
    principal, session = found
    assert principal.roles == {Role.REGISTRAR} and principal.organisation.name == "ACNUR Tijuana"
    assert session.csrf_token == opened.csrf_token


def test_an_analyst_logs_in_with_a_password_alone(store: SqlCredentialStore) -> None:
    user = create_user(
        store, KEYRING, _org(store), "luis", "Luis", PASSWORD, frozenset({Role.ANALYST}), NOW
    )
    assert user.totp_secret is None
    opened = log_in(store, "luis", PASSWORD, SOURCE, NOW)
    assert session_principal(store, opened.token, NOW) is not None


def test_refusals_do_not_tell_which_user_names_exist(store: SqlCredentialStore) -> None:
    create_user(
        store, KEYRING, _org(store), "luis", "Luis", PASSWORD, frozenset({Role.ANALYST}), NOW
    )
    with pytest.raises(LoginRefused) as wrong_password:
        log_in(store, "luis", "not the password", SOURCE, NOW)
    with pytest.raises(LoginRefused) as unknown_user:
        log_in(store, "nobody", PASSWORD, SOURCE, NOW)
    assert str(wrong_password.value) == str(unknown_user.value) == REFUSAL


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    store: SqlCredentialStore,
) -> None:
    create_user(
        store, KEYRING, _org(store), "luis", "Luis", PASSWORD, frozenset({Role.ANALYST}), NOW
    )
    for attempt in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            log_in(store, "luis", f"guess {attempt}", f"198.51.100.{attempt}", NOW)
    with pytest.raises(LoginRefused):
        log_in(store, "luis", PASSWORD, SOURCE, NOW + timedelta(minutes=1))
    later = NOW + LOCK_DURATION + timedelta(minutes=1)
    assert session_principal(store, log_in(store, "luis", PASSWORD, SOURCE, later).token, later)


def test_one_source_guessing_many_names_is_locked_out(store: SqlCredentialStore) -> None:
    create_user(
        store, KEYRING, _org(store), "luis", "Luis", PASSWORD, frozenset({Role.ANALYST}), NOW
    )
    for attempt in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            log_in(store, f"user{attempt}", PASSWORD, SOURCE, NOW)
    with pytest.raises(LoginRefused):
        log_in(store, "luis", PASSWORD, SOURCE, NOW)
    assert log_in(store, "luis", PASSWORD, "192.0.2.1", NOW).token


def test_forged_expired_and_logged_out_sessions_are_refused(store: SqlCredentialStore) -> None:
    create_user(
        store, KEYRING, _org(store), "luis", "Luis", PASSWORD, frozenset({Role.ANALYST}), NOW
    )
    opened = log_in(store, "luis", PASSWORD, SOURCE, NOW)
    assert session_principal(store, opened.token + "x", NOW) is None
    assert session_principal(store, opened.token, NOW + timedelta(hours=9)) is None
    log_out(store, opened.token, NOW + timedelta(minutes=1))
    assert session_principal(store, opened.token, NOW + timedelta(minutes=2)) is None


def test_api_tokens_are_scoped_expiring_and_revocable(store: SqlCredentialStore) -> None:
    user = create_user(
        store,
        KEYRING,
        _org(store),
        "svc",
        "Sync service",
        PASSWORD,
        frozenset({Role.CASEWORKER}),
        NOW,
    )
    with pytest.raises(InvalidInput) as beyond:
        issue_api_token(store, user.user_id, "stats", frozenset({Permission.STATS_READ}), NOW)
    assert beyond.value.problems[0].field == "scopes"
    token_id, token = issue_api_token(
        store,
        user.user_id,
        "sync",
        frozenset({Permission.REGISTRY_READ}),
        NOW,
        lifetime=timedelta(days=30),
    )
    principal = token_principal(store, token, NOW)
    assert principal is not None and principal.permissions == {Permission.REGISTRY_READ}
    assert token_principal(store, token, NOW + timedelta(days=31)) is None
    revoke_api_token(store, token_id, NOW + timedelta(days=1))
    assert token_principal(store, token, NOW + timedelta(days=2)) is None
    assert token_principal(store, "pt_forged", NOW) is None


def test_passwords_need_length_and_names_are_unique(store: SqlCredentialStore) -> None:
    with pytest.raises(InvalidInput) as short:
        create_user(store, KEYRING, _org(store), "x", "X", "short", frozenset(), NOW)
    assert short.value.problems[0].field == "password"
    create_user(store, KEYRING, _org(store), "luis", "Luis", PASSWORD, frozenset(), NOW)
    with pytest.raises(InvalidInput):
        create_user(store, KEYRING, _org(store), "LUIS", "Luis", PASSWORD, frozenset(), NOW)


def test_a_role_that_needs_a_second_factor_gets_no_session_without_one(
    store: SqlCredentialStore,
) -> None:
    # An account made before its role saw confidential data has no authenticator secret.
    account = UserAccount(
        uuid4(),
        _org(store),
        "oficial.antiguo",
        "Officer made before custody data needed a second factor",
        authentication._hasher.hash(PASSWORD),
        None,
        frozenset({Role.PORT_OFFICER}),
        True,
    )
    store.add_user(account, NOW)
    store.commit()
    opened = log_in(store, "oficial.antiguo", PASSWORD, SOURCE, NOW)
    assert opened.needs_second_factor
    assert session_principal(store, opened.token, NOW) is None
    with pytest.raises(LoginRefused):
        confirm_second_factor(store, KEYRING, opened.token, "123456", SOURCE, NOW)
