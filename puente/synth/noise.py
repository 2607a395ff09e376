"""Noise on repeat registrations: the rates, and the name edits real registration data shows.

A repeat registration of a person is a copy of their first one with some of these edits applied;
each edit that changed something is logged so tests and benchmarks can tell what happened.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from random import Random
from types import MappingProxyType

from puente.synth.names import name_tables

# Names of the noise kinds, in the order they are applied.
NAME_KINDS = (
    "nickname",
    "given_name_shortened",
    "second_surname_dropped",
    "creole_alternation",
    "hyphen_variation",
    "phonetic_spelling",
    "typo",
    "accent_dropped",
    "case_changed",
    "surnames_swapped",
    "surnames_merged",
    "given_surname_swapped",
)
OTHER_KINDS = (
    "day_month_swapped",
    "date_digit_off",
    "day_dropped",
    "year_only",
    "estimated_age",
    "phone_changed",
    "phone_missing",
    "sex_unspecified",
    "language_changed",
)
NOISE_KINDS = NAME_KINDS + OTHER_KINDS


def _default_factors() -> Mapping[str, Mapping[str, float]]:
    transliterated = {"typo": 2.0, "given_surname_swapped": 2.0}
    return MappingProxyType(
        {
            # Creole names written down by Spanish-speaking staff: many spellings per name.
            "HT": {
                "typo": 2.0,
                "phonetic_spelling": 2.5,
                "accent_dropped": 1.5,
                "given_surname_swapped": 2.5,
            },
            # Mayan speakers, often without documents, registered through interpreters.
            "GT": {"typo": 1.5, "phonetic_spelling": 1.5, "estimated_age": 1.5},
            # Brazilian order (mother's surname first) confuses Spanish-language forms.
            "BR": {"surnames_swapped": 2.5, "second_surname_dropped": 1.5},
            # Mexicans, Cubans and Venezuelans mostly carry identity documents.
            "MX": {"estimated_age": 0.5, "year_only": 0.5},
            "CU": {"estimated_age": 0.5, "year_only": 0.5},
            "VE": {"estimated_age": 0.5, "year_only": 0.5},
            "RU": transliterated,
            "UA": transliterated,
            "IN": transliterated,
            "CN": {"typo": 2.0, "given_surname_swapped": 5.0},
            "MM": {"typo": 2.0, "given_surname_swapped": 5.0},
        }
    )


@dataclass(frozen=True)
class NoiseRates:
    """Probability that a repeat registration shows each kind of noise, where it can apply.

    "Where it can apply" means e.g. a nickname only for given names that have one, a swap of day
    and month only when the day is 12 or less. ``by_nationality`` multiplies a rate for people of
    one nationality (alpha-2); results above 1 are capped.
    """

    nickname: float = 0.2
    given_name_shortened: float = 0.25
    second_surname_dropped: float = 0.12
    creole_alternation: float = 0.3  # Haitian names only
    hyphen_variation: float = 0.3
    phonetic_spelling: float = 0.05
    typo: float = 0.06
    accent_dropped: float = 0.3
    case_changed: float = 0.25
    surnames_swapped: float = 0.03
    surnames_merged: float = 0.03
    given_surname_swapped: float = 0.02
    day_month_swapped: float = 0.04
    date_digit_off: float = 0.03
    day_dropped: float = 0.02
    year_only: float = 0.03
    estimated_age: float = 0.04
    phone_changed: float = 0.15
    phone_missing: float = 0.1
    sex_unspecified: float = 0.01
    language_changed: float = 0.15
    by_nationality: Mapping[str, Mapping[str, float]] = field(default_factory=_default_factors)

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name == "by_nationality":
                continue
            value = getattr(self, f.name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"noise rate {f.name}={value} is not a probability")
        for country, factors in self.by_nationality.items():
            unknown = set(factors) - set(NOISE_KINDS)
            if unknown:
                raise ValueError(f"unknown noise kinds for {country}: {sorted(unknown)}")

    def rate(self, kind: str, country: str) -> float:
        """The rate of ``kind`` for people of ``country``."""
        factor = self.by_nationality.get(country, {}).get(kind, 1.0)
        return min(1.0, float(getattr(self, kind)) * factor)


@cache
def strip_accents(text: str) -> str:
    """Drop diacritics (á → a, ñ → n, ç → c) but keep apostrophes and hyphens."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(text: str, rnd: Random) -> str:
    """One character inserted, deleted, substituted, or two neighbours transposed."""
    if len(text) < 2:
        return text + rnd.choice(_LETTERS)
    op = rnd.randrange(4)
    pos = rnd.randrange(len(text))
    letter = rnd.choice(_LETTERS)
    if text[pos].isupper():
        letter = letter.upper()
    if op == 0:
        return text[:pos] + letter + text[pos:]
    if op == 1:
        return text[:pos] + text[pos + 1 :]
    if op == 3:
        pairs = [i for i in range(len(text) - 1) if text[i] != text[i + 1]]
        if pairs:
            i = rnd.choice(pairs)
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if text[pos].lower() == letter.lower():
        letter = "x" if letter.lower() != "x" else "z"
    return text[:pos] + letter + text[pos + 1 :]


# Spellings a Spanish-speaking clerk hears the same way (lowercase, with the replacement).
_PHONETIC: tuple[tuple[str, str], ...] = (
    ("v", "b"),
    ("b", "v"),
    ("ll", "y"),
    ("y", "ll"),
    ("z", "s"),
    ("s", "z"),
    ("ce", "se"),
    ("ci", "si"),
    ("ge", "je"),
    ("gi", "ji"),
    ("je", "ge"),
    ("x", "j"),
    ("th", "t"),
    ("ph", "f"),
    ("w", "gu"),
    ("ey", "ei"),
    ("ck", "k"),
    ("h", ""),
    ("ou", "u"),
    ("ie", "ye"),
    ("nn", "n"),
    ("ss", "s"),
)


def phonetic_respelling(text: str, rnd: Random) -> str:
    """Apply one sound-alike spelling change somewhere in the text (unchanged if none fits)."""
    lower = text.lower()
    options = []
    for old, new in _PHONETIC:
        i = lower.find(old)
        while i >= 0:
            options.append((i, old, new))
            i = lower.find(old, i + 1)
    if not options:
        return text
    i, old, new = rnd.choice(options)
    original = text[i : i + len(old)]
    if original[:1].isupper():
        new = new.upper() if original.isupper() else new.capitalize()
    return text[:i] + new + text[i + len(old) :]


def hyphen_variant(text: str, rnd: Random) -> str:
    """Jean-Baptiste → Jean Baptiste or Jeanbaptiste; Saint-Fleur → St-Fleur or St. Fleur."""
    if text.startswith("Saint") and rnd.random() < 0.5:
        return "St" + text[5:].replace("-", rnd.choice(("-", " ", ". ")), 1)
    parts = text.split("-")
    if rnd.random() < 0.6:
        return " ".join(parts)
    return parts[0] + "".join(p.lower() for p in parts[1:])


def creole_variant(text: str, rnd: Random) -> str:
    """Replace one French-spelt part of a Haitian name with a Creole or Hispanicised spelling."""
    creole = name_tables().creole
    tokens = text.replace("-", " - ").split(" ")
    candidates = [i for i, t in enumerate(tokens) if t in creole]
    if not candidates:
        return text
    i = rnd.choice(candidates)
    tokens[i] = rnd.choice(creole[tokens[i]])
    return " ".join(tokens).replace(" - ", "-")


def has_creole_token(text: str) -> bool:
    creole = name_tables().creole
    return any(t in creole for t in text.replace("-", " ").split())


def nickname_for(given_names: str, culture: str) -> tuple[str, ...]:
    """Nicknames for the first part of a given name that has any ("José Luis" → Pepe, Chepe)."""
    nicknames = name_tables().nicknames
    for token in given_names.split():
        found = nicknames.get((culture, token))
        if found:
            return found
    return ()
