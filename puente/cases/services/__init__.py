"""Case use cases, written against the storage ports in ``ports``."""
