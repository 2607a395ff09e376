"""Applying noise to the repeat registrations: names (per record), dates, phones, sex, language.

Each function edits arrays for the repeat records in place and returns the log of what changed as
``(record positions, kind)`` pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from random import Random

import numpy as np
import numpy.typing as npt

from puente.synth import noise as nz
from puente.synth.demography import MAYAN_LANGUAGES
from puente.synth.phones import random_phones

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.object_]
Log = list[tuple[IntArray, str]]

EXACT, YEAR_MONTH, YEAR, ESTIMATED_AGE = range(4)
PRECISIONS = ("exact", "year_month", "year", "estimated_age")
SEXES = ("female", "male", "unspecified")
UNSPECIFIED = 2


def rate_per_record(
    rates: nz.NoiseRates, kind: str, country: IntArray, country_list: tuple[str, ...]
) -> npt.NDArray[np.float64]:
    by_country = np.array([rates.rate(kind, c) for c in country_list])
    out: npt.NDArray[np.float64] = by_country[country]
    return out


class NameNoise:
    """Name fields of the repeat records as Python lists, edited kind by kind."""

    def __init__(
        self,
        rng: np.random.Generator,
        rates: nz.NoiseRates,
        country: IntArray,
        country_list: tuple[str, ...],
        culture: list[str],
        fields: tuple[list[str], list[str], list[str]],
    ) -> None:
        self.rng = rng
        # Per-record edits draw from Python's generator: numpy's scalar calls are too slow here.
        self.rnd = Random(int(rng.integers(2**63)))
        self.rates = rates
        self.country = country
        self.country_list = country_list
        self.culture = culture
        self.given, self.surname1, self.surname2 = fields
        self.log: Log = []

    def _chosen(self, kind: str) -> list[int]:
        rate = rate_per_record(self.rates, kind, self.country, self.country_list)
        picked: list[int] = np.flatnonzero(self.rng.random(len(self.country)) < rate).tolist()
        return picked

    def _record(self, kind: str, changed: list[int]) -> None:
        if changed:
            self.log.append((np.array(changed, dtype=np.int64), kind))

    def _edit_one_field(
        self, kind: str, edit: Callable[[str, Random], str], needs: str = ""
    ) -> None:
        """Edit one non-empty field (containing ``needs``) of each record chosen for ``kind``."""
        changed = []
        lists = (self.given, self.surname1, self.surname2)
        chosen = self._chosen(kind)
        if needs:
            chosen = [
                i for i in chosen if needs in self.given[i] + self.surname1[i] + self.surname2[i]
            ]
        for i in chosen:
            options = [f for f in lists if needs in f[i]] if needs else [f for f in lists if f[i]]
            if not options:
                continue
            field = self.rnd.choice(options)
            new = edit(field[i], self.rnd)
            if new != field[i]:
                field[i] = new
                changed.append(i)
        self._record(kind, changed)

    def _edit_all_fields(self, kind: str, edit: Callable[[str], str]) -> None:
        changed = set()
        for i in self._chosen(kind):
            for f in (self.given, self.surname1, self.surname2):
                new = edit(f[i])
                if new != f[i]:
                    f[i] = new
                    changed.add(i)
        self._record(kind, sorted(changed))

    def spelling(self) -> None:
        """Edits the person makes or the clerk hears: these show in ``name_as_written`` too."""
        rnd = self.rnd
        nicknamed = set()
        for i in self._chosen("nickname"):
            options = nz.nickname_for(self.given[i], self.culture[i])
            if options:
                self.given[i] = rnd.choice(options)
                nicknamed.add(i)
        self._record("nickname", sorted(nicknamed))
        shortened = []
        for i in self._chosen("given_name_shortened"):
            if i not in nicknamed and " " in self.given[i]:
                self.given[i] = self.given[i].split(" ")[0]
                shortened.append(i)
        self._record("given_name_shortened", shortened)
        dropped = []
        for i in self._chosen("second_surname_dropped"):
            if self.surname2[i]:
                self.surname2[i] = ""
                dropped.append(i)
        self._record("second_surname_dropped", dropped)

        haiti = self.country_list.index("HT")
        creole = []
        for i in self._chosen("creole_alternation"):
            if self.country[i] != haiti:
                continue
            candidates = [f for f in (self.given, self.surname1) if nz.has_creole_token(f[i])]
            if candidates:
                field = rnd.choice(candidates)
                field[i] = nz.creole_variant(field[i], rnd)
                creole.append(i)
        self._record("creole_alternation", creole)
        self._edit_one_field("hyphen_variation", nz.hyphen_variant, needs="-")
        self._edit_one_field("phonetic_spelling", nz.phonetic_respelling)
        self._edit_one_field("typo", nz.typo)
        self._edit_all_fields("accent_dropped", nz.strip_accents)
        changed = []
        for i in self._chosen("case_changed"):
            change = str.upper if rnd.random() < 0.75 else str.lower
            for f in (self.given, self.surname1, self.surname2):
                f[i] = change(f[i])
            changed.append(i)
        self._record("case_changed", changed)

    def placement(self) -> None:
        """Edits in which field a name lands: these do not change ``name_as_written``."""
        swapped = []
        for i in self._chosen("surnames_swapped"):
            if self.surname2[i]:
                self.surname1[i], self.surname2[i] = self.surname2[i], self.surname1[i]
                swapped.append(i)
        self._record("surnames_swapped", swapped)
        merged = []
        for i in self._chosen("surnames_merged"):
            if self.surname2[i]:
                self.surname1[i] = (self.surname1[i] + self.surname2[i]).replace(" ", "")
                self.surname2[i] = ""
                merged.append(i)
        self._record("surnames_merged", merged)
        crossed = []
        for i in self._chosen("given_surname_swapped"):
            self.given[i], self.surname1[i] = self.surname1[i], self.given[i]
            crossed.append(i)
        self._record("given_surname_swapped", crossed)


def _days_in_month(year: IntArray, month: IntArray) -> IntArray:
    start = (year - 1970) * 12 + (month - 1)
    first = start.astype("datetime64[M]").astype("datetime64[D]")
    following = (start + 1).astype("datetime64[M]").astype("datetime64[D]")
    out: IntArray = (following - first).astype(np.int64)
    return out


def _digit_step(value: IntArray, rng: np.random.Generator) -> IntArray:
    """±1 on the last digit without carrying into the next one (9 goes down, 0 goes up)."""
    step = np.where(rng.random(len(value)) < 0.5, -1, 1)
    last = value % 10
    step = np.where(last == 9, -1, np.where(last == 0, 1, step))
    out: IntArray = value + step
    return out


def date_noise(
    rng: np.random.Generator,
    rate: Callable[[str], npt.NDArray[np.float64]],
    year: IntArray,
    month: IntArray,
    day: IntArray,
    precision: IntArray,
    age: IntArray,
) -> Log:
    """Edit the repeat records' birth dates in place; ``rate(kind)`` gives per-record rates.

    Only people aged 15 or more give an estimated age instead of a date.
    """
    n = len(year)
    log: Log = []
    exact = precision == EXACT
    swap = exact & (day <= 12) & (day != month) & (rng.random(n) < rate("day_month_swapped"))
    month[swap], day[swap] = day[swap], month[swap]
    log.append((np.flatnonzero(swap), "day_month_swapped"))

    off = (precision <= YEAR_MONTH) & (rng.random(n) < rate("date_digit_off"))
    part = np.where(exact, rng.integers(0, 3, size=n), rng.integers(1, 3, size=n))
    on_day, on_month, on_year = off & (part == 0), off & (part == 1), off & (part == 2)
    new_day = _digit_step(day, rng)
    bad = (new_day < 1) | (new_day > _days_in_month(year, month))
    day[on_day] = np.where(bad, day - (new_day - day), new_day)[on_day]
    new_month = _digit_step(month, rng)
    new_month = np.where((new_month < 1) | (new_month > 12), month - (new_month - month), new_month)
    month[on_month] = new_month[on_month]
    year[on_year] = _digit_step(year, rng)[on_year]
    day[:] = np.minimum(day, _days_in_month(year, month))
    log.append((np.flatnonzero(off), "date_digit_off"))

    # At most one loss of precision per record, and only from an exact date.
    u = rng.random(n)
    est = rate("estimated_age")
    yr = est + rate("year_only")
    ym = yr + rate("day_dropped")
    for kind, lo, hi, code in (
        ("estimated_age", 0.0, est, ESTIMATED_AGE),
        ("year_only", est, yr, YEAR),
        ("day_dropped", yr, ym, YEAR_MONTH),
    ):
        hit = exact & (u >= lo) & (u < hi) & ((code != ESTIMATED_AGE) | (age >= 15))
        precision[hit] = code
        log.append((np.flatnonzero(hit), kind))
    return log


def other_noise(
    rng: np.random.Generator,
    rate: Callable[[str], npt.NDArray[np.float64]],
    country: IntArray,
    country_list: tuple[str, ...],
    language: IntArray,
    language_list: tuple[str, ...],
    phone: StrArray,
    sex: IntArray,
) -> Log:
    """Phone, sex (code 2 = unspecified) and language (codes) edits on the repeat records."""
    n = len(phone)
    log: Log = []
    u = rng.random(n)
    missing = (phone != "") & (u < rate("phone_missing"))
    changed = ~missing & (u >= 1.0 - rate("phone_changed"))
    phone[missing] = ""
    phone[changed] = random_phones(
        rng, country[changed], country_list, home_share=0.15, us_share=0.05
    )
    log += [(np.flatnonzero(missing), "phone_missing"), (np.flatnonzero(changed), "phone_changed")]

    unspecified = (sex != UNSPECIFIED) & (rng.random(n) < rate("sex_unspecified"))
    sex[unspecified] = UNSPECIFIED
    log.append((np.flatnonzero(unspecified), "sex_unspecified"))

    # A clerk records the language the conversation happened in, not the person's first one.
    code = {name: i for i, name in enumerate(language_list)}
    indigenous = [code[c] for c in (*MAYAN_LANGUAGES, "cab", "qug", "quz", "quh")]
    haitian = country == country_list.index("HT")
    new = np.where(
        np.isin(language, indigenous),
        code["spa"],
        np.where(
            language == code["hat"],
            code["fra"],
            np.where((language == code["fra"]) & haitian, code["hat"], code["eng"]),
        ),
    )
    relabel = (
        (language != code["spa"]) & (new != language) & (rng.random(n) < rate("language_changed"))
    )
    language[relabel] = new[relabel]
    log.append((np.flatnonzero(relabel), "language_changed"))
    return log
