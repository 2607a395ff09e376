"""Unit tests of the entry context: domain, use cases with fakes, CLI and simulation."""
