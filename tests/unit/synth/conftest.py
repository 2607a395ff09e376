"""Small synthetic populations shared by the synth unit tests (generated once per session)."""

from __future__ import annotations

import pandas as pd
import pytest

from puente.synth import Population, generate_population


@pytest.fixture(scope="session")
def population() -> Population:
    return generate_population(4000, seed=11)


@pytest.fixture(scope="session")
def noisy() -> Population:
    """Everyone registers again, so there are many repeat records to measure noise rates on."""
    return generate_population(12000, seed=5, duplicate_rate=1.0)


@pytest.fixture(scope="session")
def joined(population: Population) -> pd.DataFrame:
    return population.records.merge(population.truth, on="record_id", validate="one_to_one")
