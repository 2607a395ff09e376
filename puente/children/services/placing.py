"""Use case: the placement run — the whole referred queue against every provider's free beds;
each placement checks the child into the shelter and stops their custody clock at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from puente.children.domain.clock import ClockPolicy
from puente.children.domain.custody import CustodyRecord, CustodyStatus
from puente.children.domain.explain import BedNeed, Explanation, explain, shortfall
from puente.children.domain.optimiser import PlacementResult, place
from puente.children.domain.placement import PlacementRules, Provider, QueuedChild
from puente.children.services.unit_of_work import ChildrenUnitOfWork, StoredRun
from puente.shared.errors import InvalidInput
from puente.shelters.domain.model import OvercrowdingAlert


@dataclass(frozen=True)
class PlacementRun:
    stored: StoredRun  # as kept: id, time, each child's explanation, the beds short
    result: PlacementResult
    shortfall: Counter[BedNeed]
    alerts: list[OvercrowdingAlert]

    @property
    def id(self) -> UUID:
        return self.stored.id

    @property
    def explanations(self) -> list[Explanation]:
        return list(self.stored.explanations)


def _sibling_groups(referred: dict[UUID, CustodyRecord]) -> dict[UUID, str]:
    """Siblings linked on either side (and siblings of siblings) form one group, named by its
    smallest id; children without a referred sibling are left out."""
    root = {child_id: child_id for child_id in referred}

    def find(child_id: UUID) -> UUID:
        while root[child_id] != child_id:
            root[child_id] = root[root[child_id]]
            child_id = root[child_id]
        return child_id

    for record in referred.values():
        for sibling in record.sibling_ids:
            if sibling in referred:
                a, b = find(record.id), find(sibling)
                root[max(a, b)] = min(a, b)
    members: dict[UUID, list[UUID]] = {}
    for child_id in referred:
        members.setdefault(find(child_id), []).append(child_id)
    return {c: str(lead) for lead, group in members.items() if len(group) > 1 for c in group}


def _referred(uow: ChildrenUnitOfWork) -> dict[UUID, CustodyRecord]:
    return {r.id: r for r in uow.children.in_border_custody() if r.status is CustodyStatus.REFERRED}


def queue_of(
    uow: ChildrenUnitOfWork,
    now: datetime,
    policy: ClockPolicy = ClockPolicy(),
    referred: dict[UUID, CustodyRecord] | None = None,
) -> list[QueuedChild]:
    referred = _referred(uow) if referred is None else referred
    facilities = {f.name: f for f in uow.children.facilities()}
    groups = _sibling_groups(referred)
    queue = []
    for record in referred.values():
        facility = facilities.get(record.facility)
        if facility is None:
            raise InvalidInput.single("facility", f"unknown facility {record.facility!r}")
        queue.append(
            QueuedChild(
                id=str(record.id),
                sex=record.sex,
                age=record.age,
                hours_waiting=record.clock(policy).hours(now),
                facility=record.facility,
                latitude=facility.latitude,
                longitude=facility.longitude,
                sibling_group=groups.get(record.id),
                special_needs=record.special_needs,
                bases=record.placement_bases,
            )
        )
    return queue


def run_placement(
    uow: ChildrenUnitOfWork, now: datetime, rules: PlacementRules = PlacementRules()
) -> PlacementRun:
    with uow:
        referred = _referred(uow)
        queue = queue_of(uow, now, referred=referred)
        shelters = {str(s.id): s for s in uow.shelters.all()}
        providers = [Provider.from_shelter(s) for s in shelters.values()]
        result = place(queue, providers, rules)
        pools = {c.id: c.pool(rules) for c in queue}
        alerts: dict[tuple[str, str], OvercrowdingAlert] = {}
        transferred: list[CustodyRecord] = []
        for child_id, provider_id in result.placed.items():
            shelter = shelters[provider_id]
            alert = shelter.check_in(UUID(child_id), pools[child_id], now)
            if alert is not None:
                alerts[(provider_id, str(alert.pool))] = alert
            transferred.append(referred[UUID(child_id)].move(CustodyStatus.TRANSFERRED, now))
        uow.children.save_records(transferred)
        for provider_id in set(result.placed.values()):
            uow.shelters.save(shelters[provider_id])
        for alert in alerts.values():
            uow.emit(alert)
        needed = shortfall(result)
        stored = StoredRun(
            uuid4(),
            now,
            len(queue),
            len(result.placed),
            result.seconds,
            tuple(explain(result)),
            tuple(sorted(needed.items())),
        )
        uow.children.add_run(stored)
        uow.commit()
    return PlacementRun(stored, result, needed, list(alerts.values()))
