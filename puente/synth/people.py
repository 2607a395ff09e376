"""The synthetic people: single adults, unaccompanied children and family units, as columns.

Nationality and demographic split follow CBP's FY2021 southwest-border counts; ages, sexes, family
shapes, vulnerabilities and phones follow the assumptions documented in docs/synth.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from puente.synth import names
from puente.synth.demography import (
    CBP_FY2021_SOUTHWEST,
    CBP_LABEL_TO_ALPHA2,
    COUNTRIES,
    MAYAN_LANGUAGES,
    OTHER_SPLIT,
)
from puente.synth.phones import random_phones

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.object_]

SINGLE_ADULT, UNACCOMPANIED, FAMILY = 0, 1, 2
HEAD, SPOUSE, CHILD, PARENT, SIBLING, GRANDPARENT, OTHER = range(7)
RELATIONSHIPS = ("head", "spouse", "child", "parent", "sibling", "grandparent", "other")
VULNERABILITIES = (
    "medical",
    "disability",
    "pregnancy",
    "lgbtqi_at_risk",
    "survivor_of_violence",
    "unaccompanied_child",
    "elderly",
    "single_caregiver",
)
_VULN_BIT = {name: 1 << i for i, name in enumerate(VULNERABILITIES)}

# Countries and languages are carried as int codes into these tuples (sorting strings is slow).
COUNTRY_LIST: tuple[str, ...] = tuple(COUNTRIES)
LANGUAGE_LIST: tuple[str, ...] = tuple(
    sorted({code for c in COUNTRIES.values() for code, _ in c.languages})
)
_CULTURES = ("hispanic", "haitian", "brazilian", "other")
HISPANIC, _HAITIAN, BRAZILIAN, _OTHER_CULTURE = range(4)

# Family-unit sizes 2..7 (CBP counts each member; families are mostly a parent with one or two
# children).
FAMILY_SIZE_P = np.array([0.42, 0.30, 0.16, 0.08, 0.03, 0.01])
# Unaccompanied children's ages: mostly 14-17 (ORR FY2021 profile); few under 12, very few
# under 6.
_UAC_AGE_P = np.array([0.002] * 6 + [0.008] * 6 + [0.05, 0.08, 0.13, 0.20, 0.25, 0.23])
_UAC_AGE_P = _UAC_AGE_P / _UAC_AGE_P.sum()


@dataclass(frozen=True)
class People:
    """One row per person, grouped by unit (a single adult, a child alone, or a family)."""

    country: IntArray  # index into COUNTRY_LIST
    language: IntArray  # index into LANGUAGE_LIST
    sex: IntArray  # names.FEMALE or names.MALE
    age: IntArray  # whole years at the first registration
    unit: IntArray
    unit_kind: IntArray  # per unit: SINGLE_ADULT, UNACCOMPANIED or FAMILY
    relationship: IntArray  # HEAD…OTHER, -1 outside families
    given1: IntArray
    given2: IntArray
    surname1: IntArray
    surname2: IntArray
    vulnerabilities: IntArray  # bit set over VULNERABILITIES
    phone: StrArray  # "" when the person gave none
    twin_of: IntArray  # index of the twin born the same day, -1 for most people

    def __len__(self) -> int:
        return len(self.country)


def _country_cells() -> tuple[list[int], npt.NDArray[np.float64]]:
    """Countries and a (country × [single, unaccompanied, family]) probability matrix."""
    countries: list[int] = []
    rows: list[list[float]] = []
    for label, single, family, child, accompanied in CBP_FY2021_SOUTHWEST:
        # Accompanied minors travel with a parent: they are generated as family members.
        cells = [float(single), float(child), float(family + accompanied)]
        split = OTHER_SPLIT if label == "OTHER" else ((CBP_LABEL_TO_ALPHA2[label], 1.0),)
        for alpha2, share in split:
            countries.append(COUNTRY_LIST.index(alpha2))
            rows.append([c * share for c in cells])
    matrix = np.array(rows)
    return countries, matrix / matrix.sum()


def _family_sizes(rng: np.random.Generator, members: int) -> IntArray:
    """Family sizes adding up to exactly ``members`` (at least two each)."""
    draws = rng.choice(np.arange(2, 8), size=members // 2 + 1, p=FAMILY_SIZE_P)
    ends = np.cumsum(draws)
    k = int(np.searchsorted(ends, members))
    sizes = draws[: k + 1].copy()
    sizes[k] -= int(ends[k]) - members
    if sizes[k] == 1:
        sizes = sizes[:k]
        sizes[-1] += 1
    return sizes.astype(np.int64)


def _units(rng: np.random.Generator, n_people: int) -> tuple[IntArray, IntArray, IntArray]:
    """Country, kind and size of every unit, for exactly ``n_people`` people."""
    countries, p = _country_cells()
    counts = rng.multinomial(n_people, p.ravel()).reshape(p.shape)
    unit_country: list[IntArray] = []
    kinds: list[IntArray] = []
    sizes: list[IntArray] = []
    for i, country in enumerate(countries):
        single, child, family = (int(c) for c in counts[i])
        if family == 1:  # one person cannot form a family unit
            single, family = single + 1, 0
        fam_sizes = _family_sizes(rng, family) if family else np.zeros(0, dtype=np.int64)
        n_units = single + child + len(fam_sizes)
        unit_country.append(np.full(n_units, country, dtype=np.int64))
        kinds.append(
            np.repeat([SINGLE_ADULT, UNACCOMPANIED, FAMILY], [single, child, len(fam_sizes)])
        )
        sizes.append(np.concatenate([np.ones(single + child, dtype=np.int64), fam_sizes]))
    return np.concatenate(unit_country), np.concatenate(kinds), np.concatenate(sizes)


def _languages(rng: np.random.Generator, unit_country: IntArray) -> IntArray:
    out = np.empty(len(unit_country), dtype=np.int64)
    for country in np.unique(unit_country).tolist():
        idx = np.flatnonzero(unit_country == country)
        codes, shares = zip(*COUNTRIES[COUNTRY_LIST[country]].languages, strict=True)
        choices = np.array([LANGUAGE_LIST.index(c) for c in codes])
        out[idx] = rng.choice(choices, size=idx.size, p=np.array(shares))
    return out


def _roles(rng: np.random.Generator, kind: IntArray, size: IntArray) -> tuple[IntArray, IntArray]:
    """Relationship of each person to the head, and the index of their unit's head."""
    n_units = len(size)
    spouse = (size >= 3) & (rng.random(n_units) < 0.45)
    extra = (size - 1 - spouse >= 2) & (rng.random(n_units) < 0.12)
    extra_kind = rng.choice(
        [PARENT, SIBLING, GRANDPARENT, OTHER], size=n_units, p=[0.35, 0.4, 0.05, 0.2]
    )
    unit = np.repeat(np.arange(n_units), size)
    start = np.repeat(np.cumsum(size) - size, size)
    pos = np.arange(len(unit)) - start
    rel = np.where(
        pos == 0,
        HEAD,
        np.where(
            pos <= spouse[unit],
            SPOUSE,
            np.where(pos <= spouse[unit] + extra[unit], extra_kind[unit], CHILD),
        ),
    )
    rel = np.where(kind[unit] == FAMILY, rel, -1)
    return rel.astype(np.int64), start.astype(np.int64)


def _sexes_and_ages(
    rng: np.random.Generator, kind: IntArray, rel: IntArray, head: IntArray, unit: IntArray
) -> tuple[IntArray, IntArray]:
    n = len(rel)
    u = rng.random(n)
    has_spouse = np.zeros(len(kind), dtype=bool)
    has_spouse[unit[rel == SPOUSE]] = True
    # Assumptions: single adults ~80% men; lone family heads mostly mothers; children 50/50.
    female_p = np.select(
        [kind[unit] == SINGLE_ADULT, kind[unit] == UNACCOMPANIED, rel == HEAD],
        [0.2, 0.32, np.where(has_spouse[unit], 0.35, 0.75)],
        default=np.where(np.isin(rel, [PARENT, GRANDPARENT]), 0.6, 0.5),
    )
    sex = np.where(u < female_p, names.FEMALE, names.MALE)
    spouse_idx = np.flatnonzero(rel == SPOUSE)
    sex[spouse_idx] = 1 - sex[head[spouse_idx]]

    age = np.zeros(n, dtype=np.int64)
    single = kind[unit] == SINGLE_ADULT
    age[single] = np.minimum(18 + rng.gamma(2.0, 6.5, size=int(single.sum())), 80).astype(np.int64)
    uac = kind[unit] == UNACCOMPANIED
    age[uac] = rng.choice(18, size=int(uac.sum()), p=_UAC_AGE_P)
    heads = rel == HEAD
    age[heads] = np.minimum(19 + rng.gamma(3.0, 3.8, size=int(heads.sum())), 70).astype(np.int64)
    head_age = age[head]
    noise = rng.normal(0.0, 4.0, size=n)
    rules = {
        SPOUSE: np.maximum(18, head_age + noise),
        SIBLING: np.maximum(14, head_age + 1.5 * noise),
        PARENT: head_age + 22 + np.abs(noise) * 2,
        GRANDPARENT: np.maximum(head_age + 42 + np.abs(noise) * 2, 60),
        OTHER: 18 + rng.random(n) * 40,
        # Children are younger than the head by at least 15 years, and skew young.
        CHILD: np.minimum(17.99, np.maximum(head_age - 15, 1) * rng.random(n) ** 1.3),
    }
    for role, values in rules.items():
        mask = rel == role
        age[mask] = values[mask].astype(np.int64)
    return sex.astype(np.int64), age


def _parents(rel: IntArray, head: IntArray, sex: IntArray) -> tuple[IntArray, IntArray]:
    """Father and mother of each child in the unit (the head and spouse), -1 when absent."""
    spouse_of = np.full(len(rel), -1, dtype=np.int64)
    spouse_idx = np.flatnonzero(rel == SPOUSE)
    spouse_of[head[spouse_idx]] = spouse_idx
    partner = spouse_of[head]  # the head's spouse, per person (-1 when none)
    father = np.where(sex[head] == names.MALE, head, partner)
    mother = np.where(sex[head] == names.FEMALE, head, partner)
    return father, mother


def _twins(rng: np.random.Generator, rel: IntArray, unit: IntArray, age: IntArray) -> IntArray:
    """Pair about 3% of children with the previous child of their family as twins (in place
    for ages)."""
    n = len(rel)
    twin_of = np.full(n, -1, dtype=np.int64)
    if n < 2:
        return twin_of
    candidate = np.zeros(n, dtype=bool)
    candidate[1:] = (rel[1:] == CHILD) & (rel[:-1] == CHILD) & (unit[1:] == unit[:-1])
    candidate &= rng.random(n) < 0.03
    candidate[1:] &= ~candidate[:-1]  # no triplet chains
    idx = np.flatnonzero(candidate)
    twin_of[idx] = idx - 1
    age[idx] = age[idx - 1]
    return twin_of


def _juniors(
    rng: np.random.Generator,
    rel: IntArray,
    sex: IntArray,
    culture: IntArray,
    father: IntArray,
    given1: IntArray,
    given2: IntArray,
) -> None:
    """Name some Hispanic sons after their father (in place): same names, same family."""
    junior = (
        (rel == CHILD)
        & (sex == names.MALE)
        & (culture == HISPANIC)
        & (father >= 0)
        & (rng.random(len(rel)) < 0.08)
    )
    given1[junior] = given1[father[junior]]
    given2[junior] = given2[father[junior]]


def _family_surnames(
    rng: np.random.Generator,
    rel: IntArray,
    head: IntArray,
    sex: IntArray,
    culture: IntArray,
    parents: tuple[IntArray, IntArray],
    surnames: tuple[IntArray, IntArray],
) -> None:
    """Make relatives' surnames follow the head's, by each culture's naming rules (in place)."""
    n = len(rel)
    father, mother = parents
    s1, s2 = surnames

    wife = (rel == SPOUSE) & (culture == _OTHER_CULTURE)
    s1[wife] = s1[head[wife]]  # in these cultures a wife takes the husband's surname

    sibling = rel == SIBLING
    s1[sibling], s2[sibling] = s1[head[sibling]], s2[head[sibling]]
    parent = rel == PARENT
    from_mother = parent & (sex == names.FEMALE) & (s2[head] >= 0)
    s1[parent & ~from_mother] = s1[head[parent & ~from_mother]]
    s1[from_mother] = s2[head[from_mother]]

    child = rel == CHILD
    has_father = child & (father >= 0)
    has_mother = child & (mother >= 0)
    # Hispanic: father's first surname then mother's first surname.
    hisp = culture == HISPANIC
    m = has_father & hisp
    s1[m] = s1[father[m]]
    m = has_mother & hisp
    s2[m] = s1[mother[m]]
    # Brazilian: mother's last surname then father's last surname.
    braz = culture == BRAZILIAN
    last = np.where(s2 >= 0, s2, s1)
    m = has_mother & braz
    s1[m] = last[mother[m]]
    m = has_father & braz
    s2[m] = last[father[m]]
    # Single surname cultures: the father's, else the mother's.
    single = child & ~hisp & ~braz
    parent_idx = np.where(father >= 0, father, mother)
    s1[single] = s1[parent_idx[single]]
    # A child registered by only one parent sometimes carries that parent's surnames only.
    lone = child & hisp & ~has_father & (rng.random(n) < 0.3)
    s1[lone], s2[lone] = s1[mother[lone]], s2[mother[lone]]


def _vulnerabilities(
    rng: np.random.Generator,
    kind: IntArray,
    rel: IntArray,
    unit: IntArray,
    sex: IntArray,
    age: IntArray,
) -> IntArray:
    n = len(age)
    u = rng.random((5, n))
    flags = np.zeros(n, dtype=np.int64)
    has_child = np.zeros(len(kind), dtype=bool)
    has_child[unit[rel == CHILD]] = True
    has_spouse = np.zeros(len(kind), dtype=bool)
    has_spouse[unit[rel == SPOUSE]] = True
    conditions = {
        "medical": u[0] < 0.06,
        "disability": u[1] < 0.025,
        "pregnancy": (sex == names.FEMALE) & (age >= 16) & (age <= 44) & (u[2] < 0.07),
        "lgbtqi_at_risk": (age >= 16) & (u[3] < 0.025),
        "survivor_of_violence": (age >= 12) & (u[4] < 0.12),
        "unaccompanied_child": kind[unit] == UNACCOMPANIED,
        "elderly": age >= 60,
        "single_caregiver": (rel == HEAD) & has_child[unit] & ~has_spouse[unit],
    }
    for name, mask in conditions.items():
        flags[mask] |= _VULN_BIT[name]
    return flags


def _phones(
    rng: np.random.Generator,
    country: IntArray,
    kind: IntArray,
    rel: IntArray,
    unit: IntArray,
    head: IntArray,
    age: IntArray,
) -> StrArray:
    n = len(country)
    own = random_phones(rng, country, COUNTRY_LIST, home_share=0.2, us_share=0.08)
    u = rng.random(n)
    in_family = rel >= 0
    child = rel == CHILD
    # Share of people giving their own number, and (for family members) the head's instead.
    own_p = np.select(
        [kind[unit] == SINGLE_ADULT, kind[unit] == UNACCOMPANIED, rel == HEAD, child & (age < 12)],
        [0.88, 0.45, 0.92, 0.0],
        default=np.where(child, 0.3, 0.6),
    )
    head_p = np.where(in_family & (rel != HEAD), np.where(child & (age < 12), 0.5, 0.25), 0.0)
    phone = np.where(u < own_p, own, "")
    uses_head = (u >= own_p) & (u < own_p + head_p)
    phone[uses_head] = phone[head[uses_head]]
    return phone.astype(object)


def generate_people(rng: np.random.Generator, n_people: int) -> People:
    """Draw ``n_people`` people with the FY2021 nationality and demographic mix."""
    unit_country, kind, size = _units(rng, n_people)
    unit_language = _languages(rng, unit_country)
    rel, head = _roles(rng, kind, size)
    unit = np.repeat(np.arange(len(size)), size)
    country = unit_country[unit]
    language = unit_language[unit]
    sex, age = _sexes_and_ages(rng, kind, rel, head, unit)
    twin_of = _twins(rng, rel, unit, age)

    group = country.copy()
    mayan = [LANGUAGE_LIST.index(code) for code in MAYAN_LANGUAGES]
    group[(country == COUNTRY_LIST.index("GT")) & np.isin(language, mayan)] = len(COUNTRY_LIST)
    group_culture = [_CULTURES.index(names.culture_of(g)) for g in names.GROUPS]
    culture = np.array(group_culture, dtype=np.int64)[group]
    given1, given2 = names.sample_given(rng, group, sex)
    s1, s2 = names.sample_surnames(rng, group)
    father, mother = _parents(rel, head, sex)
    _juniors(rng, rel, sex, culture, father, given1, given2)
    _family_surnames(rng, rel, head, sex, culture, (father, mother), (s1, s2))

    return People(
        country=country,
        language=language,
        sex=sex,
        age=age,
        unit=unit,
        unit_kind=kind,
        relationship=rel,
        given1=given1,
        given2=given2,
        surname1=s1,
        surname2=s2,
        vulnerabilities=_vulnerabilities(rng, kind, rel, unit, sex, age),
        phone=_phones(rng, country, kind, rel, unit, head, age),
        twin_of=twin_of,
    )
