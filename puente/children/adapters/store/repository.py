"""Custody records, clock alerts, placement runs and sponsor applications on SQL.

``owner_id`` is the organisation acting: it owns what is added and scopes the lists (the queue,
the board); a record fetched by id is not scoped, the access gate decides who may see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, insert, select, update

from puente.children.adapters.store.rows import (
    home_study_row,
    need_of,
    need_row,
    record_of,
    record_row,
)
from puente.children.adapters.store.tables import (
    border_facilities,
    custody_alerts,
    custody_events,
    custody_records,
    custody_relatives,
    placement_referrals,
    placement_runs,
    sponsor_applications,
    sponsor_steps,
)
from puente.children.domain.custody import (
    LEFT_CUSTODY,
    CustodyRecord,
    CustodyStatus,
    Relationship,
    Relative,
)
from puente.children.domain.explain import Explanation
from puente.children.domain.sponsors import (
    HomeStudyFactors,
    ProtectedSponsorData,
    SponsorApplication,
    SponsorCategory,
    SponsorType,
    State,
    Step,
)
from puente.children.services.unit_of_work import (
    ChildrenRepository,
    Facility,
    SentAlert,
    StoredRun,
)


class SqlChildrenRepository(ChildrenRepository):
    def __init__(self, connection: Connection, owner_id: UUID | None) -> None:
        self._connection = connection
        self._owner_id = owner_id
        self.written: list[UUID] = []  # ids of the records this transaction added or changed

    def _owner(self) -> UUID:
        if self._owner_id is None:
            raise ValueError("a new record needs the organisation that owns it")
        return self._owner_id

    # --- custody records -------------------------------------------------------------------

    def add_record(self, record: CustodyRecord) -> None:
        self.written.append(record.id)
        self._connection.execute(
            insert(custody_records).values(
                id=record.id, owner_id=self._owner(), **record_row(record)
            )
        )
        if record.relatives:
            self._connection.execute(
                insert(custody_relatives),
                [
                    {
                        "record_id": record.id,
                        "position": i,
                        "relationship": r.relationship.value,
                        "name": r.name,
                        "child_id": r.child_id,
                    }
                    for i, r in enumerate(record.relatives)
                ],
            )
        self._add_events(record, 0)

    def get_record(self, child_id: UUID) -> CustodyRecord | None:
        return self.get_records([child_id]).get(child_id)

    def get_records(self, child_ids: Sequence[UUID]) -> dict[UUID, CustodyRecord]:
        return {r.id: r for r in self._records(custody_records.c.id.in_(child_ids))}

    def save_record(self, record: CustodyRecord) -> None:
        self.written.append(record.id)
        self._connection.execute(
            update(custody_records)
            .where(custody_records.c.id == record.id)
            .values(**record_row(record))
        )
        stored = self._connection.scalar(
            select(func.count()).where(custody_events.c.record_id == record.id)
        )
        self._add_events(record, int(stored or 0))

    def save_records(self, records: list[CustodyRecord]) -> None:
        """One executemany for the rows and one for the new clock events."""
        if not records:
            return
        self.written += [r.id for r in records]
        columns = list(record_row(records[0]))
        self._connection.execute(
            update(custody_records)
            .where(custody_records.c.id == bindparam("b_id"))
            .values({c: bindparam(f"b_{c}") for c in columns}),
            [{"b_id": r.id, **{f"b_{c}": v for c, v in record_row(r).items()}} for r in records],
        )
        stored: dict[UUID, int] = {}
        ids = [r.id for r in records]
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            counts = self._connection.execute(
                select(custody_events.c.record_id, func.count())
                .where(custody_events.c.record_id.in_(chunk))
                .group_by(custody_events.c.record_id)
            )
            stored.update((record_id, int(n)) for record_id, n in counts)
        rows = [
            {"record_id": r.id, "position": i, "status": status.value, "at": at}
            for r in records
            for i, (status, at) in enumerate(r.history)
            if i >= stored.get(r.id, 0)
        ]
        if rows:
            self._connection.execute(insert(custody_events), rows)

    def in_border_custody(self) -> list[CustodyRecord]:
        conditions: list[ColumnElement[bool]] = [
            custody_records.c.status.not_in([s.value for s in LEFT_CUSTODY])
        ]
        if self._owner_id is not None:
            conditions.append(custody_records.c.owner_id == self._owner_id)
        return self._records(and_(*conditions))

    def owners(self, table: str, ids: list[UUID]) -> dict[UUID, UUID]:
        """The owning organisation of each record of ``table`` (for the access gate)."""
        source = {"custody_records": custody_records, "sponsor_applications": sponsor_applications}[
            table
        ]
        rows = self._connection.execute(
            select(source.c.id, source.c.owner_id).where(source.c.id.in_(ids))
        )
        return {r.id: r.owner_id for r in rows}

    def _add_events(self, record: CustodyRecord, stored: int) -> None:
        rows = [
            {"record_id": record.id, "position": i, "status": status.value, "at": at}
            for i, (status, at) in enumerate(record.history)
            if i >= stored
        ]
        if rows:
            self._connection.execute(insert(custody_events), rows)

    def _records(self, condition: Any) -> list[CustodyRecord]:
        rows = list(
            self._connection.execute(
                select(custody_records)
                .where(condition)
                .order_by(custody_records.c.encountered_at, custody_records.c.id)
            )
        )
        if not rows:
            return []
        ids = [r.id for r in rows]
        relatives: dict[UUID, list[Relative]] = defaultdict(list)
        for r in self._connection.execute(
            select(custody_relatives)
            .where(custody_relatives.c.record_id.in_(ids))
            .order_by(custody_relatives.c.position)
        ):
            relatives[r.record_id].append(
                Relative(Relationship(r.relationship), r.name, r.child_id)
            )
        history: dict[UUID, list[tuple[CustodyStatus, datetime]]] = defaultdict(list)
        for r in self._connection.execute(
            select(custody_events)
            .where(custody_events.c.record_id.in_(ids))
            .order_by(custody_events.c.position)
        ):
            history[r.record_id].append((CustodyStatus(r.status), r.at))
        return [record_of(r, tuple(relatives[r.id]), tuple(history[r.id])) for r in rows]

    # --- facilities and alerts -------------------------------------------------------------

    def facility(self, name: str) -> Facility | None:
        row = self._connection.execute(
            select(border_facilities).where(border_facilities.c.name == name)
        ).first()
        return Facility(row.name, row.zone, row.latitude, row.longitude) if row else None

    def add_facility(self, facility: Facility) -> None:
        self._connection.execute(
            insert(border_facilities).values(
                name=facility.name,
                zone=facility.zone,
                latitude=facility.latitude,
                longitude=facility.longitude,
            )
        )

    def facilities(self) -> list[Facility]:
        rows = self._connection.execute(
            select(border_facilities).order_by(border_facilities.c.name)
        )
        return [Facility(r.name, r.zone, r.latitude, r.longitude) for r in rows]

    def sent_alert_keys(self, child_id: UUID) -> set[str]:
        return set(
            self._connection.scalars(
                select(custody_alerts.c.key).where(custody_alerts.c.record_id == child_id)
            )
        )

    def add_sent_alert(self, sent: SentAlert) -> None:
        alert = sent.alert
        self._connection.execute(
            insert(custody_alerts).values(
                record_id=sent.child_id,
                key=alert.key,
                kind=alert.kind.value,
                hours=alert.hours,
                due_at=alert.due_at,
            )
        )

    # --- placement runs --------------------------------------------------------------------

    def add_run(self, run: StoredRun) -> None:
        # Each explanation is a row about its child, placed or not: the run's audit names them all.
        self.written += [run.id, *(UUID(e.child_id) for e in run.explanations)]
        self._connection.execute(
            insert(placement_runs).values(
                id=run.id,
                owner_id=self._owner(),
                run_at=run.at,
                queued=run.queued,
                placed=run.placed,
                seconds=run.seconds,
                shortfall=[need_row(need, n) for need, n in run.shortfall],
            )
        )
        if run.explanations:
            self._connection.execute(
                insert(placement_referrals),
                [
                    {
                        "run_id": run.id,
                        "child_id": UUID(e.child_id),
                        "provider_id": UUID(e.provider_id) if e.provider_id else None,
                        "explanation": e.text,
                        "km": e.km,
                        "restrictiveness": e.restrictiveness,
                    }
                    for e in run.explanations
                ],
            )

    def latest_run(self) -> StoredRun | None:
        query = select(placement_runs).order_by(placement_runs.c.run_at.desc()).limit(1)
        if self._owner_id is not None:
            query = query.where(placement_runs.c.owner_id == self._owner_id)
        row = self._connection.execute(query).first()
        if row is None:
            return None
        referrals = self._connection.execute(
            select(placement_referrals)
            .where(placement_referrals.c.run_id == row.id)
            .order_by(placement_referrals.c.provider_id.is_(None), placement_referrals.c.child_id)
        )
        return StoredRun(
            row.id,
            row.run_at,
            row.queued,
            row.placed,
            row.seconds,
            tuple(
                Explanation(
                    str(r.child_id),
                    str(r.provider_id) if r.provider_id else None,
                    r.explanation,
                    r.km,
                    r.restrictiveness,
                )
                for r in referrals
            ),
            tuple((need_of(n), n["beds"]) for n in row.shortfall),
        )

    # --- sponsor applications --------------------------------------------------------------

    def add_application(self, application: SponsorApplication) -> None:
        self.written.append(application.id)
        self._connection.execute(
            insert(sponsor_applications).values(
                id=application.id,
                owner_id=self._owner(),
                child_id=application.child_id,
                sponsor_name=application.sponsor_name,
                sponsor_type=int(application.sponsor_type),
                category=application.category.value,
                home_study=home_study_row(application.home_study),
                immigration_status=application.protected.immigration_status,
                submitted_at=application.submitted_at,
                state=application.state.value,
            )
        )
        self._add_steps(application, 0)

    def get_application(self, application_id: UUID) -> SponsorApplication | None:
        found = self._applications(sponsor_applications.c.id == application_id)
        return found[0] if found else None

    def save_application(self, application: SponsorApplication) -> None:
        self.written.append(application.id)
        self._connection.execute(
            update(sponsor_applications)
            .where(sponsor_applications.c.id == application.id)
            .values(state=application.state.value)
        )
        stored = self._connection.scalar(
            select(func.count()).where(sponsor_steps.c.application_id == application.id)
        )
        self._add_steps(application, int(stored or 0))

    def applications_for(self, child_ids: Sequence[UUID]) -> dict[UUID, list[SponsorApplication]]:
        found: dict[UUID, list[SponsorApplication]] = defaultdict(list)
        for application in self._applications(sponsor_applications.c.child_id.in_(child_ids)):
            found[application.child_id].append(application)
        return dict(found)

    def _add_steps(self, application: SponsorApplication, stored: int) -> None:
        rows = [
            {
                "application_id": application.id,
                "position": i,
                "state": s.state.value,
                "at": s.at,
                "by": s.by,
                "note": s.note,
            }
            for i, s in enumerate(application.steps)
            if i >= stored
        ]
        if rows:
            self._connection.execute(insert(sponsor_steps), rows)

    def _applications(self, condition: Any) -> list[SponsorApplication]:
        rows = list(
            self._connection.execute(
                select(sponsor_applications)
                .where(condition)
                .order_by(sponsor_applications.c.submitted_at, sponsor_applications.c.id)
            )
        )
        if not rows:
            return []
        steps: dict[UUID, list[Step]] = defaultdict(list)
        for s in self._connection.execute(
            select(sponsor_steps)
            .where(sponsor_steps.c.application_id.in_([r.id for r in rows]))
            .order_by(sponsor_steps.c.position)
        ):
            steps[s.application_id].append(Step(State(s.state), s.at, s.by, s.note))
        return [
            SponsorApplication(
                id=r.id,
                child_id=r.child_id,
                sponsor_name=r.sponsor_name,
                sponsor_type=SponsorType(r.sponsor_type),
                category=SponsorCategory(r.category),
                home_study=HomeStudyFactors(**r.home_study),
                protected=ProtectedSponsorData(r.immigration_status),
                submitted_at=r.submitted_at,
                state=State(r.state),
                steps=tuple(steps[r.id]),
            )
            for r in rows
        ]
