"""Phones, documents, addresses, countries and languages are validated and normalised."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from puente.registry.domain.codes import country_code, language_code
from puente.registry.domain.contact import Address, IdentityDocument, normalise_phone
from puente.shared.errors import InvalidInput

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("664 123 4567", "+526641234567"),
        ("+1 (619) 555-0134", "+16195550134"),
        ("+509 34 12 3456", "+50934123456"),
    ],
)
def test_phones_are_normalised_to_e164(text: str, e164: str) -> None:
    assert normalise_phone(text, "phones.0") == e164


@pytest.mark.parametrize("text", ["12", "not a phone", "+52 1"])
def test_bad_phones_name_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        normalise_phone(text, "members.1.phones.0")
    assert error.value.problems[0].field == "members.1.phones.0"


@pytest.mark.parametrize(("code", "alpha2"), [("HN", "HN"), ("hnd", "HN"), ("HTI", "HT")])
def test_countries_accept_alpha2_and_alpha3(code: str, alpha2: str) -> None:
    assert country_code(code, "nationalities.0") == alpha2


@pytest.mark.parametrize(
    ("code", "expected"), [("quc", "quc"), ("mam", "mam"), ("hat", "hat"), ("es", "spa")]
)
def test_languages_include_indigenous_and_creole(code: str, expected: str) -> None:
    assert language_code(code, "languages.0") == expected


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(InvalidInput):
        country_code("XX", "nationalities.0")
    with pytest.raises(InvalidInput):
        language_code("zzz", "languages.0")


def test_a_numbers_are_padded_to_nine_digits() -> None:
    assert IdentityDocument.create("a_number", "A12345678", None).number == "A012345678"
    assert IdentityDocument.create("a_number", "212 345 678", None).number == "A212345678"
    with pytest.raises(InvalidInput) as error:
        IdentityDocument.create("a_number", "A12", None)
    assert error.value.problems[0].field == "number"


def test_document_kind_and_country_are_checked() -> None:
    doc = IdentityDocument.create("passport", "G1234567", "GTM")
    assert doc.issuing_country == "GT"
    with pytest.raises(InvalidInput) as error:
        IdentityDocument.create("library_card", "1", None)
    assert error.value.problems[0].field == "kind"


def test_addresses_are_in_mexico_or_the_us() -> None:
    assert Address.create("MEX", "Calle 5", "Tijuana", "BC", "22000", NOW).country == "MX"
    with pytest.raises(InvalidInput) as error:
        Address.create("GT", "Zona 1", "Guatemala", None, None, NOW)
    assert error.value.problems[0].field == "country"
