"""The prior as the population grows: a population up to the reference size keeps its estimate;
above it the estimate is scaled by (N / reference) ** PRIOR_SIZE_EXPONENT, so a larger population
needs stronger evidence for the same probability (its namesakes grow with it)."""

from __future__ import annotations

import pytest

from puente.identity.adapters.splink_linker import (
    PRIOR_SIZE_EXPONENT,
    REFERENCE_RECORDS,
    prior_for_size,
)


def _probability(prior: float, bayes_factor: float) -> float:
    odds = prior / (1 - prior) * bayes_factor
    return odds / (1 + odds)


def test_a_population_up_to_the_reference_size_keeps_its_own_prior() -> None:
    assert prior_for_size(1e-3, 500) == 1e-3
    assert prior_for_size(4.5e-6, REFERENCE_RECORDS) == 4.5e-6


@pytest.mark.parametrize("records", [400_000, 1_000_000, 5_000_000])
def test_above_it_the_estimate_is_scaled_by_the_size_exponent(records: int) -> None:
    # Each person has the same number of records at any size, so the estimated prior falls as 1/N.
    matches_per_record = 0.91
    at_reference = matches_per_record / REFERENCE_RECORDS
    estimated = matches_per_record / records
    scaled = prior_for_size(estimated, records)
    assert scaled == pytest.approx(estimated * (records / REFERENCE_RECORDS) ** PRIOR_SIZE_EXPONENT)
    # The same evidence never scores higher in the larger population than at the reference size.
    bayes_factor = 2.0**20
    assert _probability(scaled, bayes_factor) < _probability(at_reference, bayes_factor)


def test_the_prior_never_exceeds_one() -> None:
    assert prior_for_size(1.0, 100 * REFERENCE_RECORDS) <= 1.0
    assert prior_for_size(0.5, REFERENCE_RECORDS // 2) == 0.5
