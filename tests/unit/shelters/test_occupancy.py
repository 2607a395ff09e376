"""Shelter occupancy: never over capacity without an audited override; overcrowding alerts."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from puente.shared.errors import IllegalTransition, InvalidInput, NotFound
from puente.shelters.domain.model import (
    AgeBand,
    BedPool,
    LicenceStatus,
    MovementKind,
    OverCapacityOverride,
    Sex,
    Shelter,
    ShelterKind,
)
from puente.shelters.services.occupancy import (
    check_in,
    check_out,
    grant_override,
    overcrowded,
    register_shelter,
)
from tests.unit.shelters.fakes import FakeShelterUnitOfWork

POOL = BedPool(Sex.MALE, AgeBand(16, 17))
AT = datetime(2021, 3, 29, 15, 0, tzinfo=UTC)


def _setup(
    beds: int = 2, licence: LicenceStatus = LicenceStatus.LICENSED
) -> tuple[FakeShelterUnitOfWork, UUID]:
    uow = FakeShelterUnitOfWork()
    shelter = Shelter(
        uuid4(),
        "Casa Esperanza",
        ShelterKind.SHELTER,
        licence,
        31.7,
        -106.4,
        {POOL: beds},
        overcrowding_ratio=0.5,
    )
    register_shelter(uow, shelter)
    return uow, shelter.id


def test_check_in_stops_at_capacity_and_alerts_when_crowded() -> None:
    uow, sid = _setup()
    assert check_in(uow, sid, uuid4(), POOL, AT) is not None  # 1 of 2 is at the 50 % ratio
    check_in(uow, sid, uuid4(), POOL, AT)
    with pytest.raises(InvalidInput, match="override"):
        check_in(uow, sid, uuid4(), POOL, AT)
    stored = uow.shelters.get(sid)
    assert stored is not None and stored.occupied(POOL) == 2
    assert len(uow.outbox) == 2
    assert [a.occupied for a in overcrowded(uow, AT)] == [2]


def test_over_capacity_only_within_an_audited_override() -> None:
    uow, sid = _setup(beds=1)
    check_in(uow, sid, uuid4(), POOL, AT)
    with pytest.raises(InvalidInput) as caught:
        OverCapacityOverride(POOL, 0, " ", datetime(2021, 3, 29), "")
    assert len(caught.value.problems) == 4
    grant_override(uow, sid, OverCapacityOverride(POOL, 1, "director Ruiz", AT, "bus of 40"))
    extra = uuid4()
    alert = check_in(uow, sid, extra, POOL, AT)
    assert alert is not None and alert.ratio == 2.0
    with pytest.raises(InvalidInput):
        check_in(uow, sid, uuid4(), POOL, AT)
    stored = uow.shelters.get(sid)
    assert stored is not None
    assert stored.movements[-1].by_override
    assert stored.overrides[0].granted_by == "director Ruiz"
    check_out(uow, sid, extra, AT)
    stored = uow.shelters.get(sid)
    assert stored is not None and stored.movements[-1].kind is MovementKind.CHECK_OUT


def test_failed_use_case_changes_nothing_and_bad_moves_are_refused() -> None:
    uow, sid = _setup(licence=LicenceStatus.SUSPENDED)
    with pytest.raises(InvalidInput, match="suspended"):
        check_in(uow, sid, uuid4(), POOL, AT)
    uow, sid = _setup()
    child = uuid4()
    check_in(uow, sid, child, POOL, AT)
    with pytest.raises(IllegalTransition):
        check_in(uow, sid, child, POOL, AT)
    with pytest.raises(NotFound):
        check_out(uow, sid, uuid4(), AT)
    with pytest.raises(NotFound):
        check_in(uow, uuid4(), uuid4(), POOL, AT)
    with pytest.raises(InvalidInput):
        check_in(uow, sid, uuid4(), POOL, datetime(2021, 3, 29))
