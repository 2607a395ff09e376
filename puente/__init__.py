"""Puente: orderly and humane processing of asylum seekers at the US–Mexico border."""
