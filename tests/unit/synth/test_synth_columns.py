"""Every column of the synthetic records is valid, and the truth file is consistent with them."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import phonenumbers
import pycountry

from puente.synth import Population, generate_population, generate_records
from puente.synth.demography import CITIES
from puente.synth.people import RELATIONSHIPS, VULNERABILITIES
from puente.synth.population import RECORD_COLUMNS

PRECISION_PATTERNS = {
    "exact": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "year_month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
    "estimated_age": re.compile(r"^\d{4}$"),
}


def test_columns_are_exactly_the_contract(population: Population) -> None:
    assert tuple(population.records.columns) == RECORD_COLUMNS
    assert tuple(population.truth.columns) == ("record_id", "person_id")
    assert population.records["unaccompanied_child"].dtype == bool


def test_record_ids_are_unique_and_truth_covers_every_record(population: Population) -> None:
    records, truth = population.records, population.truth
    assert records["record_id"].is_unique
    assert records["record_id"].str.fullmatch(r"R\d{8}").all()
    assert truth["record_id"].tolist() == records["record_id"].tolist()
    assert truth["person_id"].str.fullmatch(r"P\d{8}").all()
    assert truth["person_id"].nunique() == 4000


def test_phones_are_valid_e164_or_empty(population: Population) -> None:
    phones = population.records["phone"]
    given = phones[phones != ""]
    assert 0.5 < len(given) / len(phones) < 0.95
    for phone in given.unique():
        parsed = phonenumbers.parse(phone)
        assert phonenumbers.is_valid_number(parsed), phone
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == phone
    assert given.str.startswith("+52").mean() > 0.6


def test_countries_and_languages_are_iso_codes(population: Population) -> None:
    for alpha2 in population.records["nationality"].unique():
        assert pycountry.countries.get(alpha_2=alpha2) is not None, alpha2
    for alpha3 in population.records["language"].unique():
        assert pycountry.languages.get(alpha_3=alpha3) is not None, alpha3


def test_birth_dates_are_valid_for_their_precision(population: Population) -> None:
    records = population.records
    for precision, pattern in PRECISION_PATTERNS.items():
        dates = records.loc[records["birth_precision"] == precision, "birth_date"]
        assert len(dates) > 0, precision
        assert dates.str.fullmatch(pattern).all(), precision
        years = dates.str[:4].astype(int)
        assert years.between(1925, 2023).all()
        if precision == "exact":
            for text in dates:
                date.fromisoformat(text)
        if precision == "year_month":
            assert dates.str[5:7].astype(int).between(1, 12).all()


def test_categorical_columns_use_their_vocabularies(population: Population) -> None:
    records = population.records
    assert set(records["sex"]) <= {"female", "male", "unspecified"}
    assert set(records["relationship"]) <= {"", *RELATIONSHIPS}
    assert set(records["registration_city"]) == {name for name, *_ in CITIES}
    flags = records["vulnerabilities"].str.split(";").explode()
    assert set(flags) <= {"", *VULNERABILITIES}


def test_registration_times_carry_the_citys_utc_offset(population: Population) -> None:
    records = population.records
    for text, city in zip(records["registered_at"], records["registration_city"], strict=True):
        when = datetime.fromisoformat(text)
        offset = when.utcoffset()
        assert offset is not None
        hours = offset.total_seconds() / 3600
        assert hours in {-8, -7, -6, -5}
        if city == "Nogales":  # Sonora keeps no daylight saving time
            assert hours == -7
        assert 7 <= when.hour < 19


def test_families_have_one_head_and_one_nationality(population: Population) -> None:
    records = population.records
    in_family = records[records["family_id"] != ""]
    assert (in_family["relationship"] != "").all()
    assert (records.loc[records["family_id"] == "", "relationship"] == "").all()
    heads = in_family.groupby("family_id")["relationship"].apply(lambda r: (r == "head").sum())
    assert (heads == 1).all()
    assert (in_family.groupby("family_id")["nationality"].nunique() == 1).all()


def test_unaccompanied_children_are_flagged_and_under_18(joined: pd.DataFrame) -> None:
    uac = joined[joined["unaccompanied_child"]]
    assert len(uac) > 0
    assert uac["vulnerabilities"].str.contains("unaccompanied_child").all()
    assert (uac["family_id"] == "").all()
    assert (
        not joined.loc[~joined["unaccompanied_child"], "vulnerabilities"]
        .str.contains("unaccompanied_child")
        .any()
    )
    exact = uac[uac["birth_precision"] == "exact"]
    age = pd.to_datetime(exact["registered_at"].str[:10]) - pd.to_datetime(exact["birth_date"])
    assert (age.dt.days < 19 * 365.25).all()


def test_a_persons_records_agree_on_what_noise_cannot_change(joined: pd.DataFrame) -> None:
    per_person = joined.groupby("person_id")
    assert (per_person["nationality"].nunique() == 1).all()
    assert (per_person["unaccompanied_child"].nunique() == 1).all()
    assert (per_person["vulnerabilities"].nunique() == 1).all()


def test_demographic_split_follows_fy2021(joined: pd.DataFrame) -> None:
    first = joined.drop_duplicates("person_id")
    uac_share = first["unaccompanied_child"].mean()
    family_share = (first["family_id"] != "").mean()
    # FY2021: 8.5% unaccompanied children, 27.8% family-unit members (incl. accompanied minors).
    assert abs(uac_share - 0.085) < 0.02
    assert abs(family_share - 0.278) < 0.04


def test_generate_records_gives_about_the_requested_number() -> None:
    pop = generate_records(6000, seed=3)
    assert abs(len(pop.records) - 6000) / 6000 < 0.05


def test_no_repeats_without_duplicates() -> None:
    pop = generate_population(500, seed=2, duplicate_rate=0.0)
    assert len(pop.records) == 500
    assert pop.noise.empty
