"""Envelope encryption of sensitive fields: a data key per person, wrapped by a versioned key.

Rotating the key-encryption key re-wraps the small data keys, not the data; deleting a person's
data key makes every ciphertext of theirs unreadable (crypto-shredding). Values that must be
searched are found through a keyed hash (blind index), never through plaintext.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


class UndecryptableError(Exception):
    """The ciphertext, its key or its context does not match: tampered, shredded or misfiled."""


@dataclass(frozen=True)
class Keyring:
    """Key-encryption keys by version; ``current`` wraps new data keys, all versions unwrap."""

    keys: dict[int, bytes]
    current: int
    index_key: bytes

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ValueError("the current key version is not in the keyring")
        if any(len(k) != KEY_BYTES for k in (*self.keys.values(), self.index_key)):
            raise ValueError(f"every key is {KEY_BYTES} bytes")

    def with_new_version(self, key: bytes) -> Keyring:
        version = max(self.keys) + 1
        return Keyring({**self.keys, version: key}, version, self.index_key)


@dataclass(frozen=True)
class WrappedKey:
    version: int
    ciphertext: bytes


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def _seal(key: bytes, plaintext: bytes, context: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def _open(key: bytes, sealed: bytes, context: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context)
    except InvalidTag:
        raise UndecryptableError("ciphertext does not match its key or context") from None


def wrap(keyring: Keyring, data_key: bytes, owner: str) -> WrappedKey:
    return WrappedKey(
        keyring.current, _seal(keyring.keys[keyring.current], data_key, owner.encode())
    )


def unwrap(keyring: Keyring, wrapped: WrappedKey, owner: str) -> bytes:
    key = keyring.keys.get(wrapped.version)
    if key is None:
        raise UndecryptableError(f"key version {wrapped.version} is not in the keyring")
    return _open(key, wrapped.ciphertext, owner.encode())


def rewrap(keyring: Keyring, wrapped: WrappedKey, owner: str) -> WrappedKey:
    """The same data key under the current key version (for rotation without downtime)."""
    if wrapped.version == keyring.current:
        return wrapped
    return wrap(keyring, unwrap(keyring, wrapped, owner), owner)


def encrypt_field(data_key: bytes, plaintext: str, field: str) -> bytes:
    # The field name is bound in as associated data: a ciphertext moved to another field fails.
    return _seal(data_key, plaintext.encode(), field.encode())


def decrypt_field(data_key: bytes, ciphertext: bytes, field: str) -> str:
    return _open(data_key, ciphertext, field.encode()).decode()


def blind_index(keyring: Keyring, field: str, normalised_value: str) -> str:
    """A keyed hash to find equal values without storing or comparing plaintext."""
    message = f"{field}\x1f{normalised_value}".encode()
    return hmac.new(keyring.index_key, message, hashlib.sha256).hexdigest()
