"""Access adapters: storage, key configuration and commands."""
