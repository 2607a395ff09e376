"""Dated policy: which rules applied to an encounter on a date, and why, with citations."""
