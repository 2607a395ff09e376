"""The one door to protected records: every read and write is decided, redacted and audited here.

Adapters (API routes, pages, exports, CLI) never decide access themselves: they describe the
record (owner, subjects), hand over its view and classification, and show what comes back.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.decisions import (
    AccessDecision,
    Principal,
    ProtectedRecord,
    decide_read,
    decide_write,
)
from puente.access.domain.redaction import Classification, Redacted, redact
from puente.access.domain.roles import Permission
from puente.access.domain.sharing import ConsentEvent, SharingAgreement
from puente.access.services.audit import AuditStore, record
from puente.shared.errors import Forbidden, NotFound


class SharingTerms(abc.ABC):
    """What a cross-organisation read needs: the recipient's agreements, the subjects' consent."""

    @abc.abstractmethod
    def terms_for(
        self, recipient_id: UUID, subject_ids: Iterable[UUID]
    ) -> tuple[list[SharingAgreement], list[ConsentEvent]]: ...


@dataclass(frozen=True)
class Shown:
    """One record as the principal may see it: the kept fields and the paths removed."""

    record: ProtectedRecord
    view: Redacted
    decision: AccessDecision


@dataclass(frozen=True)
class WriteAudit:
    """Records an allowed write with the ids it changed, in whichever audit store it is given:
    the write's own transaction's, so that the change and its audit entry commit together."""

    event: AuditEvent

    def naming(self, *ids: UUID) -> WriteAudit:
        """The same write, naming ``ids`` too (records the caller knows it changes)."""
        return replace(self, event=self._with(ids))

    def replayed(self) -> WriteAudit:
        """The same request arriving again: recorded as such, since it changes nothing."""
        return replace(self, event=replace(self.event, outcome="replayed"))

    def __call__(self, store: AuditStore, changed_ids: Iterable[UUID] = ()) -> None:
        """Record the write with the ids named so far and ``changed_ids``; a write that names
        no record at all changed nothing and is not recorded."""
        event = self._with(changed_ids)
        if event.record_ids:
            record(store, event)

    def _with(self, ids: Iterable[UUID]) -> AuditEvent:
        named = dict.fromkeys([*self.event.record_ids, *(str(i) for i in ids)])
        return replace(self.event, record_ids=tuple(named))


@dataclass
class Gate:
    """One principal's access to protected records, for one request or command."""

    principal: Principal
    source: str
    terms: SharingTerms
    audit: AuditStore
    clock: Callable[[], datetime]

    def read(
        self,
        permission: Permission,
        record: ProtectedRecord,
        view: Mapping[str, Any],
        classification: Classification,
        action: str,
    ) -> Redacted:
        """The record redacted for the principal; a denied read is ``NotFound``.

        Denial looks exactly like absence, so nobody learns that a person applied (8 CFR 208.6).
        """
        shown = self.read_many(permission, [(record, view)], classification, action)
        if not shown:
            raise NotFound(record.record_type, record.record_id)
        return shown[0].view

    def read_many(
        self,
        permission: Permission,
        items: Sequence[tuple[ProtectedRecord, Mapping[str, Any]]],
        classification: Classification,
        action: str,
    ) -> list[Shown]:
        """The records the principal may see, redacted, in order; the others are left out."""
        now = self.clock()
        agreements, consents = self._terms([r for r, _ in items])
        shown: list[Shown] = []
        denied: list[ProtectedRecord] = []
        for item, view in items:
            decision = decide_read(self.principal, permission, item, agreements, consents, now)
            if decision.allowed:
                shown.append(
                    Shown(item, redact(view, classification, decision.categories), decision)
                )
            else:
                denied.append(item)
        self._audit(action, [s.record for s in shown], "allowed", now)
        self._audit(action, denied, "denied", now)
        return shown

    def authorise_write(
        self,
        permission: Permission,
        record_type: str,
        owner_id: UUID | None,
        action: str,
        record_id: UUID | None = None,
    ) -> WriteAudit:
        """Decide a write before it happens; a refusal is audited and raised as ``Forbidden``,
        or as ``NotFound`` when another organisation holds the record (its existence stays
        hidden, as on reads).

        The caller runs the write and hands the returned ``WriteAudit`` to its transaction
        (``SqlUnitOfWork(..., audit=in_transaction(audit))``); it names ``record_id``.
        """
        now = self.clock()
        decision = decide_write(self.principal, permission, owner_id)
        if not decision.allowed:
            ids = (str(record_id),) if record_id else ()
            self._audit_ids(action, record_type, ids, "denied", now)
            if permission in self.principal.permissions and owner_id is not None:
                raise NotFound(record_type, record_id or "")
            raise Forbidden(decision.basis)
        named = (str(record_id),) if record_id else ()
        return WriteAudit(self._event(action, record_type, named, "done", now))

    def own_view(self, view: Mapping[str, Any], classification: Classification) -> Redacted:
        """What the principal's role may see of a record its organisation just wrote.

        The write was decided by ``authorise_write``; this only shapes the answer.
        """
        return redact(view, classification, self.principal.categories)

    def _terms(
        self, records: Sequence[ProtectedRecord]
    ) -> tuple[list[SharingAgreement], list[ConsentEvent]]:
        # Agreements and consent only matter for records another organisation holds.
        foreign = [r for r in records if r.owner_id != self.principal.organisation.id]
        if not foreign:
            return [], []
        subjects = {s for r in foreign for s in r.subject_ids}
        return self.terms.terms_for(self.principal.organisation.id, subjects)

    def _audit(
        self, action: str, records: Sequence[ProtectedRecord], outcome: str, at: datetime
    ) -> None:
        by_type: dict[str, list[str]] = {}
        for item in records:
            by_type.setdefault(item.record_type, []).append(str(item.record_id))
        for record_type, ids in by_type.items():
            self._audit_ids(action, record_type, ids, outcome, at)

    def _audit_ids(
        self, action: str, record_type: str, ids: Sequence[str], outcome: str, at: datetime
    ) -> None:
        record(self.audit, self._event(action, record_type, ids, outcome, at))

    def _event(
        self, action: str, record_type: str, ids: Sequence[str], outcome: str, at: datetime
    ) -> AuditEvent:
        principal = self.principal
        return AuditEvent(
            at=at,
            actor=str(principal.user_id),
            organisation=str(principal.organisation.id),
            purpose=principal.purpose.value if principal.purpose else "own organisation",
            action=action,
            record_type=record_type,
            record_ids=tuple(ids),
            outcome=outcome,
            source=self.source,
        )
