"""Unaccompanied children: custody records, the 72-hour clock, placement, sponsors and release."""
