"""Names are kept exactly as written, in any script; malformed ones name the bad field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.registry.domain.names import Alias, PersonName
from puente.shared.errors import InvalidInput


@pytest.mark.parametrize(
    ("given", "first", "second"),
    [
        ("María José", "de la Cruz", "Hernández"),
        ("José Luis", "del Valle", None),
        ("Jean-Baptiste", "Saint-Fleur", None),
        ("João", "da Conceição", "dos Santos"),
        ("Ixchel", "Tzul", "K'iche'"),
        ("Анна", "Иванова", None),
        ("محمد", "الحسن", None),
        ("伟", "王", None),
    ],
)
def test_names_in_any_script_are_kept_as_written(
    given: str, first: str, second: str | None
) -> None:
    name = PersonName.create(given, first, second)
    assert (name.given_names, name.first_surname, name.second_surname) == (given, first, second)
    assert name.as_written == " ".join(p for p in (given, first, second) if p)


def test_particles_stay_in_the_surname() -> None:
    name = PersonName.create("Guadalupe", "de la Cruz", "del Río")
    assert name.first_surname == "de la Cruz"
    assert name.surnames == "de la Cruz del Río"


def test_name_as_written_is_kept_apart_from_the_parts() -> None:
    name = PersonName.create("Jesús", "Martínez", "Cruz", as_written="Chuy MARTINEZ CRUZ")
    assert name.as_written == "Chuy MARTINEZ CRUZ"
    assert name.given_names == "Jesús"


@pytest.mark.parametrize(
    ("given", "first", "field", "fragment"),
    [
        ("", "López", "given_names", "required"),
        ("Ana", "   ", "first_surname", "required"),
        ("Ana3", "López", "given_names", "'3'"),
        ("Ana", "López<script>", "first_surname", "'<'"),
        ("---", "López", "given_names", "letter"),
        ("A" * 121, "López", "given_names", "longer"),
    ],
)
def test_malformed_names_name_the_field(given: str, first: str, field: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as error:
        PersonName.create(given, first)
    assert error.value.problems[0].field == field
    assert fragment in error.value.problems[0].message


def test_every_bad_part_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as error:
        PersonName.create("", "L0pez", "Cruz!")
    assert [p.field for p in error.value.problems] == [
        "given_names",
        "first_surname",
        "second_surname",
    ]


def test_alias_kind_is_checked() -> None:
    assert Alias.create("Chuy", "nickname").text == "Chuy"
    with pytest.raises(InvalidInput) as error:
        Alias.create("Chuy", "pet_name")
    assert error.value.problems[0].field == "kind"


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=40))
def test_any_letters_are_a_valid_name_kept_byte_for_byte(text: str) -> None:
    assert PersonName.create(text, text).given_names == text
