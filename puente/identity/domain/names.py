"""Name normalisation for comparison: folding, particles, nicknames, surname sets, phonetic keys.

Everything here derives comparison keys; the names as written are never changed in storage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from puente.identity.domain.nicknames import NICKNAMES

# Joining words inside names ("de la Cruz", "dos Santos", "Pérez y López", "D'Oliveira").
PARTICLES: frozenset[str] = frozenset(
    {
        "de",
        "del",
        "la",
        "las",
        "los",
        "y",
        "e",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "des",
        "le",
        "d",
        "l",
    }
)

_NON_LETTERS = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = "'’ʼ`´"
# "D'Oliveira", "L'Ouverture": an elided particle, split off. Elsewhere an apostrophe is a
# glottal stop inside one word ("B'alam", "Tz'unun", "K'iche'") and is simply dropped.
_ELISION = re.compile(rf"\b([dl])[{_APOSTROPHES}]")
_INNER_APOSTROPHE = re.compile(rf"[{_APOSTROPHES}]")

# Spelling rules that collapse Spanish, French, Haitian Creole and Portuguese spellings of the
# same sounds, applied in order ("Joseph"/"Jozèf", "Guerline"/"Gerlin", "Jacques"/"Jak").
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ph", "f"),
        (r"pt", "t"),
        (r"th", "t"),
        (r"sch", "x"),
        (r"sh|ch", "x"),
        (r"ck|qu|q", "k"),
        (r"gu(?=[ei])", "g"),
        (r"g(?=[ei])", "j"),
        (r"c(?=[ei])", "s"),
        (r"c", "k"),
        (r"z", "s"),
        (r"w", "u"),
        (r"y", "i"),
        (r"v", "b"),
        (r"eau|au", "o"),
        (r"ou", "u"),
        (r"ei|ai", "e"),
        (r"ea", "a"),
        (r"(?<=[a-z])h|^h", ""),
        (r"(.)\1+", r"\1"),
        (r"(?<=..)(?:es|e|s|t|x|d)+$", ""),
    )
)


# Registration data repeats the same names endlessly: caching per distinct string keeps a million
# records to a few hundred thousand normalisations.
_CACHE_SIZE = 1 << 20


@lru_cache(maxsize=_CACHE_SIZE)
def fold(text: str | None) -> str:
    """Accents stripped, case folded, punctuation to single spaces: for comparison only."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters that NFKD does not decompose into a base letter.
    stripped = stripped.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe")
    stripped = _INNER_APOSTROPHE.sub("", _ELISION.sub(r"\1 ", stripped))
    return _NON_LETTERS.sub(" ", stripped).strip()


@lru_cache(maxsize=_CACHE_SIZE)
def name_tokens(text: str | None) -> tuple[str, ...]:
    """Folded words of a name without joining particles, unless the name is nothing else."""
    words = tuple(fold(text).split())
    meaningful = tuple(word for word in words if word not in PARTICLES)
    return meaningful or words


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_given_tokens(given_names: str | None) -> tuple[str, ...]:
    """Given-name words with nicknames replaced by the full names they stand for."""
    folded = " ".join(name_tokens(given_names))
    whole = NICKNAMES.get(folded)
    if whole is not None:
        return tuple(whole.split())
    tokens: list[str] = []
    for token in folded.split():
        tokens.extend(NICKNAMES.get(token, token).split())
    return tuple(dict.fromkeys(tokens))


@lru_cache(maxsize=_CACHE_SIZE)
def phonetic_key(token: str) -> str:
    """A coarse sound key, so spelling variants of one name (common in Haitian names) agree."""
    key = token
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key or token


@dataclass(frozen=True, slots=True)
class GivenKeys:
    tokens: tuple[str, ...]
    phonetic: tuple[str, ...]

    @property
    def full(self) -> str | None:
        return " ".join(self.tokens) or None

    @property
    def key(self) -> str | None:
        return self.tokens[0] if self.tokens else None


@dataclass(frozen=True, slots=True)
class SurnameKeys:
    tokens: tuple[str, ...]
    # Each surname on its own plus both run together: any shared entry is a shared surname.
    keys: tuple[str, ...]
    phonetic: tuple[str, ...]

    @property
    def joined(self) -> str | None:
        """Both surnames run together, so "Martínez Cruz" and "MARTINEZCRUZ" agree."""
        return "".join(self.tokens) or None

    @property
    def sorted(self) -> str | None:
        """Surnames in a fixed order, so "Martínez Cruz" and "Cruz Martínez" agree."""
        return " ".join(sorted(self.tokens)) or None

    @property
    def key(self) -> str | None:
        return self.tokens[0] if self.tokens else None


@lru_cache(maxsize=_CACHE_SIZE)
def given_keys(given_names: str | None) -> GivenKeys:
    tokens = canonical_given_tokens(given_names)
    return GivenKeys(tokens, tuple(dict.fromkeys(phonetic_key(t) for t in tokens)))


@lru_cache(maxsize=_CACHE_SIZE)
def surname_keys(first_surname: str | None, second_surname: str | None) -> SurnameKeys:
    tokens = tuple(dict.fromkeys(name_tokens(first_surname) + name_tokens(second_surname)))
    keys = (*tokens, "".join(tokens)) if len(tokens) > 1 else tokens
    return SurnameKeys(tokens, keys, tuple(dict.fromkeys(phonetic_key(k) for k in keys)))


def pair_key(given_key: str | None, surname_key: str | None) -> str | None:
    """Two keys in a fixed order: blind to given name and surname being swapped."""
    if given_key is None or surname_key is None:
        return None
    return "|".join(sorted((given_key, surname_key)))


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Comparison keys of one person's name, as the linkage model and blocking rules use them."""

    given: GivenKeys
    surname: SurnameKeys

    @property
    def name_pair_key(self) -> str | None:
        return pair_key(self.given.key, self.surname.key)

    @property
    def phonetic_pair_key(self) -> str | None:
        if self.given.key is None or self.surname.key is None:
            return None
        return pair_key(phonetic_key(self.given.key), phonetic_key(self.surname.key))


def name_keys(
    given_names: str | None, first_surname: str | None, second_surname: str | None
) -> NameKeys:
    """Comparison keys from the three name fields as written at registration."""
    return NameKeys(given_keys(given_names), surname_keys(first_surname, second_surname))


def _same_name(left: str, right: str) -> bool:
    return (
        left == right or phonetic_key(left) == phonetic_key(right) or _within_one_edit(left, right)
    )


def _unmatched(parts: tuple[str, ...], others: tuple[str, ...]) -> int:
    return sum(not any(_same_name(part, other) for other in others) for part in parts)


def _parts_conflict(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Both give two or more parts and each has a part the other lacks ("José Daniel" and
    "José Antonio", "García Aguilar" and "Méndez García"); a dropped part is no conflict."""
    if len(left) < 2 or len(right) < 2:
        return False
    return _unmatched(left, right) > 0 and _unmatched(right, left) > 0


# Clustering asks about the same pairs of names again and again (a person's records mostly repeat
# one spelling), so answers are kept.
@lru_cache(maxsize=_CACHE_SIZE)
def names_compatible(left: NameKeys, right: NameKeys) -> bool:
    """Whether two names could belong to one person, given every variation the model allows.

    Used to stop clustering from joining, or chaining through a third record, two people whose
    names only look alike: twins (same date, surnames and phone), cousins with one surname in
    common, brothers "José Daniel" and "José Antonio".
    """
    given_left = set(left.given.tokens) | set(left.given.phonetic)
    given_right = set(right.given.tokens) | set(right.given.phonetic)
    surname_left = set(left.surname.keys) | set(left.surname.phonetic)
    surname_right = set(right.surname.keys) | set(right.surname.phonetic)
    swapped = given_left & surname_right and surname_left & given_right
    if swapped and not given_left & given_right:
        return True  # given name and surname swapped: the model weighs that as a whole
    tokens_left, tokens_right = left.given.tokens, right.given.tokens
    if tokens_left and tokens_right:
        if _unmatched(tokens_left, tokens_right) == len(tokens_left):
            return False
        if _parts_conflict(tokens_left, tokens_right):
            return False
    return not _parts_conflict(left.surname.tokens, right.surname.tokens)


def _within_one_edit(left: str, right: str) -> bool:
    """One substitution, insertion, deletion or adjacent transposition apart (typing slips)."""
    if abs(len(left) - len(right)) > 1:
        return False
    if len(left) == len(right):
        differing = [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
        if len(differing) <= 1:
            return True
        first, second = differing[0], differing[-1]
        return (
            len(differing) == 2
            and second == first + 1
            and left[first] == right[second]
            and left[second] == right[first]
        )
    shorter, longer = sorted((left, right), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
