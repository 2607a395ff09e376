"""Pass-signing keys on disk: the private key as PKCS#8 PEM, public keys as raw base64 lines."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from puente.entry.domain.passes import PassSigner, key_id, public_key_bytes
from puente.shared.errors import InvalidInput


def write_keypair(private_path: Path, public_path: Path) -> PassSigner:
    """A new key; the private file is created readable by its owner only, never overwritten."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    private_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    signer = PassSigner(key)
    public_path.write_text(base64.b64encode(public_key_bytes(signer.public_key)).decode() + "\n")
    return signer


def load_signer(path: Path) -> PassSigner:
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput.single("signing_key", "not an Ed25519 private key")
    return PassSigner(key)


def load_public_keys(paths: Iterable[Path]) -> dict[bytes, Ed25519PublicKey]:
    """Public keys by key id, from files of one base64 key a line (an officer's device's keys)."""
    keys: dict[bytes, Ed25519PublicKey] = {}
    for path in paths:
        for line in path.read_text().split():
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(line))
            keys[key_id(key)] = key
    return keys


def signer_from_secret(secret: str) -> PassSigner:
    """The server's pass key, derived from its secret key (HKDF-SHA256), so that every worker
    signs with the same key; changing the secret rotates it (the key id tells passes apart)."""
    seed = HKDF(SHA256(), 32, salt=None, info=b"puente-entry-pass-v1").derive(secret.encode())
    return PassSigner(Ed25519PrivateKey.from_private_bytes(seed))
