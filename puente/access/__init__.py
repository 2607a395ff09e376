"""Access: organisations, roles, sharing, consent, credentials, encryption and the audit log."""
