"""Seeded generation of a synthetic registration population: records, ground truth, noise log.

``generate_population(people, seed)`` is the entry point; the same arguments always give the same
frames. Columns are described in ``puente.synth.export`` and docs/synth.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from puente.synth import apply, columns, names
from puente.synth.demography import CBP_FY2021_SOUTHWEST
from puente.synth.events import (
    CITY_LIST,
    MEAN_REPEATS,
    MEMBER_REPEATS,
    Registrations,
    build_registrations,
    first_registration_day,
)
from puente.synth.noise import NOISE_KINDS, NoiseRates
from puente.synth.people import (
    COUNTRY_LIST,
    FAMILY_SIZE_P,
    LANGUAGE_LIST,
    RELATIONSHIPS,
    UNACCOMPANIED,
    VULNERABILITIES,
    People,
    generate_people,
)

IntArray = npt.NDArray[np.int64]

DEFAULT_DUPLICATE_RATE = 0.3
RECORD_COLUMNS = (
    "record_id",
    "given_names",
    "first_surname",
    "second_surname",
    "name_as_written",
    "sex",
    "birth_date",
    "birth_precision",
    "nationality",
    "language",
    "phone",
    "family_id",
    "relationship",
    "unaccompanied_child",
    "vulnerabilities",
    "registered_at",
    "registration_city",
)
# Share of people whose own first registration already lacks an exact birth date (assumption).
_BASE_PRECISION_P = np.array([0.955, 0.005, 0.015, 0.025])


@dataclass(frozen=True)
class Population:
    """Registration records, the truth (record → person) and which noise each record got."""

    records: pd.DataFrame
    truth: pd.DataFrame
    noise: pd.DataFrame = field(repr=False)


def expected_records_per_person(duplicate_rate: float) -> float:
    """Mean records per person for a duplicate rate (family members can miss a repeat)."""
    total = sum(sa + fm + uc + am for _, sa, fm, uc, am in CBP_FY2021_SOUTHWEST)
    in_family = sum(fm + am for _, _, fm, _, am in CBP_FY2021_SOUTHWEST) / total
    mean_size = float(np.dot(np.arange(2, 8), FAMILY_SIZE_P))
    non_head = in_family * (1.0 - 1.0 / mean_size)
    inclusion = 1.0 - non_head * (1.0 - MEMBER_REPEATS)
    return 1.0 + duplicate_rate * MEAN_REPEATS * inclusion


def _rng_streams(seed: int) -> list[np.random.Generator]:
    # Independent streams per stage, so a change in one stage leaves the others' draws alone.
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]


def _person_names(people: People) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Given names, first and second surname of every person (surnames in the person's gender)."""
    tables = names.name_tables()
    given = pa.array(tables.given, type=pa.string())
    second = pc.if_else(
        pa.array(people.given2 >= 0), given.take(pa.array(np.maximum(people.given2, 0))), ""
    )
    female = pa.array(people.sex == names.FEMALE)
    male_names = pa.array(tables.surname_male, type=pa.string())
    female_names = pa.array(tables.surname_female, type=pa.string())

    def surname(idx: IntArray) -> pa.Array:
        at = pa.array(np.maximum(idx, 0))
        gendered = pc.if_else(female, female_names.take(at), male_names.take(at))
        return pc.if_else(pa.array(idx >= 0), gendered, "")

    first_given = given.take(pa.array(people.given1))
    return (
        columns.join_words(first_given, second),
        surname(people.surname1),
        surname(people.surname2),
    )


def _birth_dates(
    rng: np.random.Generator, people: People, first_day: npt.NDArray[np.datetime64]
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    days_back = (people.age * 365.25 + rng.random(len(people)) * 365.0).astype(np.int64)
    dob = first_day - days_back
    twins = np.flatnonzero(people.twin_of >= 0)
    dob[twins] = dob[people.twin_of[twins]]
    year = dob.astype("datetime64[Y]").astype(np.int64) + 1970
    month = dob.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (dob - dob.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    precision = rng.choice(4, size=len(people), p=_BASE_PRECISION_P)
    # Undocumented children's birth dates are usually known; estimated ages are adults'.
    precision[(precision == apply.ESTIMATED_AGE) & (people.age < 18)] = apply.EXACT
    return year, month, day, precision


def _birth_date_strings(
    rng: np.random.Generator,
    year: IntArray,
    month: IntArray,
    day: IntArray,
    precision: IntArray,
    age_at_registration: IntArray,
    registration_year: IntArray,
) -> pa.Array:
    # People who estimate their age round it, mostly to a multiple of five past 30.
    stated = age_at_registration + rng.integers(-1, 2, size=len(year))
    heaped = np.where((stated >= 30) & (rng.random(len(year)) < 0.5), (stated + 2) // 5 * 5, stated)
    est = precision == apply.ESTIMATED_AGE
    year = np.where(est, registration_year - np.maximum(heaped, 0), year)
    key = ((precision * 10_000 + year) * 100 + month) * 100 + day
    return columns.formatted(key, _format_birth_key)


def _format_birth_key(key: int) -> str:
    precision, rest = divmod(key, 100_000_000)
    year, rest = divmod(rest, 10_000)
    month, day = divmod(rest, 100)
    if precision == apply.EXACT:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if precision == apply.YEAR_MONTH:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _registered_at(regs: Registrations) -> pa.Array:
    day = regs.local_time.astype("datetime64[D]")
    seconds = (regs.local_time - day).astype(np.int64)
    days = columns.formatted(day.astype(np.int64), lambda d: str(np.datetime64(d, "D")))
    times = columns.formatted(seconds, lambda s: f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}")
    offsets = columns.formatted(regs.utc_offset_hours, lambda h: f"{h:+03d}:00")
    return pc.binary_join_element_wise(pc.binary_join_element_wise(days, times, "T"), offsets, "")


def _vulnerability_label(flags: int) -> str:
    return ";".join(v for bit, v in enumerate(VULNERABILITIES) if flags >> bit & 1)


def generate_population(
    people: int,
    seed: int,
    duplicate_rate: float = DEFAULT_DUPLICATE_RATE,
    noise: NoiseRates | None = None,
) -> Population:
    """Generate ``people`` people and their registration records, reproducibly from ``seed``.

    A unit (single adult, child alone, or family) registers again with probability
    ``duplicate_rate``; repeat registrations carry the noise in ``noise`` (defaults if None).
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    if not 0.0 <= duplicate_rate <= 1.0:
        raise ValueError("duplicate_rate must be between 0 and 1")
    rates = noise if noise is not None else NoiseRates()
    rng_people, rng_events, rng_dates, rng_names, rng_other = _rng_streams(seed)
    pop = generate_people(rng_people, people)
    regs = build_registrations(rng_events, pop, duplicate_rate)
    person = regs.person
    rep = np.flatnonzero(regs.repeat)
    rep_person = person[rep]
    rep_country = pop.country[rep_person]

    def rate(kind: str) -> npt.NDArray[np.float64]:
        return apply.rate_per_record(rates, kind, rep_country, COUNTRY_LIST)

    log: list[tuple[IntArray, str]] = []

    # Birth dates: the person's, then edited on repeats.
    first_day = first_registration_day(pop, regs)
    year, month, day, precision = _birth_dates(rng_dates, pop, first_day)
    r_year, r_month, r_day, r_prec = year[person], month[person], day[person], precision[person]
    years_since = (regs.local_time.astype("datetime64[D]") - first_day[person]).astype(np.int64)
    age_now = pop.age[person] + years_since // 365
    y, m, d, p = r_year[rep], r_month[rep], r_day[rep], r_prec[rep]
    log += _shift(apply.date_noise(rng_dates, rate, y, m, d, p, age_now[rep]), rep)
    r_year[rep], r_month[rep], r_day[rep], r_prec[rep] = y, m, d, p
    reg_year = regs.local_time.astype("datetime64[Y]").astype(np.int64) + 1970
    birth_date = _birth_date_strings(rng_dates, r_year, r_month, r_day, r_prec, age_now, reg_year)

    # Names: the person's, then edited on repeats.
    given, s1, s2 = _person_names(pop)
    culture = [names.culture_of(g) for g in names.GROUPS]
    edit = apply.NameNoise(
        rng_names,
        rates,
        rep_country,
        COUNTRY_LIST,
        [culture[c] for c in rep_country.tolist()],
        (_subset(given, rep_person), _subset(s1, rep_person), _subset(s2, rep_person)),
    )
    edit.spelling()
    as_written = columns.join_words(
        columns.gather(given, person, rep, edit.given),
        columns.gather(s1, person, rep, edit.surname1),
        columns.gather(s2, person, rep, edit.surname2),
    )
    edit.placement()
    log += _shift(edit.log, rep)

    sex, language, phone = pop.sex[person], pop.language[person], pop.phone[person]
    rep_sex, rep_language, rep_phone = sex[rep], language[rep], phone[rep]
    log += _shift(
        apply.other_noise(
            rng_other,
            rate,
            rep_country,
            COUNTRY_LIST,
            rep_language,
            LANGUAGE_LIST,
            rep_phone,
            rep_sex,
        ),
        rep,
    )
    sex[rep], language[rep], phone[rep] = rep_sex, rep_language, rep_phone

    n_records = len(person)
    record_id = columns.ids("R", np.arange(1, n_records + 1), 8)
    rel = pop.relationship[person]
    family = regs.family_event
    table = pa.table(
        {
            "record_id": record_id,
            "given_names": columns.gather(given, person, rep, edit.given),
            "first_surname": columns.gather(s1, person, rep, edit.surname1),
            "second_surname": columns.gather(s2, person, rep, edit.surname2),
            "name_as_written": as_written,
            "sex": columns.labels(apply.SEXES, sex),
            "birth_date": birth_date,
            "birth_precision": columns.labels(apply.PRECISIONS, r_prec),
            "nationality": columns.labels(COUNTRY_LIST, pop.country[person]),
            "language": columns.labels(LANGUAGE_LIST, language),
            "phone": pa.array(phone, type=pa.string()),
            "family_id": pc.if_else(pa.array(family >= 0), columns.ids("F", family + 1, 7), ""),
            "relationship": columns.labels(("", *RELATIONSHIPS), rel + 1),
            "unaccompanied_child": pa.array(pop.unit_kind[pop.unit[person]] == UNACCOMPANIED),
            "vulnerabilities": columns.formatted(pop.vulnerabilities[person], _vulnerability_label),
            "registered_at": _registered_at(regs),
            "registration_city": columns.labels(CITY_LIST, regs.city),
        }
    )
    # Person ids are a random relabelling so they carry no hint of nationality or family.
    person_label = rng_other.permutation(len(pop)) + 1
    truth = pa.table(
        {"record_id": record_id, "person_id": columns.ids("P", person_label[person], 8)}
    )
    return Population(
        records=_frame(table),
        truth=_frame(truth),
        noise=_noise_frame(log, record_id),
    )


def _shift(log: list[tuple[IntArray, str]], rep: IntArray) -> list[tuple[IntArray, str]]:
    """Map positions within the repeat subset to positions among all records."""
    return [(rep[idx], kind) for idx, kind in log]


def _noise_frame(log: list[tuple[IntArray, str]], record_id: pa.Array) -> pd.DataFrame:
    idx = np.concatenate([np.zeros(0, dtype=np.int64)] + [i for i, _ in log])
    kinds = np.concatenate(
        [np.zeros(0, dtype=np.int64)] + [np.full(len(i), NOISE_KINDS.index(k)) for i, k in log]
    )
    order = np.lexsort((kinds, idx))
    table = pa.table(
        {
            "record_id": record_id.take(pa.array(idx[order])),
            "noise": columns.labels(NOISE_KINDS, kinds[order]),
        }
    )
    return _frame(table)


def _frame(table: pa.Table) -> pd.DataFrame:
    frame: pd.DataFrame = table.to_pandas()
    return frame


def _subset(values: pa.Array, at: IntArray) -> list[str]:
    out: list[str] = values.take(pa.array(at)).to_pylist()
    return out


def generate_records(
    records: int,
    seed: int,
    duplicate_rate: float = DEFAULT_DUPLICATE_RATE,
    noise: NoiseRates | None = None,
) -> Population:
    """Like ``generate_population`` but sized to give about ``records`` records (within ~1%)."""
    people = max(1, round(records / expected_records_per_person(duplicate_rate)))
    return generate_population(people, seed, duplicate_rate, noise)
