"""Pure access rules: who may see which fields of which records, and the audit chain."""
