"""In-memory children unit of work (custody records, alerts, applications, shelters)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from puente.children.domain.custody import LEFT_CUSTODY, CustodyRecord
from puente.children.domain.sponsors import SponsorApplication
from puente.children.services.unit_of_work import (
    ChildrenRepository,
    ChildrenUnitOfWork,
    Facility,
    SentAlert,
    StoredRun,
)
from puente.shelters.domain.model import OvercrowdingAlert
from tests.unit.shelters.fakes import FakeShelters


class FakeChildren(ChildrenRepository):
    def __init__(self, facilities: list[Facility]) -> None:
        self.by_name = {f.name: f for f in facilities}
        self.records: dict[UUID, CustodyRecord] = {}
        self.alerts: list[SentAlert] = []
        self.applications: dict[UUID, SponsorApplication] = {}
        self.runs: list[StoredRun] = []
        self.snapshot: tuple[
            dict[UUID, CustodyRecord], list[SentAlert], dict[UUID, SponsorApplication]
        ] = ({}, [], {})

    def add_record(self, record: CustodyRecord) -> None:
        self.records[record.id] = record

    def get_record(self, child_id: UUID) -> CustodyRecord | None:
        return self.records.get(child_id)

    def get_records(self, child_ids: Sequence[UUID]) -> dict[UUID, CustodyRecord]:
        return {i: self.records[i] for i in child_ids if i in self.records}

    def save_record(self, record: CustodyRecord) -> None:
        self.records[record.id] = record

    def in_border_custody(self) -> list[CustodyRecord]:
        return [r for r in self.records.values() if r.status not in LEFT_CUSTODY]

    def facility(self, name: str) -> Facility | None:
        return self.by_name.get(name)

    def add_facility(self, facility: Facility) -> None:
        self.by_name[facility.name] = facility

    def facilities(self) -> list[Facility]:
        return list(self.by_name.values())

    def add_run(self, run: StoredRun) -> None:
        self.runs.append(run)

    def latest_run(self) -> StoredRun | None:
        return self.runs[-1] if self.runs else None

    def sent_alert_keys(self, child_id: UUID) -> set[str]:
        return {s.alert.key for s in self.alerts if s.child_id == child_id}

    def add_sent_alert(self, sent: SentAlert) -> None:
        self.alerts.append(sent)

    def add_application(self, application: SponsorApplication) -> None:
        self.applications[application.id] = application

    def get_application(self, application_id: UUID) -> SponsorApplication | None:
        return self.applications.get(application_id)

    def save_application(self, application: SponsorApplication) -> None:
        self.applications[application.id] = application

    def applications_for(self, child_ids: Sequence[UUID]) -> dict[UUID, list[SponsorApplication]]:
        found: dict[UUID, list[SponsorApplication]] = {}
        for a in self.applications.values():
            if a.child_id in child_ids:
                found.setdefault(a.child_id, []).append(a)
        return found


class FakeChildrenUnitOfWork(ChildrenUnitOfWork):
    def __init__(self, facilities: list[Facility]) -> None:
        self.children = FakeChildren(facilities)
        self.shelters = FakeShelters()
        self.outbox: list[SentAlert | OvercrowdingAlert] = []
        self._pending: list[SentAlert | OvercrowdingAlert] = []
        self.commits = 0

    def notify(self, sent: SentAlert) -> None:
        self._pending.append(sent)

    def emit(self, alert: OvercrowdingAlert) -> None:
        self._pending.append(alert)

    def commit(self) -> None:
        children = self.children
        shelters = self.shelters
        assert isinstance(children, FakeChildren) and isinstance(shelters, FakeShelters)
        children.snapshot = (
            dict(children.records),
            list(children.alerts),
            dict(children.applications),
        )
        shelters.stored.update(shelters.pending)
        shelters.pending.clear()
        self.outbox.extend(self._pending)
        self._pending.clear()
        self.commits += 1

    def rollback(self) -> None:
        children = self.children
        shelters = self.shelters
        assert isinstance(children, FakeChildren) and isinstance(shelters, FakeShelters)
        records, alerts, applications = children.snapshot
        children.records, children.alerts = dict(records), list(alerts)
        children.applications = dict(applications)
        shelters.pending.clear()
        self._pending.clear()
