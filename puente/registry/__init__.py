"""Registry: people, family groups and registrations, with their names kept as written."""
