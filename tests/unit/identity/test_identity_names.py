"""Every name normalisation rule, one behaviour per test."""

from __future__ import annotations

import pytest

from puente.identity.domain.names import (
    canonical_given_tokens,
    fold,
    name_keys,
    name_tokens,
    names_compatible,
    phonetic_key,
)


def test_fold_strips_accents_and_case_for_comparison_only() -> None:
    written = "María José NÚÑEZ"
    assert fold(written) == "maria jose nunez"
    assert written == "María José NÚÑEZ"


def test_fold_turns_punctuation_into_single_spaces() -> None:
    assert fold("  Jean-Baptiste,  Pierre ") == "jean baptiste pierre"


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("de la Cruz", ("cruz",)),
        ("Del Valle", ("valle",)),
        ("Pérez y López", ("perez", "lopez")),
        ("dos Santos", ("santos",)),
        ("D'Oliveira", ("oliveira",)),
        ("De", ("de",)),
    ],
)
def test_particles_are_dropped_unless_they_are_the_whole_name(
    written: str, tokens: tuple[str, ...]
) -> None:
    assert name_tokens(written) == tokens


def test_glottal_stop_apostrophes_in_indigenous_names_stay_inside_the_word() -> None:
    assert name_tokens("B'alam") == name_tokens("Balam") == ("balam",)
    assert name_tokens("Tz’ununija’") == ("tzununija",)


@pytest.mark.parametrize(
    ("nickname", "full"),
    [
        ("Chuy", ("jesus",)),
        ("Pepe", ("jose",)),
        ("Paco", ("francisco",)),
        ("Lupe", ("guadalupe",)),
        ("Chema", ("jose", "maria")),
        ("Majo", ("maria", "jose")),
        ("Nacho", ("ignacio",)),
    ],
)
def test_nicknames_become_the_names_they_stand_for(nickname: str, full: tuple[str, ...]) -> None:
    assert canonical_given_tokens(nickname) == full


def test_nickname_inside_a_compound_given_name() -> None:
    assert canonical_given_tokens("Pepe Luis") == ("jose", "luis")


def test_double_surname_in_either_field_order_agrees_when_sorted() -> None:
    a = name_keys("Ana", "Martínez", "Cruz")
    b = name_keys("Ana", "Cruz", "Martínez")
    assert a.surname.joined != b.surname.joined
    assert a.surname.sorted == b.surname.sorted


def test_double_surname_merged_into_one_field_agrees_when_run_together() -> None:
    split = name_keys("Ana", "Martínez", "Cruz")
    merged = name_keys("ANA", "MARTINEZCRUZ", "")
    assert split.surname.joined == merged.surname.joined == "martinezcruz"
    assert set(split.surname.keys) & set(merged.surname.keys)


def test_second_surname_dropped_still_shares_the_first() -> None:
    full = name_keys("Ana", "Martínez", "Cruz")
    short = name_keys("Ana", "Martinez", "")
    assert full.surname.key == short.surname.key
    assert set(full.surname.keys) & set(short.surname.keys)


def test_compound_given_name_matches_in_full_or_in_part() -> None:
    full = name_keys("María José", "López", "")
    assert set(full.given.tokens) >= set(name_keys("María", "López", "").given.tokens)
    assert set(full.given.tokens) >= set(name_keys("José", "López", "").given.tokens)
    assert full.given.full == name_keys("MARIA JOSE", "LOPEZ", "").given.full


def test_given_name_and_surname_swapped_share_the_pair_key() -> None:
    right = name_keys("Josué", "Mejía", "")
    swapped = name_keys("Mejía", "Josué", "")
    assert right.name_pair_key == swapped.name_pair_key
    assert names_compatible(right, swapped)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Joseph", "Jozèf"),
        ("Guerline", "Gerline"),
        ("Jacques", "Jak"),
        ("Baptiste", "Batis"),
        ("Marie", "Mari"),
        ("Philomène", "Filomen"),
    ],
)
def test_haitian_and_french_spellings_share_a_phonetic_key(one: str, other: str) -> None:
    assert phonetic_key(fold(one)) == phonetic_key(fold(other))


def test_portuguese_names_fold_and_drop_particles() -> None:
    keys = name_keys("João Pedro", "dos Santos", "Conceição")
    assert keys.given.tokens == ("joao", "pedro")
    assert keys.surname.tokens == ("santos", "conceicao")


def test_person_with_a_single_name_has_no_surname_keys() -> None:
    keys = name_keys("Kawoq", "", "")
    assert keys.surname.joined is None
    assert keys.name_pair_key is None


def test_different_first_names_are_not_compatible() -> None:
    assert not names_compatible(name_keys("Ixchel", "Tzoc", ""), name_keys("Baltazar", "Tzoc", ""))


def test_a_typing_slip_in_the_first_name_stays_compatible() -> None:
    assert names_compatible(name_keys("Marvin", "Cux", ""), name_keys("Marvni", "Cux", ""))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("José Daniel", "Díaz", "García"), ("José Antonio", "Díaz", "García")),
        (("María", "García", "Aguilar"), ("María", "Méndez", "García")),
        (("Jean-Marc", "Jean-Louis", ""), ("Jean-Pierre", "Jean-Louis", "")),
    ],
)
def test_names_differing_in_a_part_both_give_are_not_compatible(
    one: tuple[str, str, str], other: tuple[str, str, str]
) -> None:
    assert not names_compatible(name_keys(*one), name_keys(*other))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("José Antonio", "Díaz", "García"), ("José", "Díaz", "")),
        (("María José", "García", "Aguilar"), ("MARIA JOSE", "GARCIAAGUILAR", "")),
        (("Eduardo", "Jiménez", "Díaz"), ("Eduardo", "Díaz", "Jiménez")),
        (("José Antonio", "Díaz", "García"), ("José Antnio", "Diaz", "Garcia")),
        (("Guerline", "Pierre", ""), ("Gerline", "Pierre", "")),
    ],
)
def test_dropped_merged_swapped_or_misspelt_parts_stay_compatible(
    one: tuple[str, str, str], other: tuple[str, str, str]
) -> None:
    assert names_compatible(name_keys(*one), name_keys(*other))
