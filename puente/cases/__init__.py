"""Asylum cases: encounters, the case pathway, hearings, deadlines, representation and notes."""
