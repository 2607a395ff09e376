"""The verifiable lottery: commit to SHA-256(secret) before the window, reveal the secret after.

seed = HMAC-SHA256(key=secret, msg="puente-lottery-v1|" + day + "|" + beacon); each request's
key = splitmix64(ticket XOR first 8 bytes of seed); lower keys draw first (docs/entry.md).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt

from puente.shared.errors import InvalidInput

U64 = npt.NDArray[np.uint64]
_PROTOCOL = "puente-lottery-v1"


def commitment_of(secret: str) -> str:
    """What is published before the window opens: the hex SHA-256 of the UTF-8 secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def verify_reveal(secret: str, commitment: str) -> None:
    if not hmac.compare_digest(commitment_of(secret), commitment.lower()):
        raise InvalidInput.single("secret", "the revealed secret does not match the commitment")


def draw_seed(secret: str, day: date, beacon: str = "") -> bytes:
    """The day's seed; ``beacon`` is an optional public random value published after closing."""
    message = f"{_PROTOCOL}|{day.isoformat()}|{beacon}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def splitmix64(values: U64) -> U64:
    """The SplitMix64 finaliser: a bijection on 64-bit words that mixes every input bit."""
    with np.errstate(over="ignore"):
        z = values.copy()
        z ^= z >> np.uint64(30)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z *= np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return z


def draw_keys(tickets: U64, seed: bytes) -> U64:
    """Each ticket's place in the draw: lower draws first."""
    return splitmix64(tickets ^ np.uint64(int.from_bytes(seed[:8], "big")))


def _ticket_bytes(request_id: str) -> bytes:
    return hashlib.sha256(request_id.encode()).digest()[:8]


def ticket_of(request_id: str) -> int:
    """A request's public lottery ticket: the first 8 bytes of SHA-256(id), big-endian."""
    return int.from_bytes(_ticket_bytes(request_id), "big")


def tickets_of(request_ids: list[str]) -> U64:
    """Tickets for many ids at once, as unsigned 64-bit words."""
    digests = b"".join(_ticket_bytes(r) for r in request_ids)
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64)


def requests_digest(request_ids: Iterable[str]) -> str:
    """Hex SHA-256 of the sorted request ids, one per line: publishes which requests were drawn."""
    digest = hashlib.sha256()
    for request_id in sorted(request_ids):
        digest.update(request_id.encode() + b"\n")
    return digest.hexdigest()
