"""Use cases of the audit log: record an event, link pending events into the chain, verify it."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass

from puente.access.domain.audit_chain import AuditEntry, AuditEvent, ChainProblem, append, verify


class AuditStore(abc.ABC):
    """Where events wait to be chained and where the chain is kept; one transaction per call."""

    @abc.abstractmethod
    def add_pending(self, event: AuditEvent) -> None: ...

    @abc.abstractmethod
    def chain_pending(self, link: ChainLinker, limit: int) -> int:
        """Under an exclusive lock, link up to ``limit`` pending events after the last entry."""

    @abc.abstractmethod
    def entries(self) -> Iterator[AuditEntry]: ...

    @abc.abstractmethod
    def pending_count(self) -> int: ...


@dataclass(frozen=True)
class ChainLinker:
    """Links events after the last entry with the audit key; the store supplies the order."""

    key: bytes

    def link(self, last: AuditEntry | None, events: list[AuditEvent]) -> list[AuditEntry]:
        linked: list[AuditEntry] = []
        for event in events:
            last = append(self.key, last, event)
            linked.append(last)
        return linked


@dataclass(frozen=True)
class VerificationReport:
    entries: int
    pending: int
    problems: list[ChainProblem]


def record(store: AuditStore, event: AuditEvent) -> None:
    """Append an event; it cannot fail on contention, so auditing never slows a request."""
    store.add_pending(event)


def chain(store: AuditStore, key: bytes, batch: int = 5000) -> int:
    """Link every pending event into the chain; returns how many were linked."""
    linked = 0
    while done := store.chain_pending(ChainLinker(key), batch):
        linked += done
    return linked


def verify_log(store: AuditStore, key: bytes) -> VerificationReport:
    counted: list[int] = []

    def counting() -> Iterator[AuditEntry]:
        for entry in store.entries():
            counted.append(1)
            yield entry

    problems = verify(key, counting())
    return VerificationReport(len(counted), store.pending_count(), problems)
