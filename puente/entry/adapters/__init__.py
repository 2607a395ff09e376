"""Entry adapters: files and the command line (storage and HTTP wait for the access context)."""
