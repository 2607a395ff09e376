"""Shelter use cases over a unit of work: check-in, check-out, over-capacity overrides."""
