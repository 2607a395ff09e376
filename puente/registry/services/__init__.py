"""Registry use cases: register, correct and look up people and families, idempotently."""
