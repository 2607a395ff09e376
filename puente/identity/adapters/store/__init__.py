"""Identity storage: clusters, candidate pairs, review decisions and the merge history."""
