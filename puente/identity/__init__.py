"""Identity resolution: which records belong to one person, kept reversible and explained."""
