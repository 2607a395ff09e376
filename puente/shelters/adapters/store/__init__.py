"""The shelters' SQL store: tables, repository, unit of work."""
