"""Shelters: Mexican albergues and ORR care providers, their beds, occupancy and overrides."""
