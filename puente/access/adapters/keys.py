"""Builds the keyring, index key and audit key from settings.

Production reads them from PUENTE_KEYRING, PUENTE_INDEX_KEY and PUENTE_AUDIT_KEY. Development and
tests derive them from the secret key with HKDF, so a local run needs no key set-up.
"""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr

from puente.access.domain.envelope import KEY_BYTES, Keyring
from puente.settings import Settings


def _derived(settings: Settings, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=f"puente {purpose}".encode()
    ).derive(settings.secret_key.get_secret_value().encode())


def _decoded(value: SecretStr, name: str) -> bytes:
    key = base64.b64decode(value.get_secret_value())
    if len(key) != KEY_BYTES:
        raise ValueError(f"{name} must be {KEY_BYTES} bytes, base64-encoded")
    return key


def keyring_from(settings: Settings) -> Keyring:
    index_key = (
        _decoded(settings.index_key, "PUENTE_INDEX_KEY")
        if settings.index_key
        else _derived(settings, "blind index")
    )
    if settings.keyring is None:
        return Keyring({1: _derived(settings, "key encryption 1")}, 1, index_key)
    versions = {
        int(v): base64.b64decode(k)
        for v, k in json.loads(settings.keyring.get_secret_value()).items()
    }
    return Keyring(versions, max(versions), index_key)


def audit_key_from(settings: Settings) -> bytes:
    if settings.audit_key is not None:
        return _decoded(settings.audit_key, "PUENTE_AUDIT_KEY")
    return _derived(settings, "audit chain")
