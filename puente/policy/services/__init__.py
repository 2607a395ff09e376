"""Policy use cases: explain a situation, replay encounters under another table."""
