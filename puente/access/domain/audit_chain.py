"""The tamper-evident audit chain: each entry's hash covers its content and the previous hash.

Hashes are keyed (HMAC-SHA256 with a key kept outside the database), so whoever can write to
the audit table still cannot forge a consistent chain. Entries hold ids, never personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    """One read or write of personal data: who, for which organisation and purpose, what, where."""

    at: datetime
    actor: str
    organisation: str
    purpose: str
    action: str
    record_type: str
    record_ids: tuple[str, ...]
    outcome: str
    source: str

    def payload(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "organisation": self.organisation,
            "purpose": self.purpose,
            "action": self.action,
            "record_type": self.record_type,
            "record_ids": list(self.record_ids),
            "outcome": self.outcome,
            "source": self.source,
        }


@dataclass(frozen=True)
class AuditEntry:
    sequence: int
    event: AuditEvent
    previous_hash: str
    entry_hash: str


def entry_hash(key: bytes, sequence: int, previous_hash: str, event: AuditEvent) -> str:
    canonical = json.dumps(
        {"sequence": sequence, "previous": previous_hash, "event": event.payload()},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def append(key: bytes, last: AuditEntry | None, event: AuditEvent) -> AuditEntry:
    sequence = last.sequence + 1 if last else 1
    previous = last.entry_hash if last else GENESIS_HASH
    return AuditEntry(sequence, event, previous, entry_hash(key, sequence, previous, event))


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    kind: str  # "edited", "missing", "inserted or reordered", "broken link"
    detail: str


def verify(key: bytes, entries: Iterable[AuditEntry]) -> list[ChainProblem]:
    """Every place where the chain was edited, cut, extended out of order or re-linked."""
    problems: list[ChainProblem] = []
    expected_sequence, previous = 1, GENESIS_HASH
    for entry in entries:
        if entry.sequence > expected_sequence:
            problems.append(
                ChainProblem(
                    expected_sequence,
                    "missing",
                    f"entries {expected_sequence}–{entry.sequence - 1} are gone",
                )
            )
        elif entry.sequence < expected_sequence:
            problems.append(
                ChainProblem(
                    entry.sequence,
                    "inserted or reordered",
                    f"sequence {entry.sequence} after {expected_sequence - 1}",
                )
            )
        if entry_hash(key, entry.sequence, entry.previous_hash, entry.event) != entry.entry_hash:
            problems.append(
                ChainProblem(entry.sequence, "edited", "the entry does not match its hash")
            )
        if entry.previous_hash != previous:
            problems.append(
                ChainProblem(
                    entry.sequence, "broken link", "the entry does not follow the one before it"
                )
            )
        expected_sequence, previous = entry.sequence + 1, entry.entry_hash
    return problems
