"""Shared kernel: errors, time, identifiers and storage plumbing used by every context."""
