"""Each kind of noise shows up on repeat registrations at about its configured rate, and does
what it says."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np
import pandas as pd
import pytest

from puente.synth import NOISE_KINDS, NoiseRates, Population, generate_population
from puente.synth.names import name_tables
from puente.synth.noise import has_creole_token, nickname_for, strip_accents

RATES = NoiseRates()
CULTURE = {"HT": "haitian", "BR": "brazilian"}


@pytest.fixture(scope="module")
def repeats(noisy: Population) -> pd.DataFrame:
    """Each repeat record beside its person's first record (columns suffixed ``_0``) and the set
    of noise kinds logged for it."""
    joined = noisy.records.merge(noisy.truth, on="record_id")
    first = joined.drop_duplicates("person_id").set_index("person_id")
    first.columns = [f"{c}_0" for c in first.columns]
    rep = joined[joined.duplicated("person_id")].join(first, on="person_id")
    kinds = noisy.noise.groupby("record_id")["noise"].agg(frozenset)
    rep["kinds"] = (
        rep["record_id"].map(kinds).apply(lambda k: k if isinstance(k, frozenset) else frozenset())
    )
    return rep


def _has(rep: pd.DataFrame, kind: str) -> pd.Series:
    return rep["kinds"].apply(lambda k: kind in k)


def _expected_rate(rep: pd.DataFrame, kind: str) -> float:
    return float(np.mean([RATES.rate(kind, c) for c in rep["nationality"]]))


def _assert_rate(rep: pd.DataFrame, kind: str, eligible: pd.Series, slack: float = 0.0) -> None:
    pool = rep[eligible]
    assert len(pool) > 100, kind
    p = _expected_rate(pool, kind)
    observed = _has(pool, kind).mean()
    sigma = math.sqrt(p * (1 - p) / len(pool))
    assert abs(observed - p) <= 4 * sigma + slack * p, (kind, observed, p, len(pool))


def _culture(nationality: str) -> str:
    return CULTURE.get(nationality, "other" if nationality in OTHER else "hispanic")


OTHER = {"RU", "UA", "RO", "IN", "TR", "CN", "CA", "PH", "MM", "SN", "CM"}

# kind -> eligibility from the person's first record (exact where the kind is applied first).
ELIGIBLE: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "nickname": lambda r: pd.Series(
        [
            bool(nickname_for(g, _culture(n)))
            for g, n in zip(r.given_names_0, r.nationality, strict=True)
        ],
        index=r.index,
    ),
    "second_surname_dropped": lambda r: r.second_surname_0 != "",
    "typo": lambda r: pd.Series(True, index=r.index),
    "case_changed": lambda r: pd.Series(True, index=r.index),
    "given_surname_swapped": lambda r: pd.Series(True, index=r.index),
    "surnames_swapped": lambda r: (r.second_surname_0 != "") & ~_has(r, "second_surname_dropped"),
    "day_month_swapped": lambda r: (
        (r.birth_precision_0 == "exact")
        & (r.birth_date_0.str[8:10] <= "12")
        & (r.birth_date_0.str[8:10] != r.birth_date_0.str[5:7])
    ),
    "date_digit_off": lambda r: r.birth_precision_0.isin(["exact", "year_month"]),
    "year_only": lambda r: r.birth_precision_0 == "exact",
    "day_dropped": lambda r: r.birth_precision_0 == "exact",
    "phone_missing": lambda r: r.phone_0 != "",
    "phone_changed": lambda r: pd.Series(True, index=r.index),
    "sex_unspecified": lambda r: pd.Series(True, index=r.index),
    "language_changed": lambda r: ~r.language_0.isin(["spa", "eng"]),
}
# Eligibility that earlier edits can change a little: allow 15% relative slack.
APPROXIMATE: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "given_name_shortened": lambda r: r.given_names_0.str.contains(" ") & ~_has(r, "nickname"),
    "surnames_merged": lambda r: (r.second_surname_0 != "") & ~_has(r, "second_surname_dropped"),
    "accent_dropped": lambda r: r.name_as_written_0.map(strip_accents) != r.name_as_written_0,
    "creole_alternation": lambda r: (
        (r.nationality == "HT")
        & (r.given_names_0.map(has_creole_token) | r.first_surname_0.map(has_creole_token))
    ),
    "hyphen_variation": lambda r: r.name_as_written_0.str.contains("-"),
    "phonetic_spelling": lambda r: pd.Series(True, index=r.index),
    "estimated_age": lambda r: (
        (r.birth_precision_0 == "exact")
        & (r.registered_at.str[:4].astype(int) - r.birth_date_0.str[:4].astype(int) >= 16)
    ),
}


def test_every_noise_kind_is_covered() -> None:
    assert set(ELIGIBLE) | set(APPROXIMATE) == set(NOISE_KINDS)


@pytest.mark.parametrize("kind", sorted(ELIGIBLE))
def test_noise_rate(repeats: pd.DataFrame, kind: str) -> None:
    _assert_rate(repeats, kind, ELIGIBLE[kind](repeats))


@pytest.mark.parametrize("kind", sorted(APPROXIMATE))
def test_noise_rate_approximately(repeats: pd.DataFrame, kind: str) -> None:
    _assert_rate(repeats, kind, APPROXIMATE[kind](repeats), slack=0.15)


def test_first_registrations_carry_no_noise(noisy: Population) -> None:
    joined = noisy.records.merge(noisy.truth, on="record_id")
    first_ids = set(joined.drop_duplicates("person_id")["record_id"])
    assert not first_ids & set(noisy.noise["record_id"])


def test_noise_does_what_it_says(repeats: pd.DataFrame) -> None:
    r = repeats
    only = r["kinds"].apply(len) == 1
    case = r[_has(r, "case_changed")]
    upper_or_lower = (case.given_names.str.isupper() | case.given_names.str.islower()) & (
        case.first_surname.str.isupper() | case.first_surname.str.islower()
    )
    assert upper_or_lower.all()
    assert (r.loc[_has(r, "year_only"), "birth_precision"] == "year").all()
    assert (r.loc[_has(r, "day_dropped"), "birth_precision"] == "year_month").all()
    assert (r.loc[_has(r, "estimated_age"), "birth_precision"] == "estimated_age").all()
    assert (r.loc[_has(r, "phone_missing"), "phone"] == "").all()
    assert (r.loc[_has(r, "sex_unspecified"), "sex"] == "unspecified").all()

    swapped = r[_has(r, "day_month_swapped") & only]
    assert (swapped.birth_date.str[5:7] == swapped.birth_date_0.str[8:10]).all()
    assert (swapped.birth_date.str[8:10] == swapped.birth_date_0.str[5:7]).all()

    merged = r[_has(r, "surnames_merged") & only]
    expected = (merged.first_surname_0 + merged.second_surname_0).str.replace(" ", "")
    assert (merged.first_surname == expected).all()
    assert (merged.second_surname == "").all()

    crossed = r[_has(r, "given_surname_swapped") & only]
    assert (crossed.given_names == crossed.first_surname_0).all()
    assert (crossed.name_as_written == crossed.name_as_written_0).all()

    short = r[_has(r, "given_name_shortened") & only]
    assert (short.given_names == short.given_names_0.str.split(" ").str[0]).all()

    all_nicknames = {n for names in name_tables().nicknames.values() for n in names}
    nick = r[_has(r, "nickname") & only]
    assert nick.given_names.isin(all_nicknames).all()

    accents = r[_has(r, "accent_dropped") & only]
    assert (accents.name_as_written == accents.name_as_written_0.map(strip_accents)).all()


def test_typos_change_one_field_by_one_edit(repeats: pd.DataFrame) -> None:
    r = repeats[repeats["kinds"] == frozenset({"typo"})]
    assert len(r) > 50
    before = r[["given_names_0", "first_surname_0", "second_surname_0"]].to_numpy().tolist()
    after = r[["given_names", "first_surname", "second_surname"]].to_numpy().tolist()
    for old, new in zip(before, after, strict=True):
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert len(changed) == 1
        a, b = changed[0]
        assert abs(len(a) - len(b)) <= 1


def test_haitian_names_vary_more(repeats: pd.DataFrame) -> None:
    spelling = {"typo", "phonetic_spelling", "creole_alternation", "hyphen_variation"}
    varied = repeats["kinds"].apply(lambda k: bool(k & spelling))
    haitian = varied[repeats.nationality == "HT"].mean()
    mexican = varied[repeats.nationality == "MX"].mean()
    assert haitian > 2 * mexican


def test_rates_must_be_probabilities() -> None:
    with pytest.raises(ValueError, match="not a probability"):
        NoiseRates(typo=1.5)
    with pytest.raises(ValueError, match="unknown noise kinds"):
        NoiseRates(by_nationality={"HT": {"spelling": 2.0}})


def test_zero_rates_give_exact_copies() -> None:
    off: dict[str, Any] = {f.name: 0.0 for f in fields(NoiseRates) if f.name != "by_nationality"}
    zero = NoiseRates(**off)
    pop = generate_population(800, seed=8, duplicate_rate=1.0, noise=zero)
    assert pop.noise.empty
    joined = pop.records.merge(pop.truth, on="record_id")
    # Someone who only knows their age estimates it afresh each time: that is not noise.
    joined = joined[joined["birth_precision"] != "estimated_age"]
    columns = ["given_names", "first_surname", "second_surname", "birth_date", "phone", "sex"]
    assert (joined.groupby("person_id")[columns].nunique() == 1).all().all()
