"""Pure registry rules: names, dates of birth, contacts, families and registrations."""
