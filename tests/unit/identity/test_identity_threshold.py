"""The threshold keeps its meaning as the population grows: the prior is stated for a reference
population, so the same evidence scores the same at 200 k and at a million records."""

from __future__ import annotations

import pytest

from puente.identity.adapters.splink_linker import REFERENCE_RECORDS, reference_prior


def _probability(prior: float, bayes_factor: float) -> float:
    odds = prior / (1 - prior) * bayes_factor
    return odds / (1 + odds)


def test_a_population_up_to_the_reference_size_keeps_its_own_prior() -> None:
    assert reference_prior(1e-3, 500) == 1e-3
    assert reference_prior(4.5e-6, REFERENCE_RECORDS) == 4.5e-6


@pytest.mark.parametrize("records", [400_000, 1_000_000, 5_000_000])
def test_above_it_the_same_evidence_scores_as_at_the_reference_size(records: int) -> None:
    # Each person has the same number of records at any size, so the estimated prior falls as 1/N.
    matches_per_record = 0.91
    at_reference = matches_per_record / REFERENCE_RECORDS
    estimated = matches_per_record / records
    scaled = reference_prior(estimated, records)
    assert scaled == pytest.approx(at_reference)
    bayes_factor = 2.0**20
    assert _probability(scaled, bayes_factor) == pytest.approx(
        _probability(at_reference, bayes_factor)
    )
    assert _probability(estimated, bayes_factor) < 0.8 < _probability(scaled, bayes_factor)


def test_the_prior_never_exceeds_one() -> None:
    assert reference_prior(0.5, 100 * REFERENCE_RECORDS) == 1.0
