"""The data tables are internally consistent: shares sum to one, codes exist, phones are valid."""

from __future__ import annotations

import random

import phonenumbers
import pycountry
import pytest

from puente.synth.demography import (
    CBP_FY2021_SOUTHWEST,
    CBP_LABEL_TO_ALPHA2,
    CITIES,
    COUNTRIES,
    OTHER_SPLIT,
)
from puente.synth.phones import HOME, MEXICAN, US


def test_every_cbp_citizenship_maps_to_a_country() -> None:
    labels = {row[0] for row in CBP_FY2021_SOUTHWEST}
    assert labels - {"OTHER"} == set(CBP_LABEL_TO_ALPHA2)
    assert set(CBP_LABEL_TO_ALPHA2.values()) | {a for a, _ in OTHER_SPLIT} == set(COUNTRIES)
    assert sum(share for _, share in OTHER_SPLIT) == pytest.approx(1.0)


def test_countries_languages_and_shares_are_valid() -> None:
    for alpha2, country in COUNTRIES.items():
        assert pycountry.countries.get(alpha_2=alpha2) is not None
        assert sum(share for _, share in country.languages) == pytest.approx(1.0)
        for code, _ in country.languages:
            assert pycountry.languages.get(alpha_3=code) is not None, code


def test_city_shares_sum_to_one_per_state() -> None:
    per_state: dict[str, float] = {}
    for _, state, share, _, _ in CITIES:
        per_state[state] = per_state.get(state, 0.0) + share
    assert per_state == pytest.approx({"CA": 1.0, "AZ": 1.0, "NM": 1.0, "TX": 1.0})


@pytest.mark.parametrize(
    ("prefix", "free"), [*MEXICAN, *US, *(option for opts in HOME.values() for option in opts)]
)
def test_every_completion_of_a_phone_prefix_is_valid(prefix: str, free: int) -> None:
    rnd = random.Random(prefix)
    for _ in range(200):
        number = prefix + "".join(rnd.choice("0123456789") for _ in range(free))
        assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number
