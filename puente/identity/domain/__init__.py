"""Pure identity rules: name and date normalisation, clustering, review decisions, merge history."""
