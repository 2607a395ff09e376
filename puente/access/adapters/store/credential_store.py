"""Organisations, users, throttles, sessions and API tokens on SQL, in one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from puente.access.adapters.store.tables import (
    api_tokens,
    login_throttles,
    organisations,
    sessions,
    user_roles,
    users,
)
from puente.access.domain.credentials import LoginThrottle
from puente.access.domain.roles import Organisation, OrganisationKind, Permission, Role
from puente.access.services.identity_store import (
    CredentialStore,
    StoredSession,
    StoredToken,
    UserAccount,
)


def _organisation(row: Any) -> Organisation:
    return Organisation(row.id, row.name, OrganisationKind(row.kind), row.country)


class SqlCredentialStore(CredentialStore):
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._connection.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        if self._connection.in_transaction():
            self._connection.rollback()
        self._connection.close()
        self._connection = None

    @property
    def connection(self) -> Connection:
        assert self._connection is not None, "use the store inside a with block"
        return self._connection

    def commit(self) -> None:
        self.connection.commit()
        self.connection.begin()

    def add_organisation(self, organisation: Organisation, at: datetime) -> None:
        self.connection.execute(
            insert(organisations),
            {
                "id": organisation.id,
                "name": organisation.name,
                "kind": organisation.kind,
                "country": organisation.country,
                "created_at": at,
            },
        )

    def organisation_named(self, name: str) -> Organisation | None:
        row = self.connection.execute(
            select(organisations).where(organisations.c.name == name)
        ).first()
        return _organisation(row) if row else None

    def add_user(self, account: UserAccount, at: datetime) -> None:
        self.connection.execute(
            insert(users),
            {
                "id": account.id,
                "organisation_id": account.organisation.id,
                "username": account.username,
                "display_name": account.display_name,
                "password_hash": account.password_hash,
                "totp_secret": account.sealed_totp_secret,
                "active": account.active,
                "created_at": at,
            },
        )
        if account.roles:
            self.connection.execute(
                insert(user_roles),
                [{"user_id": account.id, "role": role} for role in sorted(account.roles)],
            )

    def _account_rows(self, condition: Any, *extra: Any) -> list[Any]:
        # One round trip: the user, their organisation and one row per role (and ``extra``).
        return list(
            self.connection.execute(
                select(
                    users,
                    organisations.c.name.label("org_name"),
                    organisations.c.kind.label("org_kind"),
                    organisations.c.country.label("org_country"),
                    user_roles.c.role,
                    *extra,
                )
                .join(organisations, organisations.c.id == users.c.organisation_id)
                .outerjoin(user_roles, user_roles.c.user_id == users.c.id)
                .where(condition)
            ).all()
        )

    def _account(self, condition: Any) -> UserAccount | None:
        rows = self._account_rows(condition)
        return _account_of(rows) if rows else None

    def token_with_user(self, token_digest: str) -> tuple[StoredToken, UserAccount] | None:
        tokens = api_tokens.c
        labelled = [c.label(f"token_{c.name}") for c in api_tokens.columns]
        rows = self._account_rows(
            (tokens.token_digest == token_digest) & (tokens.user_id == users.c.id), *labelled
        )
        if not rows:
            return None
        row = rows[0]
        token = StoredToken(**{c.name: getattr(row, f"token_{c.name}") for c in api_tokens.columns})
        scopes = frozenset(Permission(s) for s in token.scopes)
        return replace(token, scopes=scopes), _account_of(rows)

    def user_named(self, username: str) -> UserAccount | None:
        return self._account(users.c.username == username)

    def get_user(self, user_id: UUID) -> UserAccount | None:
        return self._account(users.c.id == user_id)

    def throttle(self, key: str) -> LoginThrottle:
        row = self.connection.execute(
            select(login_throttles).where(login_throttles.c.key == key)
        ).first()
        if row is None:
            return LoginThrottle()
        return LoginThrottle(row.failures, row.window_start, row.locked_until)

    def save_throttle(self, key: str, throttle: LoginThrottle) -> None:
        values = {
            "failures": throttle.failures,
            "window_start": throttle.window_start,
            "locked_until": throttle.locked_until,
        }
        # An upsert: two failures for a new key at the same moment must not collide.
        dialect_insert = (
            postgresql_insert if self.connection.dialect.name == "postgresql" else sqlite_insert
        )
        statement = dialect_insert(login_throttles).values(key=key, **values)
        self.connection.execute(
            statement.on_conflict_do_update(index_elements=[login_throttles.c.key], set_=values)
        )

    def add_session(self, session: StoredSession) -> None:
        self.connection.execute(insert(sessions), session.__dict__)

    def session(self, token_digest: str) -> StoredSession | None:
        row = self.connection.execute(
            select(sessions).where(sessions.c.token_digest == token_digest)
        ).first()
        return StoredSession(**row._asdict()) if row else None

    def save_session(self, session: StoredSession) -> None:
        values = {k: v for k, v in session.__dict__.items() if k != "token_digest"}
        self.connection.execute(
            update(sessions).where(sessions.c.token_digest == session.token_digest).values(**values)
        )

    def add_token(self, token: StoredToken) -> None:
        self.connection.execute(
            insert(api_tokens), {**token.__dict__, "scopes": sorted(s.value for s in token.scopes)}
        )

    def revoke_token(self, token_id: UUID, at: datetime) -> bool:
        result = self.connection.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return result.rowcount == 1


def _account_of(rows: list[Any]) -> UserAccount:
    row = rows[0]
    return UserAccount(
        id=row.id,
        organisation=Organisation(
            row.organisation_id, row.org_name, OrganisationKind(row.org_kind), row.org_country
        ),
        username=row.username,
        display_name=row.display_name,
        password_hash=row.password_hash,
        sealed_totp_secret=row.totp_secret,
        roles=frozenset(Role(r.role) for r in rows if r.role is not None),
        active=row.active,
    )
