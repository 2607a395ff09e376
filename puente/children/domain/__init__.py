"""Pure children domain: custody record and clock, placement optimiser, sponsor release; no I/O."""
