"""Property tests: the text edits behave for any name, and populations keep their invariants."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from puente.synth import generate_population
from puente.synth.noise import hyphen_variant, phonetic_respelling, strip_accents, typo

NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzáéíóúñüçèàABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÑ'"
names = st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=24)


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting a transposition of neighbours as one edit."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@given(names, st.integers(0, 2**32))
def test_a_typo_is_exactly_one_edit(text: str, seed: int) -> None:
    assert _osa_distance(text, typo(text, Random(seed))) == 1


@given(names)
def test_stripping_accents_is_idempotent_and_complete(text: str) -> None:
    plain = strip_accents(text)
    assert strip_accents(plain) == plain
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", plain))
    assert len(plain) == len(unicodedata.normalize("NFC", text))


@given(names, st.integers(0, 2**32))
def test_phonetic_respelling_changes_at_most_a_little(text: str, seed: int) -> None:
    out = phonetic_respelling(text, Random(seed))
    assert abs(len(out) - len(text)) <= 2
    assert _osa_distance(text.lower(), out.lower()) <= 2


@given(st.lists(st.text("abcdefghij", min_size=1, max_size=6), min_size=2, max_size=3))
def test_hyphen_variants_keep_the_letters(parts: list[str]) -> None:
    text = "-".join(p.capitalize() for p in parts)
    out = hyphen_variant(text, Random(len(text)))
    assert "-" not in out
    assert out.replace(" ", "").lower() == text.replace("-", "").lower()


@settings(max_examples=12, deadline=None)
@given(
    people=st.integers(1, 300),
    seed=st.integers(0, 2**31),
    duplicate_rate=st.floats(0.0, 1.0),
)
def test_population_invariants(people: int, seed: int, duplicate_rate: float) -> None:
    pop = generate_population(people, seed, duplicate_rate=duplicate_rate)
    records, truth = pop.records, pop.truth
    assert truth["person_id"].nunique() == people
    assert len(records) >= people
    assert records["record_id"].is_unique
    assert truth["record_id"].tolist() == records["record_id"].tolist()
    assert set(pop.noise["record_id"]) <= set(records["record_id"])
    assert (records["first_surname"] != "").all()
    assert (records["given_names"] != "").all()
    # Record ids follow the chronological order of registration.
    assert records["registered_at"].map(_utc).is_monotonic_increasing


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
