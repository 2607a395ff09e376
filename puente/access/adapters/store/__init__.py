"""SQL storage of organisations, users, credentials, agreements, consent, keys and the audit log."""
