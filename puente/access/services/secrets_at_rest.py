"""Small secrets (TOTP seeds) sealed with the keyring, tagged with the key version."""

from __future__ import annotations

from puente.access.domain.envelope import Keyring, WrappedKey, unwrap, wrap

VERSION_BYTES = 2


def seal_secret(keyring: Keyring, secret: str, owner: str) -> bytes:
    wrapped = wrap(keyring, secret.encode(), owner)
    return wrapped.version.to_bytes(VERSION_BYTES, "big") + wrapped.ciphertext


def open_secret(keyring: Keyring, sealed: bytes, owner: str) -> str:
    version = int.from_bytes(sealed[:VERSION_BYTES], "big")
    return unwrap(keyring, WrappedKey(version, sealed[VERSION_BYTES:]), owner).decode()
