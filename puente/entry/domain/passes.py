"""Signed appointment passes: a compact Ed25519-signed token an officer's device checks offline.

The token holds only the appointment id, port, date, party size and expiry — nothing
confidential. Layout (big-endian) and verification steps are in docs/entry.md.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from puente.entry.domain.appointments import Appointment
from puente.shared.errors import InvalidInput

PREFIX = "PE1."
_VERSION = 1
# version, key id, appointment id, port code, day (days since 1970-01-01), party size, expiry (s)
_LAYOUT = struct.Struct(">B4s16s4sHBI")
_SIGNATURE = 64
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class PassClaims:
    appointment_id: UUID
    port: str
    day: date
    party_size: int
    expires_at: datetime
    key_id: str


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> bytes:
    """First 4 bytes of SHA-256 of the raw public key: which key to verify with, for rotation."""
    return hashlib.sha256(public_key_bytes(key)).digest()[:4]


class PassSigner:
    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)

    def issue(self, appointment: Appointment) -> str:
        port = appointment.port.encode("ascii")
        if len(port) > 4:
            raise InvalidInput.single("port", "a pass carries a port code of up to 4 letters")
        if not 1 <= appointment.party_size <= 255:
            raise InvalidInput.single("party_size", "a pass carries a party of 1 to 255 people")
        payload = _LAYOUT.pack(
            _VERSION,
            self.key_id,
            appointment.id.bytes,
            port.ljust(4, b"\0"),
            (appointment.day - _EPOCH).days,
            appointment.party_size,
            int(appointment.expires_at.timestamp()),
        )
        token = payload + self._key.sign(payload)
        return PREFIX + base64.urlsafe_b64encode(token).rstrip(b"=").decode("ascii")


def verify_pass(token: str, keys: Mapping[bytes, Ed25519PublicKey], now: datetime) -> PassClaims:
    """Check the signature with a known key and the expiry; raise ``InvalidInput`` otherwise."""
    if not token.startswith(PREFIX):
        raise InvalidInput.single("pass", "not a Puente pass")
    body = token[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError:
        raise InvalidInput.single("pass", "the pass is damaged") from None
    if len(raw) != _LAYOUT.size + _SIGNATURE:
        raise InvalidInput.single("pass", "the pass is damaged")
    payload, signature = raw[: _LAYOUT.size], raw[_LAYOUT.size :]
    version, kid, appointment, port, days, party, expires = _LAYOUT.unpack(payload)
    if version != _VERSION:
        raise InvalidInput.single("pass", f"unknown pass version {version}")
    key = keys.get(kid)
    if key is None:
        raise InvalidInput.single("pass", "signed with a key this device does not know")
    try:
        key.verify(signature, payload)
    except InvalidSignature:
        raise InvalidInput.single(
            "pass", "the signature does not match: forged or altered"
        ) from None
    expires_at = datetime.fromtimestamp(expires, UTC)
    if now > expires_at:
        raise InvalidInput.single("pass", f"the pass expired at {expires_at.isoformat()}")
    return PassClaims(
        appointment_id=UUID(bytes=appointment),
        port=port.rstrip(b"\0").decode("ascii"),
        day=_EPOCH + timedelta(days=days),
        party_size=party,
        expires_at=expires_at,
        key_id=kid.hex(),
    )
