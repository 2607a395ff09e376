"""The cases context's SQL storage."""
