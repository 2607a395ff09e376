"""Identity use cases: batch linkage, incremental candidate search, evaluation."""
