"""Entry use cases over a unit of work: requests, the daily run, the appointment lifecycle."""
