"""The port the authentication use cases need: organisations, users, throttles, sessions, tokens."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.access.domain.credentials import LoginThrottle
from puente.access.domain.roles import Organisation, Permission, Role


@dataclass(frozen=True)
class UserAccount:
    id: UUID
    organisation: Organisation
    username: str
    display_name: str
    password_hash: str
    sealed_totp_secret: bytes | None
    roles: frozenset[Role]
    active: bool


@dataclass(frozen=True)
class StoredSession:
    token_digest: str
    user_id: UUID
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    second_factor_done: bool
    revoked_at: datetime | None


@dataclass(frozen=True)
class StoredToken:
    id: UUID
    token_digest: str
    user_id: UUID
    label: str
    scopes: frozenset[Permission]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class CredentialStore(abc.ABC):
    """One transaction per unit of work; ``commit`` keeps the changes."""

    @abc.abstractmethod
    def add_organisation(self, organisation: Organisation, at: datetime) -> None: ...

    @abc.abstractmethod
    def organisation_named(self, name: str) -> Organisation | None: ...

    @abc.abstractmethod
    def add_user(self, account: UserAccount, at: datetime) -> None: ...

    @abc.abstractmethod
    def user_named(self, username: str) -> UserAccount | None: ...

    @abc.abstractmethod
    def get_user(self, user_id: UUID) -> UserAccount | None: ...

    @abc.abstractmethod
    def throttle(self, key: str) -> LoginThrottle: ...

    @abc.abstractmethod
    def save_throttle(self, key: str, throttle: LoginThrottle) -> None: ...

    @abc.abstractmethod
    def add_session(self, session: StoredSession) -> None: ...

    @abc.abstractmethod
    def session(self, token_digest: str) -> StoredSession | None: ...

    @abc.abstractmethod
    def save_session(self, session: StoredSession) -> None: ...

    @abc.abstractmethod
    def add_token(self, token: StoredToken) -> None: ...

    @abc.abstractmethod
    def token_with_user(self, token_digest: str) -> tuple[StoredToken, UserAccount] | None:
        """The token and its user in one look-up (every API request makes it)."""

    @abc.abstractmethod
    def revoke_token(self, token_id: UUID, at: datetime) -> bool: ...

    @abc.abstractmethod
    def commit(self) -> None: ...
