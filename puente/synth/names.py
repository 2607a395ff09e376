"""Name tables compiled into arrays, and per-nationality sampling of given names and surnames.

Names are drawn as indices into global tables so that a million people cost a few vector ops;
strings are only looked up at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from puente.synth import names_hispanic as hisp
from puente.synth import names_hispanic_surnames as hisp_surnames
from puente.synth import names_other as other
from puente.synth import names_world as world
from puente.synth.demography import COUNTRIES

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.object_]

REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "CAM": ("HN", "GT", "SV", "NI"),  # Central America
}
MAYA = "GT_MAYA"  # name group of Mayan-speaking Guatemalans
# Name groups are passed around as int codes: the countries in table order, then MAYA.
GROUPS: tuple[str, ...] = (*COUNTRIES, MAYA)
# Mayan surnames are rare among Guatemalans overall but make up about half of Mayan speakers'.
_MAYA_BOOST = 30.0

# Probability of a second given name and of a second surname, by naming culture.
SECOND_GIVEN: dict[str, float] = {"hispanic": 0.42, "haitian": 0.25, "brazilian": 0.2, "other": 0.0}
SECOND_SURNAME: dict[str, float] = {
    "hispanic": 0.96,
    "haitian": 0.0,
    "brazilian": 0.6,
    "other": 0.0,
}

FEMALE, MALE = 0, 1


@dataclass(frozen=True)
class _Entry:
    text: str
    female_text: str
    weight: float
    tags: frozenset[str]
    culture: str
    sex: int  # FEMALE, MALE, or -1 for surnames
    compound: bool


def _parse(
    block: str, culture: str, sex: int, *, compound: bool = False, sex_in_tags: bool = False
) -> list[_Entry]:
    entries = []
    for line in block.strip().splitlines():
        parts = line.split(":")
        text, weight = parts[0], float(parts[1])
        tags = parts[2].split() if len(parts) > 2 else []
        entry_sex = sex
        if sex_in_tags:
            entry_sex = FEMALE if tags[0] == "F" else MALE
            tags = tags[1:]
        expanded: set[str] = set()
        for tag in tags:
            expanded.update(REGION_ALIASES.get(tag, (tag,)))
        male_text, _, female_text = text.partition("|")
        entries.append(
            _Entry(
                male_text,
                female_text or male_text,
                weight,
                frozenset(expanded),
                culture,
                entry_sex,
                compound or " " in male_text,
            )
        )
    return entries


def _mapping(block: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for line in block.strip().splitlines():
        key, _, values = line.partition(":")
        out[key] = tuple(values.split())
    return out


def _culture(group: str) -> str:
    return "hispanic" if group == MAYA else COUNTRIES[group].culture


def _applies(entry: _Entry, group: str) -> float:
    """Weight multiplier of an entry for a name group (0 when it does not apply)."""
    if entry.culture != _culture(group):
        return 0.0
    if not entry.tags:
        return 1.0
    if group == MAYA:
        if "MAYA" in entry.tags:
            return _MAYA_BOOST
        return 1.0 if "GT" in entry.tags else 0.0
    return 1.0 if group in entry.tags else 0.0


@dataclass(frozen=True)
class NameTables:
    """All names as arrays, with sampling distributions per name group and sex."""

    given: StrArray
    given_entries: tuple[_Entry, ...]
    surname_male: StrArray
    surname_female: StrArray
    surname_entries: tuple[_Entry, ...]
    nicknames: dict[tuple[str, str], tuple[str, ...]]  # (culture, formal name) -> nicknames
    creole: dict[str, tuple[str, ...]]

    def first_given_p(self, group: str, sex: int) -> npt.NDArray[np.float64]:
        return _given_p(group, sex, allow_compound=True)

    def second_given_p(self, group: str, sex: int) -> npt.NDArray[np.float64]:
        return _given_p(group, sex, allow_compound=False)

    def surname_p(self, group: str) -> npt.NDArray[np.float64]:
        return _surname_p(group)


def _normalised(weights: Iterable[float]) -> npt.NDArray[np.float64]:
    arr = np.fromiter(weights, dtype=np.float64)
    total = arr.sum()
    if total <= 0:
        raise ValueError("a name group has no names")
    out: npt.NDArray[np.float64] = arr / total
    return out


_USUAL_SECOND = frozenset(hisp.USUAL_SECOND.split())


def _second_factor(entry: _Entry) -> float:
    if entry.culture != "hispanic":
        return 1.0
    return 4.0 if entry.text in _USUAL_SECOND else 0.4


@cache
def _given_p(group: str, sex: int, *, allow_compound: bool) -> npt.NDArray[np.float64]:
    tables = name_tables()
    return _normalised(
        e.weight * _applies(e, group) * (1.0 if allow_compound else _second_factor(e))
        if e.sex == sex and (allow_compound or not e.compound)
        else 0.0
        for e in tables.given_entries
    )


@cache
def _surname_p(group: str) -> npt.NDArray[np.float64]:
    return _normalised(e.weight * _applies(e, group) for e in name_tables().surname_entries)


@cache
def name_tables() -> NameTables:
    """The compiled tables (built once per process)."""
    given = (
        _parse(hisp.FEMALE_GIVEN, "hispanic", FEMALE)
        + _parse(hisp.FEMALE_COMPOUND, "hispanic", FEMALE, compound=True)
        + _parse(hisp.MALE_GIVEN, "hispanic", MALE)
        + _parse(hisp.MALE_COMPOUND, "hispanic", MALE, compound=True)
        + _parse(world.HAITIAN_FEMALE, "haitian", FEMALE)
        + _parse(world.HAITIAN_MALE, "haitian", MALE)
        + _parse(world.BRAZILIAN_FEMALE, "brazilian", FEMALE)
        + _parse(world.BRAZILIAN_MALE, "brazilian", MALE)
        + _parse(other.OTHER_GIVEN, "other", -1, sex_in_tags=True)
    )
    surnames = (
        _parse(hisp_surnames.SURNAMES, "hispanic", -1)
        + _parse(world.HAITIAN_SURNAMES, "haitian", -1)
        + _parse(world.BRAZILIAN_SURNAMES, "brazilian", -1)
        + _parse(other.OTHER_SURNAMES, "other", -1)
    )
    nicknames = {("hispanic", k): v for k, v in _mapping(hisp.NICKNAMES).items()}
    nicknames |= {("brazilian", k): v for k, v in _mapping(world.BRAZILIAN_NICKNAMES).items()}
    return NameTables(
        given=np.array([e.text for e in given], dtype=object),
        given_entries=tuple(given),
        surname_male=np.array([e.text for e in surnames], dtype=object),
        surname_female=np.array([e.female_text for e in surnames], dtype=object),
        surname_entries=tuple(surnames),
        nicknames=nicknames,
        creole=_mapping(world.CREOLE_ALTERNATIONS),
    )


def sample_given(
    rng: np.random.Generator, groups: IntArray, sexes: IntArray
) -> tuple[IntArray, IntArray]:
    """First and second given-name indices per person (second is -1 when there is none)."""
    tables = name_tables()
    n = len(groups)
    first = np.empty(n, dtype=np.int64)
    second = np.full(n, -1, dtype=np.int64)
    n_given = len(tables.given)
    draw = rng.random(n)
    for code in np.unique(groups).tolist():
        group = GROUPS[code]
        in_group = groups == code
        wants_second = draw < SECOND_GIVEN[_culture(group)]
        for sex in (FEMALE, MALE):
            idx = np.flatnonzero(in_group & (sexes == sex))
            if idx.size == 0:
                continue
            first[idx] = rng.choice(n_given, size=idx.size, p=tables.first_given_p(group, sex))
            two = idx[wants_second[idx] & ~_is_compound()[first[idx]]]
            if two.size:
                second[two] = rng.choice(
                    n_given, size=two.size, p=tables.second_given_p(group, sex)
                )
    # A repeated name ("Juan Juan") is not a real compound: drop the second.
    second[second == first] = -1
    return first, second


@cache
def _is_compound() -> npt.NDArray[np.bool_]:
    return np.array([e.compound for e in name_tables().given_entries], dtype=bool)


def sample_surnames(rng: np.random.Generator, groups: IntArray) -> tuple[IntArray, IntArray]:
    """Two independent surname indices per person; the second is -1 where the culture has one."""
    tables = name_tables()
    n = len(groups)
    first = np.empty(n, dtype=np.int64)
    second = np.full(n, -1, dtype=np.int64)
    n_surnames = len(tables.surname_male)
    for code in np.unique(groups).tolist():
        group = GROUPS[code]
        idx = np.flatnonzero(groups == code)
        p = tables.surname_p(group)
        first[idx] = rng.choice(n_surnames, size=idx.size, p=p)
        has_second = idx[rng.random(idx.size) < SECOND_SURNAME[_culture(group)]]
        second[has_second] = rng.choice(n_surnames, size=has_second.size, p=p)
    return first, second


def culture_of(group: str) -> str:
    """Naming culture of a name group (alpha-2 or ``MAYA``)."""
    return _culture(group)
