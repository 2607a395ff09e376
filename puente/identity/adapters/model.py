"""The Splink model: comparisons and blocking rules over the normalised keys, for DuckDB or Spark.

Settings are built per SQL dialect, so the same model runs on either backend; only the two array
functions differ by name between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

from puente.identity.domain.dates import ESTIMATE_TOLERANCE_YEARS, DateAgreement

Dialect = Literal["duckdb", "spark"]

_OVERLAP = {"duckdb": "list_has_any", "spark": "arrays_overlap"}

# The comparisons each derived blocking key is made from: a training pass blocked on such a key
# must not train these comparisons, even though Splink only sees the key's own column name.
KEY_SOURCES: Mapping[str, frozenset[str]] = {
    "name_pair_key": frozenset({"given_name", "surname"}),
    "phonetic_pair_key": frozenset({"given_name", "surname"}),
    "given_key": frozenset({"given_name"}),
    "given_full": frozenset({"given_name"}),
    "surname_key": frozenset({"surname"}),
    "surname_joined": frozenset({"surname"}),
    "dob_digits": frozenset({"birth_date"}),
    "dob_year": frozenset({"birth_date"}),
    "phone": frozenset({"phone"}),
    "nationality": frozenset({"nationality"}),
    "relationship": frozenset({"relationship"}),
    "registration_city": frozenset({"registration_city"}),
}


def _overlap(left: str, right: str, dialect: Dialect) -> str:
    return f"{_OVERLAP[dialect]}({left}, {right})"


def _swapped(dialect: Dialect) -> str:
    return (
        f"{_overlap('given_tokens_l', 'surname_keys_r', dialect)} and "
        f"{_overlap('surname_keys_l', 'given_tokens_r', dialect)}"
    )


def _exact_scoped(column: str, label: str) -> Any:
    """Exact agreement, weighted by how common the value is among people of that nationality
    (the ``<column>_nat`` lookup), not in the whole population."""
    # The base for the adjustment is this level's own u (agreement between any two people), so
    # the adjusted weight is log2(m / tf within nationality); the nationality comparison then adds
    # the chance of two people sharing a nationality, without counting it twice.
    return cll.ExactMatchLevel(column).configure(
        tf_adjustment_column=f"{column}_nat",
        tf_adjustment_weight=1.0,
        disable_tf_exact_match_detection=True,
        label_for_charts=label,
    )


def _given_name(dialect: Dialect) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given_full"),
            _exact_scoped("given_full", "all given names agree (after nicknames)"),
            _exact_scoped("given_key", "first given name agrees"),
            cll.CustomLevel(
                _overlap("given_tokens_l", "given_tokens_r", dialect), "a given name is shared"
            ),
            cll.CustomLevel(
                _overlap("given_phonetic_l", "given_phonetic_r", dialect), "given names sound alike"
            ),
            cll.JaroWinklerLevel("given_key", 0.88).configure(
                label_for_charts="first given name nearly agrees (typing slip)"
            ),
            cll.CustomLevel(_swapped(dialect), "given name and surname swapped"),
            cll.ElseLevel(),
        ],
    )


def _surname(dialect: Dialect) -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname_joined"),
            _exact_scoped("surname_joined", "surnames agree (also when run together)"),
            cll.ExactMatchLevel("surname_sorted").configure(
                label_for_charts="same surnames in the other order"
            ),
            _exact_scoped("surname_key", "first surname agrees, second differs or dropped"),
            cll.CustomLevel(
                _overlap("surname_keys_l", "surname_keys_r", dialect), "one surname is shared"
            ),
            cll.CustomLevel(
                _overlap("surname_phonetic_l", "surname_phonetic_r", dialect),
                "surnames sound alike",
            ),
            cll.JaroWinklerLevel("surname_joined", 0.9).configure(
                label_for_charts="surnames nearly agree (typing slip)"
            ),
            # No swapped level here: the given-name comparison already counts that evidence,
            # and counting it twice made swapped strangers look like one person.
            cll.ElseLevel(),
        ],
    )


_BOTH_EXACT = "dob_digits_l is not null and dob_digits_r is not null"
_PARTIAL = "(dob_digits_l is null or dob_digits_r is null)"
_ESTIMATED = "(dob_precision_l = 'estimated_age' or dob_precision_r = 'estimated_age')"
_COARSE = (
    "dob_precision_l in ('year', 'estimated_age') or dob_precision_r in ('year', 'estimated_age')"
)

# One SQL condition per domain agreement level, in the domain's order (tests check they agree).
DATE_LEVEL_SQL: Mapping[DateAgreement, str] = {
    DateAgreement.EXACT: "dob_digits_l = dob_digits_r",
    DateAgreement.DAY_MONTH_SWAPPED: (
        f"{_BOTH_EXACT} and dob_year_l = dob_year_r"
        " and dob_month_l = dob_day_r and dob_day_l = dob_month_r"
    ),
    DateAgreement.SAME_YEAR_MONTH: (
        f"{_PARTIAL} and dob_year_l = dob_year_r and dob_month_l = dob_month_r"
    ),
    DateAgreement.SAME_YEAR_PARTIAL: (f"{_PARTIAL} and dob_year_l = dob_year_r and ({_COARSE})"),
    DateAgreement.NEAR_ESTIMATE: (
        f"{_ESTIMATED} and abs(dob_year_l - dob_year_r) <= {ESTIMATE_TOLERANCE_YEARS}"
    ),
    DateAgreement.SAME_YEAR: "dob_year_l = dob_year_r",
}


def _birth_date() -> ComparisonCreator:
    levels: list[Any] = [cll.NullLevel("dob_year")]
    for agreement in DateAgreement:
        if agreement is DateAgreement.DIFFERENT:
            levels.append(cll.ElseLevel())
        elif agreement is DateAgreement.ONE_DIGIT_OFF:
            # One substitution in YYYYMMDD; Splink's Levenshtein level exists on every backend.
            levels.append(
                cll.And(
                    cll.CustomLevel(_BOTH_EXACT), cll.LevenshteinLevel("dob_digits", 1)
                ).configure(label_for_charts=agreement.value)
            )
        else:
            levels.append(cll.CustomLevel(DATE_LEVEL_SQL[agreement], agreement.value))
    return cl.CustomComparison(output_column_name="birth_date", comparison_levels=levels)


def comparisons(dialect: Dialect) -> list[ComparisonCreator]:
    return [
        _given_name(dialect),
        _surname(dialect),
        _birth_date(),
        cl.ExactMatch("sex"),
        cl.ExactMatch("nationality"),
        cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
        cl.ExactMatch("relationship"),
        cl.ExactMatch("registration_city"),
    ]


# Candidate pairs: any one rule suffices. Each pairs a name key with a date key (or phone), so a
# pair survives noise in the name or the date, and blocks stay small at a million records.
PREDICTION_BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    # The phonetic pair key agrees wherever the plain one does, so a plain-key rule adds nothing.
    # No rule is scoped by nationality: a blank or differently recorded nationality (dual
    # nationals, undocumented arrivals) must not hide a person from their other records.
    ("phonetic_pair_key", "dob_year"),
    ("surname_key", "dob_digits"),
    ("given_key", "dob_digits"),
    ("name_pair_key", "dob_month", "dob_day"),
    # An age given instead of a date moves the year: the full name alone, which is rarely shared.
    ("given_full", "surname_joined"),
    ("phone", "given_key"),
    ("phone", "dob_year"),
)


def blocking_rules(keys: tuple[tuple[str, ...], ...]) -> list[BlockingRuleCreator]:
    return [block_on(*columns) for columns in keys]


def settings(dialect: Dialect) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(dialect),  # type: ignore[arg-type]
        blocking_rules_to_generate_predictions=blocking_rules(PREDICTION_BLOCKING_KEYS),  # type: ignore[arg-type]
        # Both are needed to explain a match: the level each comparison fell in, and its weight.
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        max_iterations=20,
    )
