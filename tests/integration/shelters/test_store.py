"""Shelter occupancy on SQLite and PostgreSQL: capacity, audited overrides, racing check-ins."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import Engine

from puente.shared.errors import InvalidInput, StaleVersion
from puente.shelters.adapters.store.unit_of_work import SqlShelterUnitOfWork
from puente.shelters.domain.model import (
    AgeBand,
    BedPool,
    LicenceStatus,
    OverCapacityOverride,
    Sex,
    Shelter,
    ShelterKind,
)
from puente.shelters.services.occupancy import (
    check_in,
    check_out,
    grant_override,
    register_shelter,
)
from tests.integration.children.test_store import add_organisation

GIRLS = BedPool(Sex.FEMALE, AgeBand(6, 12))
AT = datetime(2021, 3, 29, 15, 0, tzinfo=UTC)


@pytest.fixture
def setup(engine: Engine) -> tuple[SqlShelterUnitOfWork, Shelter]:
    uow = SqlShelterUnitOfWork(engine, add_organisation(engine).id)
    shelter = Shelter(
        uuid4(),
        "Casa Nazareth",
        ShelterKind.SHELTER,
        LicenceStatus.LICENSED,
        26.2,
        -98.2,
        {GIRLS: 1},
    )
    register_shelter(uow, shelter)
    return uow, shelter


def test_a_full_pool_needs_an_override_and_every_movement_is_kept(
    setup: tuple[SqlShelterUnitOfWork, Shelter],
) -> None:
    uow, shelter = setup
    first, second = uuid4(), uuid4()
    alert = check_in(uow, shelter.id, first, GIRLS, AT)
    assert alert is not None and alert.occupied == 1
    with pytest.raises(InvalidInput, match="over-capacity override"):
        check_in(uow, shelter.id, second, GIRLS, AT)
    grant_override(
        uow, shelter.id, OverCapacityOverride(GIRLS, 1, "J. Pérez, director", AT, "storm")
    )
    check_in(uow, shelter.id, second, GIRLS, AT)
    check_out(uow, shelter.id, first, AT)
    with uow:
        stored = uow.shelters.get(shelter.id)
        movements = uow.shelters.recent_movements(shelter.id)
    assert stored is not None and set(stored.occupants) == {second}
    assert [o.granted_by for o in stored.overrides] == ["J. Pérez, director"]
    assert [(m.occupant_id, m.kind.value, m.by_override) for m in reversed(movements)] == [
        (first, "check_in", False),
        (second, "check_in", True),
        (first, "check_out", False),
    ]


def test_two_check_ins_racing_for_the_last_bed_cannot_both_commit(
    setup: tuple[SqlShelterUnitOfWork, Shelter], engine: Engine
) -> None:
    uow, shelter = setup
    other = SqlShelterUnitOfWork(engine, None)
    with uow, other:
        mine, theirs = uow.shelters.get(shelter.id), other.shelters.get(shelter.id)
        assert mine is not None and theirs is not None
        mine.check_in(uuid4(), GIRLS, AT)
        uow.shelters.save(mine)
        uow.commit()
        theirs.check_in(uuid4(), GIRLS, AT)
        with pytest.raises(StaleVersion):
            other.shelters.save(theirs)
    with uow:
        stored = uow.shelters.get(shelter.id)
    assert stored is not None and len(stored.occupants) == 1
