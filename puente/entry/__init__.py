"""Orderly entry: ports and their capacity, entry requests, daily allocation and appointments."""
