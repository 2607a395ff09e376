"""Access use cases: log in, sessions and tokens, agreements, consent, audit, keys."""
