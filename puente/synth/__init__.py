"""Synthetic asylum-seeker registrations with ground truth, for identity-resolution work.

Seeded and reproducible; see ``puente.synth.export`` for the file contract and docs/synth.md.
"""

from puente.synth.export import read_population, write_population
from puente.synth.noise import NOISE_KINDS, NoiseRates
from puente.synth.population import Population, generate_population, generate_records

__all__ = [
    "NOISE_KINDS",
    "NoiseRates",
    "Population",
    "generate_population",
    "generate_records",
    "read_population",
    "write_population",
]
