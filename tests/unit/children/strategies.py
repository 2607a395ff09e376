"""Hypothesis strategies for placement: random queues with sibling groups, random providers."""

from __future__ import annotations

from hypothesis import strategies as st

from puente.children.domain.placement import Provider, QueuedChild
from puente.shelters.domain.model import (
    DEFAULT_AGE_BANDS,
    BedPool,
    LicenceStatus,
    PlacementBasis,
    Sex,
    ShelterKind,
)

FACILITIES = (("Donna", 26.17, -98.05), ("El Paso", 31.76, -106.49), ("Yuma", 32.69, -114.62))
NEEDS = ("medical", "disability")
UNLICENSED = (ShelterKind.INFLUX_CARE_FACILITY, ShelterKind.EMERGENCY_INTAKE_SITE)


@st.composite
def queues(draw: st.DrawFn, max_units: int = 14) -> list[QueuedChild]:
    children: list[QueuedChild] = []
    for unit in range(draw(st.integers(1, max_units))):
        size = draw(st.sampled_from((1, 1, 1, 2, 3)))
        name, lat, lon = draw(st.sampled_from(FACILITIES))
        for _ in range(size):
            children.append(
                QueuedChild(
                    id=f"c{len(children)}",
                    sex=draw(st.sampled_from(list(Sex))),
                    age=draw(st.integers(0, 17)),
                    hours_waiting=draw(st.floats(0, 200, allow_nan=False)),
                    facility=name,
                    latitude=lat,
                    longitude=lon,
                    sibling_group=f"g{unit}" if size > 1 else None,
                    special_needs=frozenset(draw(st.sets(st.sampled_from(NEEDS), max_size=1))),
                    bases=frozenset(
                        draw(st.sets(st.sampled_from(list(PlacementBasis)), max_size=1))
                    )
                    if draw(st.integers(0, 9)) == 0
                    else frozenset(),
                )
            )
    return children


@st.composite
def providers(draw: st.DrawFn, max_providers: int = 6) -> list[Provider]:
    result = []
    pools = [BedPool(s, b) for s in Sex for b in DEFAULT_AGE_BANDS]
    for i in range(draw(st.integers(1, max_providers))):
        kind = draw(st.sampled_from([k for k in ShelterKind if k is not ShelterKind.ALBERGUE]))
        licence = (
            LicenceStatus.UNLICENSED
            if kind in UNLICENSED
            else draw(
                st.sampled_from(
                    [LicenceStatus.LICENSED, LicenceStatus.LICENSED, LicenceStatus.SUSPENDED]
                )
            )
        )
        result.append(
            Provider(
                id=f"p{i}",
                name=f"Provider {i}",
                kind=kind,
                licence=licence,
                latitude=draw(st.floats(25, 45)),
                longitude=draw(st.floats(-120, -75)),
                free={
                    pool: draw(st.integers(0, 3))
                    for pool in draw(st.sets(st.sampled_from(pools), min_size=1))
                },
                tender_age_allowed=draw(st.booleans()),
                needs_served=frozenset(draw(st.sets(st.sampled_from(NEEDS)))),
            )
        )
    return result
