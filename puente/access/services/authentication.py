"""Use cases of logging in: passwords (argon2), a TOTP second factor, sessions and API tokens.

Every refusal says the same thing, whatever went wrong, so that nobody can learn which user
names exist; repeated failures lock the account and the source address for a while.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from uuid import UUID, uuid4

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from puente.access.domain.credentials import new_secret_token, token_digest
from puente.access.domain.decisions import Principal
from puente.access.domain.envelope import Keyring
from puente.access.domain.roles import Organisation, Permission, Role, needs_second_factor
from puente.access.services.identity_store import (
    CredentialStore,
    StoredSession,
    StoredToken,
    UserAccount,
)
from puente.access.services.secrets_at_rest import open_secret, seal_secret
from puente.shared.errors import InvalidInput

SESSION_LIFETIME = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 12
REFUSAL = "the user name, password or code is not right, or the account is locked for now"
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked when the user does not exist, so that the refusal takes as long as a real one."""
    return _hasher.hash(secrets.token_urlsafe(16))


class LoginRefused(Exception):
    def __init__(self) -> None:
        super().__init__(REFUSAL)


@dataclass(frozen=True)
class NewUser:
    user_id: UUID
    totp_secret: str | None  # shown once, to be put in the person's authenticator app


@dataclass(frozen=True)
class OpenedSession:
    token: str  # given to the browser once, in a cookie; only its digest is stored
    csrf_token: str
    needs_second_factor: bool


def create_user(
    store: CredentialStore,
    keyring: Keyring,
    organisation: Organisation,
    username: str,
    display_name: str,
    password: str,
    roles: frozenset[Role],
    at: datetime,
) -> NewUser:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.single("password", f"needs at least {MIN_PASSWORD_LENGTH} characters")
    if store.user_named(username.strip().lower()):
        raise InvalidInput.single("username", "is taken")
    user_id = uuid4()
    totp = pyotp.random_base32() if needs_second_factor(roles) else None
    store.add_user(
        UserAccount(
            id=user_id,
            organisation=organisation,
            username=username.strip().lower(),
            display_name=display_name.strip(),
            password_hash=_hasher.hash(password),
            sealed_totp_secret=seal_secret(keyring, totp, f"totp:{user_id}") if totp else None,
            roles=roles,
            active=True,
        ),
        at,
    )
    store.commit()
    return NewUser(user_id, totp)


def _fail(store: CredentialStore, keys: list[str], at: datetime) -> LoginRefused:
    for key in keys:
        store.save_throttle(key, store.throttle(key).after_failure(at))
    store.commit()
    return LoginRefused()


def log_in(
    store: CredentialStore, username: str, password: str, source: str, at: datetime
) -> OpenedSession:
    name = username.strip().lower()
    keys = [f"user:{name}", f"source:{source}"]
    if any(store.throttle(key).is_locked(at) for key in keys):
        raise LoginRefused()
    account = store.user_named(name)
    try:
        _hasher.verify(account.password_hash if account else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        raise _fail(store, keys, at) from None
    if account is None or not account.active:
        raise _fail(store, keys, at)
    for key in keys:
        store.save_throttle(key, store.throttle(key).after_success())
    token, csrf = new_secret_token(), new_secret_token()
    # The role decides, not the account's age: a role that came to see confidential data
    # after the account was made still needs the second factor (without a secret: no entry).
    second_factor = account.sealed_totp_secret is not None or needs_second_factor(account.roles)
    store.add_session(
        StoredSession(
            token_digest(token),
            account.id,
            csrf,
            at,
            at + SESSION_LIFETIME,
            not second_factor,
            None,
        )
    )
    store.commit()
    return OpenedSession(token, csrf, second_factor)


def confirm_second_factor(
    store: CredentialStore, keyring: Keyring, token: str, code: str, source: str, at: datetime
) -> None:
    session = _live_session(store, token, at)
    account = store.get_user(session.user_id) if session else None
    if session is None or account is None or account.sealed_totp_secret is None:
        raise LoginRefused()
    keys = [f"user:{account.username}", f"source:{source}"]
    if any(store.throttle(key).is_locked(at) for key in keys):
        raise LoginRefused()
    secret = open_secret(keyring, account.sealed_totp_secret, f"totp:{account.id}")
    if not pyotp.TOTP(secret).verify(code.strip(), for_time=at, valid_window=1):
        raise _fail(store, keys, at)
    store.save_session(replace(session, second_factor_done=True))
    store.commit()


def _live_session(store: CredentialStore, token: str, at: datetime) -> StoredSession | None:
    session = store.session(token_digest(token))
    if session is None or session.revoked_at is not None or session.expires_at <= at:
        return None
    return session


def _principal(
    account: UserAccount | None, scopes: frozenset[Permission] | None = None
) -> Principal | None:
    if account is None or not account.active:
        return None
    return Principal(account.id, account.organisation, account.roles, scopes=scopes)


def session_principal(
    store: CredentialStore, token: str, at: datetime
) -> tuple[Principal, StoredSession] | None:
    """Who a session cookie belongs to, once both factors are done; ``None`` otherwise."""
    session = _live_session(store, token, at)
    if session is None or not session.second_factor_done:
        return None
    principal = _principal(store.get_user(session.user_id))
    return (principal, session) if principal else None


def log_out(store: CredentialStore, token: str, at: datetime) -> None:
    session = store.session(token_digest(token))
    if session is not None and session.revoked_at is None:
        store.save_session(replace(session, revoked_at=at))
        store.commit()


def issue_api_token(
    store: CredentialStore,
    user_id: UUID,
    label: str,
    scopes: frozenset[Permission],
    at: datetime,
    lifetime: timedelta | None = None,
) -> tuple[UUID, str]:
    account = store.get_user(user_id)
    if account is None or not account.active:
        raise InvalidInput.single("user_id", "no such active user")
    beyond_role = scopes - Principal(account.id, account.organisation, account.roles).permissions
    if beyond_role:
        raise InvalidInput.single(
            "scopes", "beyond the user's roles: " + ", ".join(sorted(p.value for p in beyond_role))
        )
    token_id, token = uuid4(), "pt_" + new_secret_token()
    store.add_token(
        StoredToken(
            token_id,
            token_digest(token),
            user_id,
            label.strip(),
            scopes,
            at,
            at + lifetime if lifetime else None,
            None,
        )
    )
    store.commit()
    return token_id, token


def token_principal(store: CredentialStore, token: str, at: datetime) -> Principal | None:
    found = store.token_with_user(token_digest(token))
    if found is None:
        return None
    stored, account = found
    if stored.revoked_at is not None:
        return None
    if stored.expires_at is not None and stored.expires_at <= at:
        return None
    return _principal(account, stored.scopes)


def revoke_api_token(store: CredentialStore, token_id: UUID, at: datetime) -> None:
    if not store.revoke_token(token_id, at):
        raise InvalidInput.single("token_id", "no such active token")
    store.commit()
